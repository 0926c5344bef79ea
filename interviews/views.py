"""Pages of the presentation and interview stage: the secretariat's slots, placement, attendance and
final ranking; the agency's "Jadwal presentasi"; the panelists' day."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from interviews import permissions, selectors, services
from interviews.forms import AnswerForm, AttendanceForm, FinalScoringForm, MaterialsForm, MoveForm, SlotsForm
from interviews.models import FinalScoring, Interview


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Secretariat -----------------------------------------------------------------------------------


@login_required
def slots(request: HttpRequest, slug: str) -> HttpResponse:
    """Slots per day with their finalists, the bulk-create form and the automatic placement."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    form = SlotsForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_slots(
                edition=edition,
                round=data["round"],
                day=data["day"],
                start=data["start"],
                count=data["count"],
                duration_minutes=data["duration_minutes"],
                gap_minutes=data["gap_minutes"],
                video_link=data["video_link"],
                panelists=list(data["panelists"]) or None,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)d slots created.") % {"count": len(created)})
            return redirect("interviews:slots", slug=edition.slug)
    return render(
        request,
        "interviews/slots.html",
        {
            "edition": edition,
            "days": selectors.slots_by_day(edition),
            "form": form,
            "finalists": services.finalists(edition).count(),
            "unplaced": services.finalists(edition).filter(interview__isnull=True).count(),
            "now": timezone.now(),
            "attendance_form": AttendanceForm(),
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    try:
        report = services.assign_finalists(edition=edition, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("interviews:slots", slug=edition.slug)
    return render(request, "interviews/assign_result.html", {"edition": edition, "report": report})


@login_required
def move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    interview = permissions.interview_for_secretariat(request.user, edition, pk)
    form = MoveForm(request.POST or None, interview=interview)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_interview(interview=interview, to_slot=form.cleaned_data["slot"], by=request.user)
        except ValidationError as error:
            form.add_error("slot", error)
        else:
            messages.success(request, _("The interview was moved and the agency was told."))
            return redirect("interviews:slots", slug=edition.slug)
    return render(request, "interviews/move.html", {"edition": edition, "interview": interview, "form": form})


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    interview = permissions.interview_for_secretariat(request.user, edition, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.set_attendance(interview=interview, attendance=form.cleaned_data["attendance"], by=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Attendance recorded."))
    return redirect("interviews:slots", slug=edition.slug)


def _scoring(edition) -> FinalScoring | None:
    return (
        FinalScoring.objects.select_related("edition", "substance_round__panel", "interview_round__panel")
        .filter(edition=edition)
        .first()
    )


@login_required
def final(request: HttpRequest, slug: str) -> HttpResponse:
    """The final ranking, and the weights and rounds it is computed from."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    scoring = _scoring(edition)
    initial = {}
    if scoring is None:
        substance, interview = selectors.default_rounds(edition)
        initial = {"substance_round": substance, "interview_round": interview}
    form = FinalScoringForm(request.POST or None, instance=scoring, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Final scoring saved."))
        return redirect("interviews:final", slug=edition.slug)
    return render(
        request,
        "interviews/final.html",
        {
            "edition": edition,
            "scoring": scoring,
            "form": form,
            "rows": selectors.final_ranking(scoring) if scoring else [],
        },
    )


@login_required
@require_POST
def draft_winners(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the best N finalists by final score as a draft; the decision is taken on its page."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    scoring = _scoring(edition)
    if scoring is None:
        raise Http404
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        size = 0
    try:
        draft = services.draft_winners(scoring=scoring, size=size, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interviews:final", slug=edition.slug)
    messages.success(request, _("Draft of the %(size)s best finalists saved. Check it, then decide.") % {"size": size})
    return redirect("judging:shortlist", slug=edition.slug, pk=draft.pk)


@login_required
@require_GET
def final_csv(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    scoring = _scoring(edition)
    if scoring is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nilai-akhir-{edition.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    uses_field = scoring.field_weight > 0
    field_header = [_("Field verification (%(weight)s %%)") % {"weight": scoring.field_weight}] if uses_field else []
    writer.writerow(
        [
            _("Rank"),
            _("Proposal"),
            _("Title"),
            _("Agency"),
            _("Substance (%(weight)s %%)") % {"weight": scoring.substance_weight},
            _("Interview (%(weight)s %%)") % {"weight": scoring.interview_weight},
            *field_header,
            _("No-show"),
            _("Final score"),
        ]
    )

    def number(value):
        return "" if value is None else f"{value:.2f}"

    for row in selectors.final_ranking(scoring):
        writer.writerow(
            [
                row.rank or "",
                row.proposal_id,
                row.title,
                row.agency,
                number(row.substance),
                number(row.interview),
                *([number(row.field) if row.field is not None else _("not verified yet")] if uses_field else []),
                _("yes") if row.no_show else "",
                number(row.final),
            ]
        )
    return response


# --- Agency ----------------------------------------------------------------------------------------


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """Jadwal presentasi: every interview of the user's agency or UPP."""
    if not permissions.is_agency_person(request.user):
        raise Http404
    interviews = Interview.objects.for_agency_user(request.user).with_context().order_by("slot__starts_at", "pk")
    return render(request, "interviews/schedule.html", {"interviews": interviews, "now": timezone.now()})


def _interview_page(request, interview, *, materials_form=None, status=200) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "interviews/interview.html",
        {
            "interview": interview,
            "slot": interview.slot,
            "can_answer": services.can_answer(interview, now),
            "has_started": interview.slot.has_started(now),
            "materials_form": materials_form or MaterialsForm(initial={"video_link": interview.video_link}),
        },
        status=status,
    )


@login_required
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    return _interview_page(request, permissions.interview_for_agency(request.user, pk))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    interview = permissions.interview_for_agency(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or decline."))
        return redirect("interviews:interview", pk=pk)
    try:
        services.set_status(interview=interview, status=form.cleaned_data["status"], by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("interviews:interview", pk=pk)
    if form.cleaned_data["status"] == Interview.Status.CONFIRMED:
        messages.success(request, _("Thank you: your attendance is confirmed."))
    else:
        messages.warning(request, _("You declined the slot. The secretariat sees your answer and will contact you."))
    return redirect("interviews:interview", pk=pk)


@login_required
@require_POST
def materials(request: HttpRequest, pk: int) -> HttpResponse:
    interview = permissions.interview_for_agency(request.user, pk)
    form = MaterialsForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_materials(
                interview=interview,
                by=request.user,
                deck=data["deck"] or None,
                summary=data["summary"] or None,
                video_link=data["video_link"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Materials saved."))
            return redirect("interviews:interview", pk=pk)
    return _interview_page(request, interview, materials_form=form, status=400)


@login_required
@require_GET
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    interview = permissions.interview_for_agency(request.user, pk)
    entry = services.invitation(interview)
    response = HttpResponse(entry.content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{entry.filename}"'
    return response


@login_required
@require_GET
def material(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The deck or the summary, for the agency, the secretariat and the slot's panelists."""
    interview = permissions.interview_for_reader(request.user, pk)
    if kind not in ("deck", "summary"):
        raise Http404
    stored, name = getattr(interview, kind), getattr(interview, f"{kind}_name")
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=name or stored.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_cache=True)
    return response


# --- Panelists -------------------------------------------------------------------------------------


@login_required
def panel(request: HttpRequest) -> HttpResponse:
    """The panelist's slots by day, with the jury scoring page of each finalist once the round opens."""
    if not permissions.is_panelist(request.user):
        raise Http404
    now = timezone.now()
    days = selectors.panelist_days(request.user)
    rounds = {slot.round_id: slot.round for day in days for slot in day.slots}
    return render(
        request,
        "interviews/panel.html",
        {"days": days, "open_rounds": {pk for pk, round in rounds.items() if round.state(now) != "upcoming"}},
    )
