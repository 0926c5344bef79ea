"""The finalists pages: who may open them, what the secretariat reads and changes, query counts."""

import pytest
from django.urls import reverse

from judging import services
from judging.models import DecisionBatch, ShortlistDraft, ShortlistOverride
from judging.services import build_shortlist_draft
from tests.judging.decisions_data import build_ranked_round

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]


@pytest.fixture
def ranked(edition, umum):
    return build_ranked_round(edition, umum)


@pytest.fixture
def draft(ranked, secretariat):
    round, _p = ranked
    return build_shortlist_draft(round=round, size=3, rules={"favoured_minimum": 1}, by=secretariat)


def _expect_secretariat_only(response, role):
    if role == "secretariat":
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert "/login" not in response["Location"] and "masuk" not in response["Location"]
    elif role == "anonymous":
        assert response.status_code == 302
        assert "next=" in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_shortlist_pages_by_role(as_role, role, edition, draft):
    client, _user = as_role(role)

    _expect_secretariat_only(client.get(reverse("judging:shortlists", args=[edition.slug])), role)
    _expect_secretariat_only(client.get(reverse("judging:shortlist", args=[edition.slug, draft.pk])), role)


@pytest.mark.parametrize("role", ROLES)
def test_building_a_draft_by_role(as_role, role, edition, ranked):
    round, _p = ranked
    client, _user = as_role(role)

    response = client.post(reverse("judging:shortlists", args=[edition.slug]), {"round": round.pk, "size": 2})

    _expect_secretariat_only(response, role)
    assert ShortlistDraft.objects.exists() == (role == "secretariat")


@pytest.mark.parametrize("role", ROLES)
def test_override_by_role(as_role, role, edition, ranked, draft):
    _round, p = ranked
    client, _user = as_role(role)

    response = client.post(
        reverse("judging:shortlist_override", args=[edition.slug, draft.pk]),
        {"proposal": p["B"].pk, "action": "remove", "justification": "Sanksi etik"},
    )

    _expect_secretariat_only(response, role)
    assert ShortlistOverride.objects.exists() == (role == "secretariat")


def test_secretariat_of_another_organiser_gets_404(client, draft, edition):
    from competitions.models import OrganiserMembership
    from tests import factories

    other = factories.UserFactory(email="sekretariat.lain@example.test")
    provincial = factories.OrganiserFactory(name="Pemerintah Provinsi Jawa Timur", short_name="Jatim")
    factories.OrganiserMembershipFactory(user=other, organiser=provincial, role=OrganiserMembership.Role.SECRETARIAT)
    client.force_login(other)

    assert client.get(reverse("judging:shortlist", args=[edition.slug, draft.pk])).status_code == 404


def test_rules_form_builds_a_draft_and_shows_who_moved(client, secretariat, edition, ranked):
    round, _p = ranked
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:shortlists", args=[edition.slug]),
        {"round": round.pk, "size": 3, "favoured_minimum": 1, "max_category_1": 3, "min_group_0": ""},
        follow=True,
    )

    draft = ShortlistDraft.objects.get()
    assert draft.rules == {
        "minimum": {},
        "maximum": {"category": {"Transformasi Digital": 3}},
        "province_cap": None,
        "favoured_minimum": 1,
    }
    text = response.content.decode()
    assert "Puskesmas Terapung NTT" in text
    assert "diperlukan untuk memenuhi batas minimum dari Kawasan Timur Indonesia dan daerah 3T" in text
    assert "Bandung Smart Parking" in text


def test_rules_form_keeps_input_and_explains_a_minimum_above_the_maximum(client, secretariat, edition, ranked):
    round, _p = ranked
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:shortlists", args=[edition.slug]),
        {"round": round.pk, "size": 3, "min_category_2": 2, "max_category_2": 1},
    )

    assert response.status_code == 200
    assert not ShortlistDraft.objects.exists()
    text = response.content.decode()
    assert "Batas maksimum untuk Kesehatan di bawah batas minimumnya." in text
    assert 'name="min_category_2" value="2"' in text


def test_infeasible_rules_are_shown_in_plain_words(client, secretariat, edition, ranked):
    round, _p = ranked
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:shortlists", args=[edition.slug]),
        {"round": round.pk, "size": 3, "min_category_2": 3},
        follow=True,
    )

    text = response.content.decode()
    assert "Aturan ini tidak dapat dipenuhi semuanya" in text
    assert ShortlistDraft.objects.get().problems[0] in text


def test_override_without_justification_is_refused_with_a_message(client, secretariat, edition, ranked, draft):
    _round, p = ranked
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:shortlist_override", args=[edition.slug, draft.pk]),
        {"proposal": p["B"].pk, "action": "remove", "justification": ""},
    )

    assert response.status_code == 400
    assert "Perubahan tidak dilakukan" in response.content.decode()
    assert not ShortlistOverride.objects.exists()


def test_override_shows_the_justification_on_the_list(client, secretariat, edition, ranked, draft):
    _round, p = ranked
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:shortlist_override", args=[edition.slug, draft.pk]),
        {"proposal": p["C"].pk, "action": "add", "justification": "Juara provinsi"},
        follow=True,
    )

    assert p["C"].pk in draft.final_ids()
    assert "Juara provinsi" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_drafts_list_query_count_is_constant(client, secretariat, edition, ranked, count, django_assert_num_queries):
    round, _p = ranked
    for _index in range(count):
        build_shortlist_draft(round=round, size=2, rules={}, by=secretariat)
    client.force_login(secretariat)

    with django_assert_num_queries(QUERIES_DRAFTS):
        response = client.get(reverse("judging:shortlists", args=[edition.slug]))

    assert response.content.decode().count("/finalis/draf/") == count
    assert len(response.context["drafts"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_draft_page_query_count_is_constant(client, secretariat, edition, umum, count, django_assert_num_queries):
    round, _p = build_ranked_round(edition, umum, count=count)
    draft = build_shortlist_draft(round=round, size=count, rules={}, by=secretariat)
    client.force_login(secretariat)

    with django_assert_num_queries(QUERIES_DRAFT):
        response = client.get(reverse("judging:shortlist", args=[edition.slug, draft.pk]))

    assert len(response.context["selected"]) == count


QUERIES_DRAFTS = 14  # the round select reads the rounds three times while rendering
QUERIES_DRAFT = 10


APPLY = {"tier": "top99", "number": "B/301/PP.00.05/2026", "letter_date": "2026-07-01", "confirm": "on"}


@pytest.mark.parametrize("role", ROLES)
def test_applying_decisions_by_role(as_role, role, edition, draft):
    client, _user = as_role(role)

    response = client.post(reverse("judging:shortlist_apply", args=[edition.slug, draft.pk]), APPLY)

    _expect_secretariat_only(response, role)
    assert DecisionBatch.objects.exists() == (role == "secretariat")


def test_applying_needs_confirmation_and_keeps_what_was_typed(client, secretariat, edition, draft):
    client.force_login(secretariat)

    response = client.post(reverse("judging:shortlist_apply", args=[edition.slug, draft.pk]), {**APPLY, "confirm": ""})

    assert response.status_code == 400
    assert not DecisionBatch.objects.exists()
    assert 'value="B/301/PP.00.05/2026"' in response.content.decode()


def test_applied_decision_is_listed_with_its_letter(client, secretariat, edition, draft):
    client.force_login(secretariat)

    response = client.post(reverse("judging:shortlist_apply", args=[edition.slug, draft.pk]), APPLY, follow=True)

    batch = DecisionBatch.objects.get()
    text = response.content.decode()
    assert "B/301/PP.00.05/2026" in text
    assert f"/pengumuman/{batch.announcement_id}/surat/" in text


@pytest.mark.parametrize("role", ROLES)
def test_publishing_winners_by_role(as_role, role, edition, draft, secretariat):
    from showcase.models import ShowcaseRelease

    services.apply_decisions(draft=draft, tier="top45", number="B/2/2026", letter_date="2026-08-01", by=secretariat)
    client, _user = as_role(role)

    response = client.post(reverse("judging:publish_winners", args=[edition.slug]))

    _expect_secretariat_only(response, role)
    assert ShowcaseRelease.objects.exists() == (role == "secretariat")
