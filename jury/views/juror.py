"""The juror's pages: the queue with progress, the scoring page (proposal beside the rubric) with
htmx autosave, submission, recusal, the proposal as PDF and its attachments (open rounds only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from competitions.models import Criterion
from jury import permissions, selectors, services
from jury.blind import proposal_for_jury
from jury.forms import OverallCommentForm, RecuseForm, ScoreForm
from jury.models import Review, Round
from jury.pdf import render_proposal_pdf
from jury.services.scoring import missing_criteria


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The juror's dashboard: every round with assignments, progress and what is left."""
    if not permissions.can_use_jury(request.user):
        raise Http404
    return render(
        request,
        "jury/queue.html",
        {
            "rounds": selectors.juror_queue(request.user),
            "is_secretariat": permissions.is_secretariat(request.user),
            "now": timezone.now(),
        },
    )


def _others_visible(round: Round, review: Review | None, now) -> bool:
    policy = round.scores_visible_to_jurors
    if policy == Round.ScoresVisible.AFTER_CLOSE:
        return round.has_closed(now)
    if policy == Round.ScoresVisible.AFTER_SUBMIT:
        return review is not None and review.status == Review.Status.SUBMITTED
    return False


def _score_context(request, assignment, *, recuse_form=None) -> dict:
    round, proposal, now = assignment.round, assignment.proposal, timezone.now()
    criteria = services.criteria_for(round, proposal)
    review = (
        Review.objects.filter(round=round, juror=request.user, proposal=proposal).prefetch_related("scores").first()
    )
    scores = {score.criterion_id: score for score in review.scores.all()} if review else {}
    others = []
    if _others_visible(round, review, now):
        others = list(
            Review.objects.submitted()
            .filter(round=round, proposal=proposal)
            .exclude(juror=request.user)
            .prefetch_related("scores")
            .order_by("pk")
        )
    queue = [
        item.assignment.proposal_id
        for queue_round in selectors.juror_queue(request.user)
        if queue_round.round.pk == round.pk
        for item in queue_round.items
    ]
    position = queue.index(proposal.pk) if proposal.pk in queue else 0
    return {
        "round": round,
        "proposal": proposal,
        "shown": proposal_for_jury(proposal, blind=round.is_blind),
        "criteria": [
            (criterion, scores.get(criterion.pk), criterion.localized("description")) for criterion in criteria
        ],
        "review": review,
        "missing": missing_criteria(review, criteria),
        "can_edit": round.is_open(now),
        "state": round.state(now),
        "others": [(number, other.total, _values_of(other, criteria)) for number, other in enumerate(others, start=1)],
        "others_policy": round.get_scores_visible_to_jurors_display(),
        "previous_pk": queue[position - 1] if position > 0 else None,
        "next_pk": queue[position + 1] if position + 1 < len(queue) else None,
        "position": position + 1,
        "queue_length": len(queue),
        "recuse_form": recuse_form or RecuseForm(),
    }


def _values_of(review: Review, criteria) -> list:
    values = {score.criterion_id: score.value for score in review.scores.all()}
    return [values.get(criterion.pk) for criterion in criteria]


@login_required
def score(request: HttpRequest, round_pk: int, proposal_pk: int) -> HttpResponse:
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    return render(request, "jury/score.html", _score_context(request, assignment))


def _closed_message(round: Round) -> str:
    if round.has_closed():
        return _("The round has closed; this change was not saved.")
    return _("Scoring has not opened yet; this change was not saved.")


def _require_open(assignment) -> None:
    if not permissions.can_score(assignment):
        raise PermissionDenied


@login_required
@require_POST
def score_save(request: HttpRequest, round_pk: int, proposal_pk: int, criterion_pk: int) -> HttpResponse:
    """Autosave of one criterion (htmx): answers the criterion's state line and the new total."""
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, stage_id=assignment.round.panel.stage_id)
    form = ScoreForm(request.POST)
    context = {"criterion": criterion, "round": assignment.round, "proposal": assignment.proposal}
    status = 200
    if not permissions.can_score(assignment):
        context["error"], status = _closed_message(assignment.round), 403
    elif form.is_valid():
        try:
            review = services.save_score(
                round=assignment.round,
                proposal=assignment.proposal,
                criterion=criterion,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            context["error"], status = " ".join(error.messages), 422
        else:
            context["review"], context["saved_at"] = review, review.updated_at
            review = Review.objects.prefetch_related("scores").get(pk=review.pk)
            criteria = services.criteria_for(assignment.round, assignment.proposal)
            context["missing"] = missing_criteria(review, criteria)
    else:
        context["error"], status = " ".join(e for errors in form.errors.values() for e in errors), 422
    return render(request, "jury/partials/criterion_state.html", context, status=status)


@login_required
@require_POST
def comment_save(request: HttpRequest, round_pk: int, proposal_pk: int) -> HttpResponse:
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    form = OverallCommentForm(request.POST)
    context, status = {"round": assignment.round}, 200
    if not permissions.can_score(assignment):
        context["error"], status = _closed_message(assignment.round), 403
    elif form.is_valid():
        try:
            review = services.save_overall_comment(
                round=assignment.round,
                proposal=assignment.proposal,
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            context["error"], status = " ".join(error.messages), 422
        else:
            context["saved_at"] = review.updated_at
    else:
        context["error"], status = _("Keep the comment under 10,000 characters."), 422
    return render(request, "jury/partials/comment_state.html", context, status=status)


@login_required
@require_POST
def submit(request: HttpRequest, round_pk: int, proposal_pk: int) -> HttpResponse:
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    _require_open(assignment)
    try:
        services.submit_review(round=assignment.round, proposal=assignment.proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jury:score", round_pk, proposal_pk)
    messages.success(request, _("Review submitted. You can still change it until the round closes."))
    return redirect("jury:score", round_pk, proposal_pk)


@login_required
@require_http_methods(["GET", "POST"])
def recuse(request: HttpRequest, round_pk: int, proposal_pk: int) -> HttpResponse:
    """Declare a conflict of interest and step away from the proposal."""
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    if assignment.round.has_closed():
        raise PermissionDenied
    form = RecuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recuse(
                round=assignment.round,
                proposal=assignment.proposal,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("reason", " ".join(error.messages))
        else:
            messages.success(
                request, _("Recorded. The proposal was taken out of your queue; the secretariat will reassign it.")
            )
            return redirect("jury:queue")
    status = 422 if request.method == "POST" else 200
    return render(request, "jury/score.html", _score_context(request, assignment, recuse_form=form), status=status)


@login_required
def proposal_pdf(request: HttpRequest, round_pk: int, proposal_pk: int) -> HttpResponse:
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    round, proposal = assignment.round, assignment.proposal
    shown = proposal_for_jury(proposal, blind=round.is_blind, with_attachments=False)
    pdf = render_proposal_pdf(shown=shown, round=round, criteria=services.criteria_for(round, proposal))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{slugify(_('proposal'))}-{proposal.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment(request: HttpRequest, round_pk: int, proposal_pk: int, attachment_pk: int) -> FileResponse:
    """A file of the proposal, for an assigned juror in a round that is not blind (signed statements
    and photos carry the agency's name, so blind rounds withhold them)."""
    assignment = permissions.assignment_for_juror(request.user, round_pk, proposal_pk)
    if assignment.round.is_blind:
        raise Http404
    file = get_object_or_404(assignment.proposal.attachments, pk=attachment_pk)
    try:
        handle = file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=file.content_type, filename=file.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
