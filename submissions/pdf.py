"""A proposal as an A4 PDF for internal sign-off, rendered by WeasyPrint within the request.

A full proposal (eight sections at their word limits, nine attachments with five photos, its
history) makes 8 pages in about 0.8 s of CPU, so it is rendered in the request, not in a task.
The template has its own small print stylesheet with block layout only: WeasyPrint re-measures
flexbox around flowing text on every page, which made a Bootstrap-wrapped book 70 times slower
(DESIGN.md); tables use fixed layout, because measuring every cell for auto layout cost more than
the rest of the render. Photos are the stored thumbnails, embedded as data: URIs; the fetcher
refuses every other URL, so nothing a writer typed can make the renderer read a file or call out
to the network.
"""

import base64
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from competitions.forms_definition import FormDefinition
from submissions import selectors
from submissions.attachments import Slot, attachment_panel
from submissions.models import Attachment, Proposal

STYLESHEET = Path(__file__).resolve().parent / "templates" / "submissions" / "pdf" / "proposal.css"


@dataclass
class PrintedFile:
    attachment: Attachment
    image: str  # a data: URI of the thumbnail, or "" for documents


@dataclass
class PrintedSlot:
    slot: Slot
    files: list[PrintedFile]


def proposal_context(*, proposal: Proposal, printed_by=None) -> dict:
    """Everything the PDF shows, read once (a fixed number of queries whatever the proposal holds)."""
    form = FormDefinition.for_group(proposal.group)
    panel = attachment_panel(proposal=proposal, can_edit=False, form=form)
    events = list(proposal.events.select_related("actor"))
    forwarded = [event for event in events if event.to_status == Proposal.Status.FORWARDED]
    return {
        "proposal": proposal,
        "innovation": proposal.innovation,
        "sdgs": list(proposal.sdgs.all()),
        "identification": list(
            proposal.identification_answers.select_related("question").order_by("question__order", "question__pk")
        ),
        "sections": selectors.sections_of(proposal, form),
        "attachment_slots": [_printed(slot) for slot in panel.types + panel.evidence],
        "events": events,
        # The Admin Lokal who forwarded the proposal signs; before that, a blank line to sign on.
        "signatory": forwarded[-1].actor if forwarded and forwarded[-1].actor else None,
        "printed_at": timezone.now(),
        "printed_by": printed_by,
    }


def _printed(slot: Slot) -> PrintedSlot:
    return PrintedSlot(
        slot=slot, files=[PrintedFile(attachment=file, image=_thumbnail_uri(file)) for file in slot.files]
    )


def _thumbnail_uri(attachment: Attachment) -> str:
    if not (attachment.is_image and attachment.thumbnail):
        return ""
    try:
        with attachment.thumbnail.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    return f"data:{attachment.content_type};base64,{base64.b64encode(data).decode('ascii')}"


def render_proposal_html(*, proposal: Proposal, printed_by=None) -> str:
    return render_to_string("submissions/pdf/proposal.html", proposal_context(proposal=proposal, printed_by=printed_by))


def render_proposal_pdf(*, proposal: Proposal, printed_by=None) -> bytes:
    """The proposal as PDF bytes: identification, sections with word counts, attachments (photos as
    small images), status and history, and the Admin Lokal's signature block. Writes nothing."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = HTML(string=render_proposal_html(proposal=proposal, printed_by=printed_by), url_fetcher=fetcher)
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[stylesheet])


def filename_for(proposal: Proposal) -> str:
    title = slugify(proposal.title)[:60].strip("-") or str(proposal.pk)
    return f"{slugify(_('proposal'))}-{proposal.pk}-{title}.pdf"
