"""Scoring reminders: one message per juror listing what they still have to score."""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jury.blind import displayed_title
from jury.models import Assignment, Review, Round
from notifications.reminders import due_reminder, reminder_key
from notifications.services import notify_digest


def _unfinished(round: Round, juror_ids: Iterable[int] | None = None):
    """(juror, proposal) assignments of the round without a submitted review, in queue order."""
    submitted = Review.objects.submitted().filter(round=round).values_list("juror_id", "proposal_id")
    done = set(submitted)
    assignments = (
        Assignment.objects.filter(round=round)
        .select_related("juror", "proposal__innovation__agency__region", "proposal__innovation__unit")
        .order_by("juror_id", "proposal__title", "pk")
    )
    if juror_ids is not None:
        assignments = assignments.filter(juror_id__in=list(juror_ids))
    return [a for a in assignments if (a.juror_id, a.proposal_id) not in done and a.juror.is_active]


@transaction.atomic
def send_scoring_reminders(
    *, round: Round, juror_ids: Iterable[int] | None = None, dedupe_key: str | None = None, now=None
) -> int:
    """Remind jurors (all, or those in `juror_ids`) of their unsubmitted reviews in the round.

    Titles are blinded as on the juror's pages. Side effects: one `scoring_reminder` message
    (email and in-app) per juror with something left. Returns how many jurors were reminded.
    """
    now = now or timezone.now()
    pending = _unfinished(round, juror_ids)
    if not pending:
        return 0
    key = dedupe_key or f"jury-round-{round.pk}-reminder-{now:%Y%m%d%H%M}"
    messages = notify_digest(
        event="scoring_reminder",
        items=[(a.juror, displayed_title(a.proposal, blind=round.is_blind)) for a in pending],
        context={"edition": str(round.panel.edition), "stage": round.panel.stage.title, "deadline": round.closes_at},
        url=reverse("jury:queue"),
        dedupe_key=key,
    )
    return len(messages)


def send_due_reminders(*, now=None) -> int:
    """The periodic reminder: for every open round at a reminder moment (7 d, 3 d, 1 d, 6 h before
    it closes), remind each juror once. Returns how many jurors were reminded."""
    now = now or timezone.now()
    reminded = 0
    rounds = Round.objects.filter(opens_at__lte=now, closes_at__gte=now).select_related(
        "panel__edition", "panel__stage"
    )
    for round in rounds:
        offset = due_reminder(closes_at=round.first_closed_instant, now=now)
        if offset is None:
            continue
        key = reminder_key(prefix=f"jury-round-{round.pk}", offset=offset)
        reminded += send_scoring_reminders(round=round, dedupe_key=key, now=now)
    return reminded
