"""The secretariat's round management: rounds, assignment, progress with reminders, the ranking with
export and nominations, and one proposal's reviews with their audit trail."""

import csv
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from jury import permissions, selectors, services
from jury.forms import (
    AddAssignmentForm,
    ImportForm,
    MoveAssignmentForm,
    ProposalSelectionForm,
    RankingFilterForm,
    ReminderForm,
)
from jury.models import Assignment, ConflictDeclaration, Nomination, Review, Round, ScoreChange
from jury.services.assignment import proposals_short_of_reviewers

PAGE_SIZE = 100


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    """Every round of the editions the user's organiser runs, with where each stands."""
    if not permissions.is_secretariat(request.user):
        raise Http404
    listed = (
        Round.objects.managed_by(request.user)
        .with_context()
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count("reviews", filter=Q(reviews__status=Review.Status.SUBMITTED), distinct=True),
        )
        .order_by("-panel__edition__year", "panel__stage__starts_at", "opens_at", "pk")
    )
    return render(request, "jury/manage/rounds.html", {"rounds": listed, "now": timezone.now()})


def _jurors(round: Round):
    return get_user_model().objects.filter(pk__in=services.active_members(round).values("user")).order_by("full_name")


def _assignment_context(request, round: Round, **forms) -> dict:
    jurors = _jurors(round)
    members = list(services.active_members(round))
    loads = dict(Assignment.objects.filter(round=round).values_list("juror_id").annotate(n=Count("pk")).order_by())
    submitted = dict(
        Review.objects.submitted().filter(round=round).values_list("juror_id").annotate(n=Count("pk")).order_by()
    )
    proposals = (
        services.eligible_proposals(round)
        .select_related("innovation__agency", "category")
        .prefetch_related(
            Prefetch(
                "jury_assignments",
                queryset=Assignment.objects.filter(round=round).select_related("juror").order_by("pk"),
                to_attr="round_assignments",
            )
        )
        .order_by("category__order", "category_id", "pk")
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    conflicts = (
        ConflictDeclaration.objects.filter(edition_id=round.panel.edition_id)
        .filter(Q(round__isnull=True) | Q(round=round))
        .select_related("juror", "proposal", "agency")
        .order_by("source", "juror__full_name", "pk")
    )
    return {
        "round": round,
        "members": [(member, loads.get(member.user_id, 0), submitted.get(member.user_id, 0)) for member in members],
        "page": page,
        "total_proposals": page.paginator.count,
        "short": proposals_short_of_reviewers(round).count(),
        "conflicts": conflicts[:200],
        "conflict_count": conflicts.count(),
        "add_form": forms.get("add_form") or AddAssignmentForm(jurors=jurors),
        "move_form": forms.get("move_form") or MoveAssignmentForm(round=round, jurors=jurors),
        "import_form": forms.get("import_form") or ImportForm(),
        "import_errors": forms.get("import_errors", []),
        "report": forms.get("report"),
        "jurors": jurors,
    }


@login_required
def assignments(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    return render(request, "jury/manage/assignments.html", _assignment_context(request, round))


def _report_message(request, report) -> None:
    if report.created:
        messages.success(
            request,
            ngettext("%(count)d assignment made.", "%(count)d assignments made.", len(report.created))
            % {"count": len(report.created)},
        )
    else:
        messages.info(request, _("No assignment was needed."))
    for item in report.impossible[:20]:
        messages.warning(
            request,
            _("Proposal %(id)s (%(title)s) still lacks %(missing)d reviewer(s). %(reason)s")
            % {"id": item.proposal.pk, "title": item.proposal.title, "missing": item.missing, "reason": item.reason},
        )
    if len(report.impossible) > 20:
        messages.warning(
            request, _("%(count)d more proposals lack reviewers.") % {"count": len(report.impossible) - 20}
        )


@login_required
@require_POST
def assign_auto(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    report = services.assign_automatically(round=round, by=request.user)
    _report_message(request, report)
    return redirect("jury:assignments", pk)


@login_required
@require_POST
def assign_flagged(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    report = services.add_reviewer_to_flagged(round=round, by=request.user)
    _report_message(request, report)
    return redirect("jury:ranking", pk)


@login_required
@require_POST
def assign_add(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    form = AddAssignmentForm(request.POST, jurors=_jurors(round))
    if form.is_valid():
        proposal = services.eligible_proposals(round).filter(pk=form.cleaned_data["proposal"]).first()
        if proposal is None:
            form.add_error("proposal", _("This proposal does not take part in this round."))
        else:
            try:
                services.assign_juror(round=round, juror=form.cleaned_data["juror"], proposal=proposal, by=request.user)
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, _("Assignment added."))
                return redirect("jury:assignments", pk)
    return render(
        request, "jury/manage/assignments.html", _assignment_context(request, round, add_form=form), status=422
    )


@login_required
@require_POST
def assign_move(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    form = MoveAssignmentForm(request.POST, round=round, jurors=_jurors(round))
    if form.is_valid():
        try:
            services.move_assignment(
                assignment=form.cleaned_data["assignment"], to_juror=form.cleaned_data["to_juror"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Assignment moved."))
            return redirect("jury:assignments", pk)
    return render(
        request, "jury/manage/assignments.html", _assignment_context(request, round, move_form=form), status=422
    )


@login_required
@require_POST
def assign_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    assignment = get_object_or_404(Assignment, pk=assignment_pk, round=round)
    try:
        services.unassign(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("jury:assignments", pk)


@login_required
@require_POST
def assign_import(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        result = services.import_assignments(round=round, content=form.cleaned_data["file"], by=request.user)
        if not result.errors:
            messages.success(
                request,
                ngettext("%(count)d assignment imported.", "%(count)d assignments imported.", result.created)
                % {"count": result.created},
            )
            return redirect("jury:assignments", pk)
        errors = result.errors
    return render(
        request,
        "jury/manage/assignments.html",
        _assignment_context(request, round, import_form=form, import_errors=errors),
        status=422,
    )


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    rows = selectors.progress(round)
    return render(
        request,
        "jury/manage/progress.html",
        {
            "round": round,
            "rows": rows,
            "behind": [row for row in rows if row.remaining],
            "totals": {
                "assigned": sum(row.assigned for row in rows),
                "submitted": sum(row.submitted for row in rows),
            },
            "state": round.state(),
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    if round.has_closed():
        messages.error(request, _("The round has closed; there is nothing to remind of."))
        return redirect("jury:progress", pk)
    juror_ids = list(Assignment.objects.filter(round=round).values_list("juror_id", flat=True).distinct())
    form = ReminderForm(request.POST, juror_ids=juror_ids)
    chosen = None
    if not request.POST.get("all"):
        chosen = form.cleaned_data["jurors"] if form.is_valid() else []
        if not chosen:
            messages.error(request, _("Select the jurors to remind, or remind everyone who is behind."))
            return redirect("jury:progress", pk)
    count = services.send_scoring_reminders(round=round, juror_ids=chosen)
    if count:
        messages.success(
            request,
            ngettext("Reminder sent to %(count)d juror.", "Reminder sent to %(count)d jurors.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("Nobody needed a reminder: every assigned review is submitted."))
    return redirect("jury:progress", pk)


def _ranking_for(request, round: Round):
    form = RankingFilterForm(request.GET or None, round=round)
    return form, selectors.ranking(round, filters=form.filters(), order=form.ranking_order())


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    form, result = _ranking_for(request, round)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    pending = Nomination.objects.pending().filter(round=round).count()
    return render(
        request,
        "jury/manage/ranking.html",
        {
            "round": round,
            "form": form,
            "ranking": result,
            "page": page,
            "query": query,
            "pending": pending,
            "confirmed": Nomination.objects.confirmed().filter(round=round).count(),
            "flagged": sum(1 for row in result.rows if row.flagged),
            "is_open": round.is_open(),
        },
    )


EXPORT_COLUMNS = [
    "rank_raw",
    "rank_normalised",
    "proposal_id",
    "title",
    "agency",
    "agency_type",
    "province",
    "group",
    "category",
    "reviews",
    "mean",
    "median",
    "sd",
    "normalised",
    "flagged",
    "passes",
    "nomination",
]


def _export_rows(result):
    for row in result.rows:
        yield [
            row.rank_raw,
            row.rank_normalised,
            row.proposal_id,
            row.title,
            row.agency,
            row.agency_kind,
            row.province,
            row.group,
            row.category,
            row.reviews,
            None if row.mean is None else round(row.mean, 2),
            None if row.median is None else round(row.median, 2),
            None if row.sd is None else round(row.sd, 2),
            None if row.normalised is None else round(row.normalised, 3),
            "yes" if row.flagged else "no",
            "" if row.passes is None else ("yes" if row.passes else "no"),
            row.nomination or "",
        ]


@login_required
def ranking_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The ranking as shown (same filters and order) as CSV or XLSX, for analysis elsewhere."""
    round = permissions.round_for_secretariat(request.user, pk)
    _form, result = _ranking_for(request, round)
    name = f"{slugify(str(round.panel.edition))}-{slugify(round.name)}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(["" if value is None else value for value in row] for row in _export_rows(result))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt != "xlsx":
        raise Http404
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Ranking")[:31])
    sheet.append(EXPORT_COLUMNS)
    for row in _export_rows(result):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _back_to_ranking(request, pk: int) -> HttpResponse:
    query = request.POST.get("query", "")
    url = reverse("jury:ranking", args=[pk])
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    ids = services.eligible_proposals(round).values_list("pk", flat=True)
    form = ProposalSelectionForm(request.POST, proposal_ids=list(ids))
    if not form.is_valid():
        messages.error(request, _("Select at least one proposal of this round."))
        return _back_to_ranking(request, pk)
    chosen = form.cleaned_data["proposals"]
    if request.POST.get("action") == "withdraw":
        count = services.withdraw_nominations(round=round, proposal_ids=chosen, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d nomination withdrawn.", "%(count)d nominations withdrawn.", count) % {"count": count},
        )
        return _back_to_ranking(request, pk)
    try:
        count = services.nominate(round=round, proposal_ids=chosen, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d proposal nominated; it waits for confirmation.",
                "%(count)d proposals nominated; they wait for confirmation.",
                count,
            )
            % {"count": count},
        )
    return _back_to_ranking(request, pk)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    round = permissions.round_for_secretariat(request.user, pk)
    count = services.confirm_nominations(round=round, by=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d nomination confirmed.", "%(count)d nominations confirmed.", count) % {"count": count},
        )
    else:
        messages.info(request, _("There was no pending nomination to confirm."))
    return _back_to_ranking(request, pk)


@login_required
def proposal_reviews(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """Every review of one proposal in the round, per criterion, with the audit of every change."""
    round = permissions.round_for_secretariat(request.user, pk)
    proposal = get_object_or_404(
        services.eligible_proposals(round).select_related("innovation__agency", "innovation__unit", "category"),
        pk=proposal_pk,
    )
    criteria = services.criteria_for(round, proposal)
    reviews = (
        Review.objects.filter(round=round, proposal=proposal)
        .select_related("juror")
        .prefetch_related("scores")
        .order_by("juror__full_name", "pk")
    )
    rows = []
    for review in reviews:
        scores = {score.criterion_id: score for score in review.scores.all()}
        rows.append((review, [scores.get(criterion.pk) for criterion in criteria]))
    changes = (
        ScoreChange.objects.filter(round=round, proposal=proposal)
        .select_related("juror", "changed_by", "criterion")
        .order_by("-changed_at", "-pk")
    )
    assigned = Assignment.objects.filter(round=round, proposal=proposal).select_related("juror").order_by("pk")
    return render(
        request,
        "jury/manage/proposal.html",
        {
            "round": round,
            "proposal": proposal,
            "criteria": criteria,
            "rows": rows,
            "changes": changes[:500],
            "assigned": assigned,
        },
    )
