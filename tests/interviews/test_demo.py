"""The demo's KIPP 2023 runs through finalists, objections and interviews, and stays idempotent."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from interviews.models import Interview, InterviewEvent, InterviewSlot
from judging.models import Decision, Objection
from submissions.models import Award, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)


def _counts():
    return (
        Decision.objects.count(),
        Objection.objects.count(),
        InterviewSlot.objects.count(),
        Interview.objects.count(),
    )


def test_the_2023_finalists_are_the_awarded_innovations_and_each_was_interviewed(demo):
    awarded = Proposal.objects.filter(
        edition__slug="kipp-2023", innovation__awards__year=2023, innovation__awards__tier=Award.Tier.TOP_99
    )
    decided = Decision.objects.filter(batch__edition__slug="kipp-2023", tier=Award.Tier.TOP_99)
    interviews = Interview.objects.filter(slot__edition__slug="kipp-2023")

    assert awarded.count() >= 5
    assert set(decided.values_list("proposal", flat=True)) == set(awarded.values_list("pk", flat=True))
    assert set(interviews.values_list("proposal", flat=True)) == set(awarded.values_list("pk", flat=True))
    assert all(i.status == "confirmed" and i.attendance == "attended" for i in interviews)
    assert InterviewEvent.objects.filter(action=InterviewEvent.Action.MOVED).count() == 1
    assert sorted(Objection.objects.values_list("status", flat=True)) == ["rejected", "rejected"]

    call_command("seed_demo", verbosity=0)
    counts = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == counts


def test_the_demo_pages_show_the_2023_interviews_and_objections(demo, client):
    client.force_login(User.objects.get(email="sekretariat@sinovik.test"))
    slots = client.get(reverse("interviews:slots", args=["kipp-2023"]))
    log = client.get(reverse("judging:objection_log", args=["kipp-2023"]))

    assert slots.status_code == 200 and "Smart Kampung Banyuwangi" in slots.content.decode()
    assert log.status_code == 200
    assert "Sehat Jiwa Daring" in log.content.decode() and "Bela Beli Kulon Progo Sehat" in log.content.decode()
