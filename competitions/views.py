from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from competitions.models import Announcement, EditionDocument
from competitions.permissions import can_download_document, can_manage_edition, get_edition_or_404
from competitions.selectors import edition_cards, edition_page
from competitions.timing import countdown_texts


@require_GET
def edition_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {"cards": edition_cards(user=request.user, now=now), "now": now, "countdown_texts": countdown_texts()}
    return render(request, "competitions/edition_list.html", context)


@require_GET
def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_edition_or_404(request.user, slug)
    page = edition_page(edition=edition, user=request.user, now=timezone.now())
    return render(
        request,
        "competitions/edition_detail.html",
        {"page": page, "edition": edition, "countdown_texts": countdown_texts()},
    )


@require_GET
def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    edition = get_edition_or_404(request.user, slug)
    document = get_object_or_404(EditionDocument.objects.select_related("edition"), pk=pk, edition=edition)
    if not can_download_document(request.user, document):
        raise Http404
    return _attachment(document.file)


@require_GET
def announcement_letter(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    edition = get_edition_or_404(request.user, slug)
    announcement = get_object_or_404(Announcement, pk=pk, edition=edition)
    scheduled = announcement.published_at > timezone.now()
    if not announcement.file or (scheduled and not can_manage_edition(request.user, edition)):
        raise Http404
    return _attachment(announcement.file)


def _attachment(field_file) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])
