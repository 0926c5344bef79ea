from datetime import timedelta

import pytest

from jury.models import Review
from jury.tasks import send_due_reminders_task
from notifications.models import Message

pytestmark = pytest.mark.django_db


def test_due_reminders_reach_each_juror_once_per_moment(assigned):
    round = assigned.round
    round.closes_at = round.opens_at + timedelta(days=30)
    round.save()

    from django.utils import timezone

    import jury.services.reminders as reminders

    one_day_before = round.first_closed_instant - timedelta(hours=20)
    first = reminders.send_due_reminders(now=one_day_before)
    again = reminders.send_due_reminders(now=one_day_before + timedelta(hours=1))
    too_early = reminders.send_due_reminders(now=round.first_closed_instant - timedelta(days=10))

    assert (first, again, too_early) == (1, 0, 0)
    assert list(Message.objects.filter(event="scoring_reminder").values_list("to_email", flat=True)) == [
        assigned.juror.email
    ]
    assert timezone.now() < round.first_closed_instant


def test_the_task_runs_the_same_service(assigned):
    Review.objects.create(
        round=assigned.round, juror=assigned.juror, proposal=assigned.proposal, status="submitted", total=60
    )

    assert send_due_reminders_task.apply().get() == 0
