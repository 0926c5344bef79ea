"""A proposal as the juror sees it, as an A4 PDF (WeasyPrint), blind in blind rounds.

Rendered from the same ProposalForJury as the scoring page (jury.blind), so the PDF can never
show a name the page hides. Plain block CSS, no Bootstrap: WeasyPrint re-measures flex layouts on
every page (DESIGN.md). No images and no external resources: the fetcher refuses every URL but data: ones.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from jury.blind import ProposalForJury

STYLESHEET = Path(__file__).resolve().parent / "templates" / "jury" / "pdf" / "proposal.css"


def render_proposal_html(*, shown: ProposalForJury, round, criteria) -> str:
    return render_to_string(
        "jury/pdf/proposal.html",
        {"shown": shown, "round": round, "criteria": criteria, "printed_at": timezone.now()},
    )


def render_proposal_pdf(*, shown: ProposalForJury, round, criteria) -> bytes:
    """The PDF bytes of what the juror sees of the proposal, with the rubric. Writes nothing."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = HTML(string=render_proposal_html(shown=shown, round=round, criteria=criteria), url_fetcher=fetcher)
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[stylesheet])
