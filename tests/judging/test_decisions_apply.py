"""Applying decisions: one confirmed batch writes Decision and Award rows, publishes a numbered
announcement with its PDF letter and tells the agencies; applying again changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Membership
from competitions.models import Announcement
from judging.models import Decision, DecisionBatch
from judging.services import apply_decisions, build_shortlist_draft, override_shortlist, publish_winners
from notifications.models import Message
from submissions.models import Award
from tests import factories
from tests.judging.decisions_data import build_ranked_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(edition, umum):
    return build_ranked_round(edition, umum)


@pytest.fixture
def draft(ranked, secretariat):
    round, p = ranked
    draft = build_shortlist_draft(round=round, size=3, rules={"favoured_minimum": 1}, by=secretariat)
    override_shortlist(draft=draft, proposal=p["B"], action="remove", justification="Pemeriksaan", by=secretariat)
    return draft


def test_applying_a_tier_writes_decisions_awards_and_a_numbered_letter(draft, ranked, secretariat, edition):
    _round, p = ranked

    batch = apply_decisions(
        draft=draft, tier=Award.Tier.TOP_99, number="B/301/PP.00.05/2026", letter_date=date(2026, 7, 1), by=secretariat
    )

    assert sorted(Decision.objects.filter(batch=batch).values_list("proposal_id", flat=True)) == sorted(
        [p["A"].pk, p["D"].pk]
    )
    assert sorted(Award.objects.values_list("innovation_id", "year", "tier", "edition")) == sorted(
        [(p[k].innovation_id, 2026, "top99", edition.pk) for k in "AD"]
    )
    announcement = Announcement.objects.get()
    assert batch.announcement == announcement
    assert (announcement.number, announcement.title) == ("B/301/PP.00.05/2026", "Top 99 KIPP 2026")
    with announcement.file.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"


def test_applying_the_same_tier_again_changes_nothing(draft, secretariat):
    first = apply_decisions(draft=draft, tier="top99", number="B/1/2026", letter_date=date(2026, 7, 1), by=secretariat)

    again = apply_decisions(draft=draft, tier="top99", number="B/2/2026", letter_date=date(2026, 7, 2), by=secretariat)

    assert again == first
    assert (DecisionBatch.objects.count(), Decision.objects.count(), Award.objects.count()) == (1, 2, 2)
    assert Announcement.objects.count() == 1


def test_agencies_are_told_their_finalists_and_results(draft, ranked, secretariat):
    _round, p = ranked
    surabaya = p["A"].innovation
    staff = factories.UserFactory(email="upp.surabaya@example.test")
    factories.MembershipFactory(user=staff, agency=surabaya.agency, unit=surabaya.unit, role=Membership.Role.UPP_STAFF)
    admin = factories.UserFactory(email="admin.ntt@example.test")
    factories.MembershipFactory(user=admin, agency=p["D"].innovation.agency, role=Membership.Role.ADMIN_LOKAL)

    apply_decisions(draft=draft, tier="top99", number="B/1/2026", letter_date=date(2026, 7, 1), by=secretariat)
    apply_decisions(draft=draft, tier="top45", number="B/2/2026", letter_date=date(2026, 8, 1), by=secretariat)

    assert sorted(Message.objects.values_list("to_email", "event")) == sorted(
        [
            ("upp.surabaya@example.test", "finalists_announced"),
            ("admin.ntt@example.test", "finalists_announced"),
            ("upp.surabaya@example.test", "results"),
            ("admin.ntt@example.test", "results"),
        ]
    )


@pytest.mark.parametrize(("number", "tier", "field"), [("  ", "top99", "number"), ("B/1/2026", "gold", "tier")])
def test_refused_without_number_or_known_tier(draft, secretariat, number, tier, field):
    with pytest.raises(ValidationError) as refused:
        apply_decisions(draft=draft, tier=tier, number=number, letter_date=date(2026, 7, 1), by=secretariat)

    assert field in refused.value.message_dict
    assert not DecisionBatch.objects.exists() and not Award.objects.exists()


def test_publishing_winners_releases_the_edition_in_the_showcase(draft, secretariat, edition):
    from showcase.models import PublicProfile, ShowcaseRelease

    apply_decisions(draft=draft, tier="top45", number="B/2/2026", letter_date=date(2026, 8, 1), by=secretariat)

    publish_winners(edition=edition, by=secretariat)
    publish_winners(edition=edition, by=secretariat)

    assert ShowcaseRelease.objects.filter(edition=edition).count() == 1
    assert PublicProfile.objects.count() == 2  # a draft profile per awarded innovation


def test_publishing_winners_before_any_decision_is_refused(edition, secretariat):
    from showcase.models import ShowcaseRelease

    with pytest.raises(ValidationError):
        publish_winners(edition=edition, by=secretariat)

    assert not ShowcaseRelease.objects.exists()
