"""The PDF letter of the screening result, rendered by WeasyPrint from a plain print template.

The template (judging/templates/judging/pdf/screening_result.html) uses its own block-layout print
stylesheet, never Bootstrap: flex layouts around flowing content make WeasyPrint re-measure every
page (DESIGN.md, known traps).
"""

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from judging.models import ScreeningAnnouncement
from submissions.models import Proposal


def result_letter_html(*, announcement: ScreeningAnnouncement, passed: list[Proposal], title: str, body: str) -> str:
    rows = sorted(
        passed,
        key=lambda proposal: (proposal.group.order, proposal.group_id, proposal.innovation.agency.name, proposal.title),
    )
    return render_to_string(
        "judging/pdf/screening_result.html",
        {
            "announcement": announcement,
            "edition": announcement.edition,
            "organiser": announcement.edition.organiser,
            "title": title,
            "body": body,
            "rows": rows,
        },
    )


def render_result_letter(
    *, announcement: ScreeningAnnouncement, passed: list[Proposal], title: str, body: str
) -> bytes:
    """The letter as PDF bytes: number, date, text and the numbered list of proposals that pass."""
    html = result_letter_html(announcement=announcement, passed=passed, title=title, body=body)
    stylesheet = CSS(string=render_to_string("judging/pdf/screening_result.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
