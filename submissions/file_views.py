"""Views for a proposal's files: the attachment panel, upload, replace, delete, download, and the PDF.

Files are private: they are served here after proposal_for_viewer, never from MEDIA_URL. Every
mutation is a POST by a writer of the proposal (the secretariat reads but never writes: 403). With
htmx the panel partial comes back re-rendered (422 with the reason beside the form when refused);
without JavaScript the form posts normally and the writer is sent back to the editor with a message.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from competitions.models import AttachmentType, FormSection
from submissions import attachments, pdf, permissions, services
from submissions.models import Attachment, Proposal

# Shown in the browser (photos, PDFs); anything else is always downloaded.
INLINE_TYPES = {"image/jpeg", "image/png", "application/pdf"}


def _can_edit(user, proposal: Proposal) -> bool:
    return (
        proposal.is_editable_state
        and permissions.is_writer_of(user, proposal)
        and services.is_entry_open_for(edition=proposal.edition, agency=proposal.innovation.agency)
    )


def _panel(request: HttpRequest, proposal: Proposal) -> attachments.Panel:
    return attachments.attachment_panel(proposal=proposal, can_edit=_can_edit(request.user, proposal))


@login_required
@require_GET
def attachment_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The attachments of a proposal: the panel partial for htmx, a page of its own otherwise."""
    proposal = permissions.proposal_for_viewer(request.user, pk)
    panel = _panel(request, proposal)
    template = "submissions/attachments/panel_body.html" if request.htmx else "submissions/attachments/page.html"
    return render(request, template, {"proposal": proposal, "attachment_panel": panel})


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int, type_pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    kind = get_object_or_404(AttachmentType, pk=type_pk, edition_id=proposal.edition_id)
    return _act(
        request,
        proposal,
        kind,
        lambda upload: (
            attachments.add_attachment(
                proposal=proposal, by=request.user, upload=upload, attachment_type=kind
            ).original_name
        ),
        needs_file=True,
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    section = get_object_or_404(FormSection, pk=section_pk, group_id=proposal.group_id)
    return _act(
        request,
        proposal,
        section,
        lambda upload: (
            attachments.add_attachment(proposal=proposal, by=request.user, upload=upload, section=section).original_name
        ),
        needs_file=True,
    )


@login_required
@require_POST
def attachment_replace(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    attachment = _attachment_of(proposal, attachment_pk)
    return _act(
        request,
        proposal,
        attachment.attachment_type or attachment.section,
        lambda upload: (
            attachments.replace_attachment(attachment=attachment, by=request.user, upload=upload).original_name
        ),
        needs_file=True,
        done=_("Replaced: %(name)s."),
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    attachment = _attachment_of(proposal, attachment_pk)

    def delete(_upload) -> str:
        attachments.delete_attachment(attachment=attachment, by=request.user)
        return attachment.original_name

    return _act(
        request,
        proposal,
        attachment.attachment_type or attachment.section,
        delete,
        needs_file=False,
        done=_("Deleted: %(name)s."),
    )


def _attachment_of(proposal: Proposal, attachment_pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("attachment_type", "section"), pk=attachment_pk, proposal=proposal
    )


def _act(
    request: HttpRequest,
    proposal: Proposal,
    target: AttachmentType | FormSection,
    action: Callable[[object], str],
    *,
    needs_file: bool,
    done: str | None = None,
) -> HttpResponse:
    """Run `action` (which returns the file name to report) and answer with the re-rendered panel
    (htmx) or a redirect to the editor."""
    upload = request.FILES.get("file")
    try:
        if needs_file and upload is None:
            raise ValidationError(_("Choose a file first."))
        name = action(upload)
    except ValidationError as error:
        return _answer(request, proposal, target=target, error=" ".join(error.messages))
    message = (done or _("Uploaded: %(name)s.")) % {"name": name}
    return _answer(request, proposal, target=target, message=message)


def _answer(request: HttpRequest, proposal: Proposal, *, target, message: str = "", error: str = "") -> HttpResponse:
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or message)
        return redirect(reverse("submissions:edit", args=[proposal.pk]) + "#attachments")
    panel = _panel(request, proposal)
    panel.message = message
    slot = panel.slot_for(target)
    if error and slot is not None:
        slot.error = error
    elif error:
        panel.message, panel.error = "", error
    context = {"proposal": proposal, "attachment_panel": panel}
    return render(request, "submissions/attachments/panel_body.html", context, status=422 if error else 200)


# --- Downloads -----------------------------------------------------------------------------------


@login_required
@require_GET
def attachment_file(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    proposal = permissions.proposal_for_viewer(request.user, pk)
    attachment = _attachment_of(proposal, attachment_pk)
    return _serve(
        attachment.file,
        content_type=attachment.content_type,
        filename=attachments.download_name(attachment),
    )


@login_required
@require_GET
def attachment_thumbnail(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    proposal = permissions.proposal_for_viewer(request.user, pk)
    attachment = _attachment_of(proposal, attachment_pk)
    if not attachment.thumbnail:
        raise Http404
    return _serve(
        attachment.thumbnail,
        content_type=attachment.content_type,
        filename=attachments.download_name(attachment, suffix="-thumbnail"),
    )


def _serve(stored, *, content_type: str, filename: str) -> FileResponse:
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, content_type=content_type, as_attachment=content_type not in INLINE_TYPES, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Private documents: browsers may keep them, shared caches and proxies may not.
    patch_cache_control(response, private=True, no_cache=True)
    return response


# --- The proposal as a PDF -------------------------------------------------------------------------


@login_required
@require_GET
def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole proposal as an A4 PDF for internal sign-off (with the Admin Lokal's signature block)."""
    proposal = permissions.proposal_for_viewer(request.user, pk)
    content = pdf.render_proposal_pdf(proposal=proposal, printed_by=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, pdf.filename_for(proposal))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response
