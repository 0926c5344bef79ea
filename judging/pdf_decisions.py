"""The PDF letter of a decision batch, rendered by WeasyPrint like the screening letter (judging.pdf):
a plain print template with the screening letter's block-layout stylesheet, never Bootstrap."""

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from judging.models import DecisionBatch
from submissions.models import Proposal


def render_decision_letter(*, batch: DecisionBatch, proposals: list[Proposal], title: str, body: str) -> bytes:
    """The letter as PDF bytes: number, date, text and the numbered list of the decided proposals."""
    html = render_to_string(
        "judging/decisions/letter.html",
        {
            "batch": batch,
            "edition": batch.edition,
            "organiser": batch.edition.organiser,
            "title": title,
            "body": body,
            "rows": proposals,
        },
    )
    stylesheet = CSS(string=render_to_string("judging/pdf/screening_result.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
