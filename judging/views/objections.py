"""Uji publik pages (issue 8).

Public: the announced finalists of an edition with a link to object to each while the public
objection stage is open; the objection form (rate-limited); the email confirmation; the outcome log,
public once the stage has closed. Secretariat (404 for anyone else, as in judging.permissions): the
list of objections, one objection with its evidence (served here, never from a media URL), and the
decision. Agencies: the objections concerning their own proposals, without who objected.
"""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from judging import permissions, selectors
from judging.forms_objections import DecideObjectionForm, ObjectionFilterForm, ObjectionForm
from judging.models import Objection
from judging.services import objections as services

# At most this many objection forms sent from one address per window (seconds): enough for a
# person correcting mistakes, too few for a script flooding the secretariat.
RATE_LIMIT = 10
RATE_WINDOW = 3600


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _over_rate_limit(request: HttpRequest) -> bool:
    """Count one objection form sent from the client's address; True once over RATE_LIMIT."""
    # The client's address as login throttling sees it (PROXY_COUNT trusted proxies in front).
    key = f"objection-rate:{get_client_ip_address(request) or ''}"
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


# --- Public ---------------------------------------------------------------------------------------


@require_GET
def finalists(request: HttpRequest, slug: str) -> HttpResponse:
    """The edition's announced finalists, each with "Ajukan keberatan" while the period is open."""
    edition = permissions.edition_for_public(request.user, slug)
    now = timezone.now()
    return render(
        request,
        "judging/objections/finalists.html",
        {
            "edition": edition,
            "stage": services.objection_stage(edition),
            "finalists": selectors.finalists_for_objection(edition=edition, now=now),
            "is_open": services.is_objection_open(edition, now),
            "log_public": services.is_log_public(edition, now),
            "now": now,
        },
    )


@require_http_methods(["GET", "POST"])
def objection_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_public(request.user, slug)
    now = timezone.now()
    proposal = get_object_or_404(
        services.announced_finalists(edition, now).select_related("innovation__agency", "innovation__unit"), pk=pk
    )
    is_open = services.is_objection_open(edition, now)
    context = {"edition": edition, "proposal": proposal, "stage": services.objection_stage(edition), "is_open": is_open}
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("The public objection period is closed: objections are no longer accepted."))
            return render(request, "judging/objections/form.html", context, status=403)
        if _over_rate_limit(request):
            messages.error(
                request, _("Too many objections were sent from your connection. Please try again in an hour.")
            )
            # Keep what was typed, without judging it: nothing was checked.
            form = ObjectionForm(
                initial={name: request.POST.get(name, "") for name in ("name", "email", "contact", "grounds")}
            )
            return render(request, "judging/objections/form.html", {**context, "form": form}, status=429)
        form = ObjectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.file_objection(
                    edition=edition,
                    proposal=proposal,
                    name=data["name"],
                    email=data["email"],
                    contact=data["contact"],
                    grounds=data["grounds"],
                    evidence=data["evidence"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session["objection_email"] = objection.email
                return redirect("judging:objection_sent", slug=edition.slug)
        return render(request, "judging/objections/form.html", {**context, "form": form}, status=400)
    return render(request, "judging/objections/form.html", {**context, "form": ObjectionForm() if is_open else None})


@require_GET
def objection_sent(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_public(request.user, slug)
    return render(
        request,
        "judging/objections/sent.html",
        {"edition": edition, "email": request.session.get("objection_email", "")},
    )


@require_http_methods(["GET", "POST"])
def objection_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: a button confirms (mail scanners that open links confirm nothing)."""
    try:
        objection = services.objection_from_token(token)
    except ValidationError as error:
        return render(request, "judging/objections/confirm.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        services.confirm_objection_email(objection=objection)
        return redirect("judging:objection_confirm", token=token)
    edition = objection.edition
    return render(
        request,
        "judging/objections/confirm.html",
        {"objection": objection, "edition": edition, "stage": services.objection_stage(edition)},
    )


@require_GET
def objection_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The outcome of every received objection, public once the period has closed; no identities."""
    edition = permissions.edition_for_public(request.user, slug)
    log_public = services.is_log_public(edition)
    return render(
        request,
        "judging/objections/log.html",
        {
            "edition": edition,
            "stage": services.objection_stage(edition),
            "log_public": log_public,
            "objections": selectors.objection_log(edition) if log_public else [],
        },
    )


# --- Secretariat ----------------------------------------------------------------------------------


@login_required
@require_GET
def objections(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    form = ObjectionFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return render(
        request,
        "judging/objections/list.html",
        {
            "edition": edition,
            "form": form,
            "objections": selectors.objection_list(edition=edition, status=status),
            "counts": selectors.objection_counts(edition),
            "status": status,
        },
    )


def _detail(request, edition, objection, *, form=None, status=200) -> HttpResponse:
    return render(
        request,
        "judging/objections/detail.html",
        {
            "edition": edition,
            "objection": objection,
            "form": form or (DecideObjectionForm() if objection.status == Objection.Status.RECEIVED else None),
        },
        status=status,
    )


@login_required
@require_GET
def objection(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    return _detail(request, edition, permissions.objection_for_secretariat(request.user, edition, pk))


@login_required
@require_GET
def objection_evidence(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    objection = permissions.objection_for_secretariat(request.user, edition, pk)
    try:
        handle = objection.evidence.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=objection.evidence_type, filename=objection.evidence_name)
    response["X-Content-Type-Options"] = "nosniff"
    # Uploaded by the public: never let it run as a page of the portal.
    response["Content-Security-Policy"] = "sandbox"
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
@require_POST
def objection_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    objection = permissions.objection_for_secretariat(request.user, edition, pk)
    form = DecideObjectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_objection(
                objection=objection,
                accept=data["outcome"] == "accept",
                reason=data["reason"],
                disqualify=data["disqualify"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded; the objector and the agency were told."))
            return redirect("judging:objection", slug=edition.slug, pk=objection.pk)
    return _detail(request, edition, objection, form=form, status=400)


# --- Agencies -------------------------------------------------------------------------------------


@login_required
@require_GET
def agency_objections(request: HttpRequest, slug: str) -> HttpResponse:
    """Objections concerning the user's agency (Admin Lokal) or unit (UPP staff): grounds and outcome."""
    edition = permissions.edition_for_results(request.user, slug)
    return render(
        request,
        "judging/objections/agency.html",
        {"edition": edition, "objections": selectors.agency_objections(user=request.user, edition=edition)},
    )
