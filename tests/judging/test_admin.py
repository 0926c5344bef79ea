"""The admin edits screening rules; results, pairs, decisions and announcements are read-only there."""

import pytest
from django.urls import reverse

from judging import services
from judging.models import ScreeningRules
from tests import factories
from tests.judging import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_saves_screening_rules_with_winner_tiers_as_checkboxes(superuser_client, edition):
    response = superuser_client.post(
        reverse("admin:judging_screeningrules_add"),
        {
            "edition": edition.pk,
            "max_top99_times": 3,
            "exclude_past_winners": "on",
            "winner_tiers": ["top45", "outstanding", "khusus_finalist"],
            "exempt_khusus": "on",
            "similarity_threshold": "0.5",
            "compare_past_editions": "on",
        },
    )

    assert response.status_code == 302
    rules = ScreeningRules.objects.get(edition=edition)
    assert rules.winner_tier_list == ["top45", "outstanding", "khusus_finalist"] and rules.max_top99_times == 3


@pytest.mark.parametrize(
    "model", ["screeningrun", "screeningresult", "nearduplicatepair", "screeningdecision", "screeningannouncement"]
)
def test_admin_lists_open_and_cannot_add(superuser_client, edition, proposal_of, secretariat, model):
    proposal = proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)
    services.run_screening_checks(edition=edition)
    services.record_decision(proposal=proposal, outcome="pass", by=secretariat)

    assert superuser_client.get(reverse(f"admin:judging_{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:judging_{model}_add")).status_code == 403
