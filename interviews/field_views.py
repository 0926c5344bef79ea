"""Pages of the field verification stage: the secretariat's list of visits (plan verifiers and date)
and the verifier's "Verifikasi lapangan" (checklist, notes, photos, sign-off), made for a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from interviews import field_services, permissions, selectors
from interviews.forms import FieldChecklistForm, FieldPlanForm
from interviews.models import FieldVisit

# --- Secretariat -----------------------------------------------------------------------------------


@login_required
def visits(request: HttpRequest, slug: str) -> HttpResponse:
    """Every finalist with its field visit: verifiers, date, status and score."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    return render(
        request,
        "interviews/field_visits.html",
        {
            "edition": edition,
            "rows": selectors.field_visits_of(edition),
            "checklist": list(field_services.checklist(edition)),
        },
    )


@login_required
def plan(request: HttpRequest, slug: str, proposal_pk: int) -> HttpResponse:
    """Assign the verifiers and the date of a finalist's visit (until it is signed off)."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    proposal = get_object_or_404(field_services.finalists(edition).select_related("innovation__agency"), pk=proposal_pk)
    visit = FieldVisit.objects.filter(proposal=proposal).prefetch_related("verifiers").first()
    if visit is not None and visit.is_signed_off:
        messages.error(request, _("The field visit is signed off; it can no longer change."))
        return redirect("interviews:field_visits", slug=edition.slug)
    initial = {"verifiers": list(visit.verifiers.all()), "planned_on": visit.planned_on} if visit else {}
    # Shown next to each name, so the secretariat does not pick someone the service will refuse.
    conflicts = field_services.verifier_conflicts(
        edition, user_ids=field_services.verifier_candidates(edition).values_list("pk", flat=True), proposal=proposal
    )
    form = FieldPlanForm(request.POST or None, edition=edition, conflicts=conflicts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            field_services.plan_visit(
                proposal=proposal,
                verifiers=form.cleaned_data["verifiers"],
                planned_on=form.cleaned_data["planned_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("verifiers", error)
        else:
            messages.success(request, _("Field visit planned."))
            return redirect("interviews:field_visits", slug=edition.slug)
    return render(
        request,
        "interviews/field_plan.html",
        {"edition": edition, "proposal": proposal, "visit": visit, "form": form},
    )


# --- Verifiers -------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Verifikasi lapangan: the visits the user verifies."""
    if not permissions.is_organiser_staff(request.user):
        raise Http404
    return render(request, "interviews/field_mine.html", {"visits": selectors.visits_of_verifier(request.user)})


def _visit_page(request, visit, form=None, status=200) -> HttpResponse:
    items = list(field_services.checklist(visit.edition))
    if form is None:
        met = set(visit.met_items.values_list("pk", flat=True))
        form = FieldChecklistForm(visit=visit, initial={"notes": visit.notes})
    else:
        # Show what the verifier ticked, not what was stored, when the form comes back with an error.
        met = {int(value) for value in form.data.getlist("met_items") if value.isdigit()}
    return render(
        request,
        "interviews/field_visit.html",
        {
            "visit": visit,
            "form": form,
            "items": items,
            "met": met,
            "photos": list(visit.photos.all()),
            "score": visit.score if visit.is_signed_off else field_services.checklist_score(items, met),
            "photo_rules": field_services.PHOTO_RULES,
        },
        status=status,
    )


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """The verifier's form: checklist, notes, a photo; "save as draft" or "sign off" (which asks to confirm)."""
    field_visit = permissions.visit_for_verifier(request.user, pk)
    if request.method != "POST":
        return _visit_page(request, field_visit)
    form = FieldChecklistForm(request.POST, request.FILES, visit=field_visit)
    if not form.is_valid():
        return _visit_page(request, field_visit, form=form, status=400)
    try:
        field_services.save_checklist(
            visit=field_visit,
            met_items=form.cleaned_data["met_items"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        )
        if form.cleaned_data["photo"]:
            field_services.add_photo(visit=field_visit, upload=form.cleaned_data["photo"], by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        field_visit.refresh_from_db()
        return _visit_page(request, field_visit, form=form, status=400)
    if request.POST.get("action") == "sign_off":
        return redirect("interviews:field_sign_off", pk=field_visit.pk)
    messages.success(request, _("Draft saved."))
    return redirect("interviews:field_visit", pk=field_visit.pk)


@login_required
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the sign-off: shows what will be frozen, then signs off on POST."""
    field_visit = permissions.visit_for_verifier(request.user, pk)
    if field_visit.is_signed_off:
        return redirect("interviews:field_visit", pk=field_visit.pk)
    items = list(field_services.checklist(field_visit.edition))
    met = set(field_visit.met_items.values_list("pk", flat=True))
    if request.method == "POST":
        try:
            field_services.sign_off(visit=field_visit, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("interviews:field_visit", pk=field_visit.pk)
        messages.success(request, _("Field visit signed off."))
        return redirect("interviews:field_visit", pk=field_visit.pk)
    return render(
        request,
        "interviews/field_sign_off.html",
        {
            "visit": field_visit,
            "items": items,
            "met": met,
            "photo_count": field_visit.photos.count(),
            "score": field_services.checklist_score(items, met),
        },
    )


@login_required
@require_POST
def remove_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    field_visit = permissions.visit_for_verifier(request.user, pk)
    stored = get_object_or_404(field_visit.photos.all(), pk=photo_pk)
    try:
        field_services.remove_photo(photo=stored, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Photo removed."))
    return redirect("interviews:field_visit", pk=field_visit.pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    """A photo of the visit, for its verifiers and the edition's secretariat."""
    field_visit = permissions.visit_for_reader(request.user, pk)
    stored = get_object_or_404(field_visit.photos.all(), pk=photo_pk)
    try:
        handle = stored.image.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = "image/png" if stored.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response
