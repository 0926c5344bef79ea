from datetime import timedelta

import pytest
from django_celery_beat.models import PeriodicTask

from competitions.models import Stage
from notifications.models import Message
from submissions import services
from submissions.models import Proposal
from tests import factories
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


@pytest.fixture
def situation(umum, unit, upp_staff, admin_lokal, other_agency_staff):
    colleague_unit = factories.UnitFactory(agency=unit.agency, name="Puskesmas Kenjeran")
    colleague = factories.MembershipFactory(agency=unit.agency, unit=colleague_unit, role="upp_staff").user
    for title, status, where in [
        ("Draf A", S.DRAFT, unit),
        ("Kembali B", S.RETURNED, unit),
        ("Menunggu C", S.SUBMITTED, unit),
        ("Sudah D", S.FORWARDED, unit),
        ("Tarik E", S.WITHDRAWN, unit),
        ("Puskesmas F", S.DRAFT, colleague_unit),
    ]:
        ProposalFactory(group=umum, innovation=InnovationFactory(unit=where), title=title, status=status)
    closes = umum.edition.stages.get(kind=Stage.Kind.PROPOSAL_ENTRY).ends_at
    return closes, colleague


def _digest(email):
    return Message.objects.get(event="deadline_reminder", to_email=email).body_text


def test_reminders_reach_exactly_the_people_with_proposals_not_sent_on(
    situation, upp_staff, admin_lokal, other_agency_staff
):
    closes, colleague = situation

    services.remind_about_deadlines(now=closes - timedelta(days=2))

    recipients = set(Message.objects.filter(event="deadline_reminder").values_list("to_email", flat=True))
    assert recipients == {upp_staff.email, admin_lokal.email, colleague.email}
    staff_digest, admin_digest = _digest(upp_staff.email), _digest(admin_lokal.email)
    assert "Draf A" in staff_digest and "Kembali B" in staff_digest
    assert "Menunggu C" not in staff_digest and "Puskesmas F" not in staff_digest
    assert all(title in admin_digest for title in ["Draf A", "Kembali B", "Menunggu C", "Puskesmas F"])
    assert "Sudah D" not in admin_digest and "Tarik E" not in admin_digest


def test_each_moment_is_sent_once_and_nothing_before_seven_days(situation, upp_staff):
    closes, _colleague = situation

    services.remind_about_deadlines(now=closes - timedelta(days=8))
    before = Message.objects.count()
    services.remind_about_deadlines(now=closes - timedelta(hours=5))
    services.remind_about_deadlines(now=closes - timedelta(hours=4))

    assert before == 0
    assert Message.objects.filter(event="deadline_reminder", to_email=upp_staff.email).count() == 1


def test_the_reminder_check_is_scheduled():
    task = PeriodicTask.objects.get(task="submissions.remind_about_deadlines")

    assert task.enabled and task.interval.every == 15
