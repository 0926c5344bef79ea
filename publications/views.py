"""Pages of the publications: public books and certificate verification, the recipients' list of
certificates, and the secretariat's page per edition (books with live progress, certificates)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from competitions.models import Edition
from publications import permissions, selectors, services
from publications.forms import BookForm, RevokeForm, VerifyForm
from publications.models import Book, Certificate, normalise_code
from showcase.models import PublicProfile


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Published books; for the secretariat, the editions whose publications they manage."""
    books = Book.objects.public().select_related("edition").order_by("-edition__year", "title", "pk")
    managed = Edition.objects.managed_by(request.user).order_by("-year", "name")
    return render(
        request,
        "publications/index.html",
        {
            "books": books,
            "managed": managed,
            "verify_form": VerifyForm(),
        },
    )


# --- The secretariat's page ----------------------------------------------------------------------


@login_required
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    books = list(Book.objects.filter(edition=edition).select_related("requested_by").order_by("pk"))
    tiers = selectors.awarded_tiers(edition)
    printable = PublicProfile.objects.filter(innovation_id__in=tiers, status__in=selectors.PRINTABLE).count()
    certificates = list(
        Certificate.objects.filter(edition=edition)
        .select_related("innovation", "user")
        .order_by("kind", "recipient_name", "tier", "pk")
    )
    return render(
        request,
        "publications/manage.html",
        {
            "edition": edition,
            "books": books,
            "awarded": len(tiers),
            "printable": printable,
            "results_public": selectors.results_are_public(edition),
            "certificates": certificates,
            "certificate_counts": _certificate_counts(certificates),
        },
    )


def _certificate_counts(certificates: list[Certificate]) -> dict:
    valid = [certificate for certificate in certificates if not certificate.is_revoked]
    made = sum(1 for certificate in valid if certificate.file)
    return {"total": len(certificates), "valid": len(valid), "made": made, "pending": len(valid) - made}


@login_required
@require_http_methods(["GET", "POST"])
def book_create(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    initial = {
        "title": f"Top 99 Inovasi Pelayanan Publik {edition.year}",
        "title_en": f"Top 99 Public Service Innovations {edition.year}",
    }
    form = BookForm(request.POST or None, instance=Book(edition=edition), initial=initial)
    if request.method == "POST" and form.is_valid() and _saved(form, request):
        messages.success(request, _("The book was created. Generate it when the profiles are approved."))
        return redirect("publications:manage", slug=edition.slug)
    return render(request, "publications/book_form.html", {"edition": edition, "form": form, "book": None})


@login_required
@require_http_methods(["GET", "POST"])
def book_edit(request: HttpRequest, pk: int) -> HttpResponse:
    book = permissions.book_for_secretariat(request.user, pk)
    form = BookForm(request.POST or None, instance=book)
    if request.method == "POST" and form.is_valid() and _saved(form, request):
        messages.success(request, _("The book was saved. Regenerate it to update the PDF."))
        return redirect("publications:manage", slug=book.edition.slug)
    return render(request, "publications/book_form.html", {"edition": book.edition, "form": form, "book": book})


def _saved(form: BookForm, request: HttpRequest) -> bool:
    try:
        services.save_book(book=form.save(commit=False), by=request.user)
    except ValidationError as error:
        _add_errors(form, error)
        return False
    return True


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_of_field in error.message_dict.items():
            for message in messages_of_field:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_POST
def book_generate(request: HttpRequest, pk: int) -> HttpResponse:
    book = permissions.book_for_secretariat(request.user, pk)
    if services.request_book_build(book=book, by=request.user):
        messages.success(request, _("The book is being generated. This page shows the progress."))
    else:
        messages.info(request, _("This book is already being generated."))
    return redirect("publications:manage", slug=book.edition.slug)


@login_required
@require_GET
def book_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The book's card, polled every 2 seconds by htmx while the book is being generated."""
    book = permissions.book_for_secretariat(request.user, pk)
    return render(request, "publications/partials/book.html", {"book": book, "edition": book.edition})


@require_GET
def book_download(request: HttpRequest, pk: int) -> FileResponse:
    book = permissions.book_for_download(request.user, pk)
    name = slugify(book.title)[:80] or f"book-{book.pk}"
    response = _serve(book.file, filename=f"{name}.pdf")
    response["ETag"] = f'"{book.sha256}"'
    if not book.is_public_download:
        patch_cache_control(response, private=True, no_cache=True)
    return response


# --- Certificates --------------------------------------------------------------------------------


@login_required
@require_POST
def certificates_generate(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    regenerate = request.POST.get("regenerate") == "1"
    try:
        count = services.request_certificates(edition=edition, by=request.user, regenerate=regenerate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d certificate; the PDFs are being made.",
                "%(count)d certificates; the PDFs are being made.",
                count,
            )
            % {"count": count},
        )
    return redirect("publications:manage", slug=edition.slug)


@login_required
@require_GET
def certificates_status(request: HttpRequest, slug: str) -> HttpResponse:
    """How many certificate PDFs are made, polled by htmx while some are missing."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    certificates = list(Certificate.objects.filter(edition=edition).only("pk", "file", "revoked_at"))
    return render(
        request,
        "publications/partials/certificate_counts.html",
        {"edition": edition, "certificate_counts": _certificate_counts(certificates)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = permissions.certificate_for_secretariat(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The certificate %(code)s was revoked.") % {"code": certificate.display_code})
            return redirect("publications:manage", slug=certificate.edition.slug)
    return render(request, "publications/revoke.html", {"certificate": certificate, "form": form})


@login_required
@require_GET
def certificate_download(request: HttpRequest, pk: int) -> FileResponse:
    certificate = permissions.certificate_for_download(request.user, pk)
    response = _serve(certificate.file, filename=f"sertifikat-{certificate.code}.pdf")
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    certificates = (
        Certificate.objects.held_by(request.user)
        .select_related("edition")
        .order_by("-edition__year", "kind", "innovation_title", "tier", "pk")
    )
    return render(request, "publications/my_certificates.html", {"certificates": certificates})


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The form where a person types the code printed on a certificate."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if Certificate.objects.filter(code=code).exists():
            return redirect("publications:verify", code=code)
        form.add_error("code", _("No certificate has this code. Check the characters and try again."))
    return render(request, "publications/verify_lookup.html", {"form": form})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public verification page the QR code opens: what was awarded, to whom, and whether revoked."""
    if normalise_code(code) != code:
        return redirect("publications:verify", code=normalise_code(code))
    certificate = permissions.certificate_for_verification(code)
    profile = None
    if certificate.innovation_id:
        profile = PublicProfile.objects.published().filter(innovation_id=certificate.innovation_id).first()
    return render(request, "publications/verify.html", {"certificate": certificate, "profile": profile})


def _serve(stored, *, filename: str) -> FileResponse:
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
