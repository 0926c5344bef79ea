"""Screening pages: who may open them, what they show, and what their forms do."""

import pytest
from django.urls import reverse

from competitions.models import Edition
from judging import services
from judging.models import ScreeningAnnouncement, ScreeningDecision, ScreeningRun
from submissions.models import Proposal
from tests.competitions.factories import EditionFactory
from tests.judging import texts

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]
SECRETARIAT_ONLY = {
    "anonymous": "login",
    "upp_staff": 404,
    "admin_lokal": 404,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}
PARTICIPANTS_AND_SECRETARIAT = {**SECRETARIAT_ONLY, "upp_staff": 200, "admin_lokal": 200, "other_agency_staff": 200}
PASS, FAIL = ScreeningDecision.Outcome.PASS, ScreeningDecision.Outcome.FAIL


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


@pytest.fixture
def checked(edition, proposal_of, unit):
    """Two forwarded proposals, the second a light copy of the first (another agency's), checked."""
    good = proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL, unit=unit)
    copied = proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)
    services.run_screening_checks(edition=edition)
    return good, copied


def _url(name, edition, *args):
    return reverse(f"judging:{name}", args=[edition.slug, *args])


# --- Permission matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_index_by_role(as_role, role, edition):
    client, _user = as_role(role)

    _expect(client.get(reverse("judging:index")), PARTICIPANTS_AND_SECRETARIAT[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["queue", "proposal", "pair", "publish"])
def test_secretariat_pages_by_role(as_role, role, page, checked, edition):
    from judging.models import NearDuplicatePair

    args = {"proposal": [checked[0].pk], "pair": [NearDuplicatePair.objects.get().pk]}.get(page, [])
    client, _user = as_role(role)

    _expect(client.get(_url(page, edition, *args)), SECRETARIAT_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_agency_results_by_role(as_role, role, checked, edition):
    client, _user = as_role(role)

    _expect(client.get(_url("agency_results", edition)), PARTICIPANTS_AND_SECRETARIAT[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("run_checks", {}),
        ("decide", {"outcome": "pass"}),
        ("bulk_decide", {"outcome": "pass"}),
        ("publish", {"number": "B/187/PP.00.05/2026", "letter_date": "2026-05-22"}),
        ("publish_retry", {}),
    ],
)
def test_screening_actions_are_secretariat_only(as_role, role, action, data, checked, edition, secretariat):
    good, copied = checked
    if action == "publish_retry":
        services.record_decisions(edition=edition, proposal_ids=[good.pk, copied.pk], outcome=PASS, by=secretariat)
        ScreeningAnnouncement.objects.create(edition=edition, number="B/1/2026", letter_date="2026-05-22")
    if action == "publish":
        services.record_decisions(edition=edition, proposal_ids=[good.pk, copied.pk], outcome=PASS, by=secretariat)
    if action == "bulk_decide":
        data = {**data, "proposals": [good.pk]}
    args = [good.pk] if action == "decide" else []
    client, _user = as_role(role)

    response = client.post(_url(action, edition, *args), data)

    if role == "secretariat":
        assert response.status_code == 302
    else:
        _expect(response, "login" if role == "anonymous" else 404)
        assert ScreeningDecision.objects.filter(proposal=good).exists() is (action in ("publish", "publish_retry"))


def test_secretariat_of_another_organiser_gets_404(client, checked, edition):
    from tests import factories

    stranger = factories.OrganiserMembershipFactory(
        organiser=factories.OrganiserFactory(name="Pemerintah Provinsi Jawa Timur"), role="secretariat"
    ).user
    client.force_login(stranger)

    assert client.get(_url("queue", edition)).status_code == 404


# --- The queue -----------------------------------------------------------------------------------------


def test_queue_shows_findings_similarity_and_decisions(client, secretariat, checked, edition):
    services.record_decision(proposal=checked[0], outcome=PASS, by=secretariat)
    client.force_login(secretariat)

    html = client.get(_url("queue", edition)).content.decode()

    assert "Layanan Adminduk Keliling" in html and "Pelayanan Dukcapil Jemput Bola" in html
    assert "Teks nyaris sama" in html and "88%" in html
    assert "Lolos" in html and "Belum diputuskan" in html
    assert "2 usulan dicocokkan" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"decision": "undecided"}, ["Pelayanan Dukcapil Jemput Bola"]),
        ({"decision": "pass"}, ["Layanan Adminduk Keliling"]),
        ({"check": "near_duplicate", "sort": "title"}, ["Layanan Adminduk Keliling", "Pelayanan Dukcapil Jemput Bola"]),
        ({"check": "too_young"}, []),
        ({"severity": "2", "q": "dukcapil"}, ["Pelayanan Dukcapil Jemput Bola"]),
        ({"severity": "0"}, []),
    ],
)
def test_queue_filters(client, secretariat, checked, edition, query, expected):
    services.record_decision(proposal=checked[0], outcome=PASS, by=secretariat)
    client.force_login(secretariat)

    response = client.get(_url("queue", edition), query)

    assert [proposal.title for proposal in response.context["page"]] == expected


def test_queue_filters_by_group(client, secretariat, checked, edition):
    from tests.judging.conftest import build_form, make_proposal

    replikasi = build_form(edition, name="Kelompok Replikasi", kind="replikasi")
    make_proposal(replikasi, title="Replikasi Sekolah Sungai")
    client.force_login(secretariat)

    response = client.get(_url("queue", edition), {"group": replikasi.pk})

    assert [proposal.title for proposal in response.context["page"]] == ["Replikasi Sekolah Sungai"]


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_is_constant(client, secretariat, edition, proposal_of, count, django_assert_num_queries):
    for number in range(count):
        proposal = proposal_of(title=f"Inovasi {number}")
        if number:
            services.record_decision(proposal=proposal, outcome=PASS, by=secretariat)
    services.run_screening_checks(edition=edition)
    client.force_login(secretariat)

    with django_assert_num_queries(13):
        response = client.get(_url("queue", edition))

    assert len(response.context["page"]) == count


# --- Deciding ------------------------------------------------------------------------------------------


def test_proposal_page_shows_findings_with_a_link_to_the_pair(client, secretariat, checked, edition):
    from judging.models import NearDuplicatePair

    client.force_login(secretariat)

    html = client.get(_url("proposal", edition, checked[1].pk)).content.decode()

    assert "88% sama dengan “Layanan Adminduk Keliling”" in html
    assert _url("pair", edition, NearDuplicatePair.objects.get().pk) in html
    assert 'value="copied" selected' in html  # the suggested reason


def test_decide_fail_without_reason_is_refused_and_keeps_the_note(client, secretariat, checked, edition):
    client.force_login(secretariat)

    response = client.post(_url("decide", edition, checked[1].pk), {"outcome": "fail", "note": "Mirip sekali."})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Usulan yang tidak lolos memerlukan alasan." in html and "Mirip sekali." in html
    assert not ScreeningDecision.objects.exists()


def test_decide_saves_and_shows_the_history(client, secretariat, checked, edition):
    client.force_login(secretariat)

    response = client.post(
        _url("decide", edition, checked[1].pk), {"outcome": "fail", "reason": "copied", "note": "Mirip sekali."}
    )

    assert response.status_code == 302
    decision = ScreeningDecision.objects.get(proposal=checked[1])
    assert (decision.outcome, decision.reason, decision.note) == (FAIL, "copied", "Mirip sekali.")
    html = client.get(response["Location"]).content.decode()
    assert "Riwayat keputusan" in html and "Mirip sekali." in html


def test_bulk_decide_passes_the_selected_and_returns_to_the_same_filters(client, secretariat, checked, edition):
    client.force_login(secretariat)

    response = client.post(
        _url("bulk_decide", edition),
        {"proposals": [checked[0].pk, checked[1].pk], "outcome": "pass", "query": "sort=title"},
    )

    assert response.status_code == 302 and response["Location"].endswith("?sort=title")
    assert ScreeningDecision.objects.filter(outcome=PASS).count() == 2


def test_bulk_decide_fail_without_reason_decides_nothing(client, secretariat, checked, edition):
    client.force_login(secretariat)

    response = client.post(_url("bulk_decide", edition), {"proposals": [checked[0].pk], "outcome": "fail"}, follow=True)

    assert "Tidak ada yang diputuskan" in response.content.decode()
    assert not ScreeningDecision.objects.exists()


def test_pair_page_shows_both_texts_side_by_side_with_changes_marked(client, secretariat, checked, edition):
    from judging.models import NearDuplicatePair

    client.force_login(secretariat)

    html = client.get(_url("pair", edition, NearDuplicatePair.objects.get().pk)).content.decode()

    assert html.count('class="pair-side"') >= 2 * 13
    assert "<mark>Surabaya</mark>" in html and "<mark>Banyuwangi</mark>" in html


def test_run_checks_button_queues_a_run(client, secretariat, edition, proposal_of, django_capture_on_commit_callbacks):
    proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_url("run_checks", edition), follow=True)

    assert "Pemeriksaan sedang berjalan." in response.content.decode()
    assert ScreeningRun.objects.get().requested_by == secretariat and len(callbacks) == 1


# --- Publishing and the agencies' view --------------------------------------------------------------------


def test_publish_refuses_with_undecided_proposals_and_keeps_the_number(client, secretariat, checked, edition):
    client.force_login(secretariat)

    response = client.post(_url("publish", edition), {"number": "B/187/PP.00.05/2026", "letter_date": "2026-05-22"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "2 usulan belum diputuskan" in html and 'value="B/187/PP.00.05/2026"' in html
    assert not ScreeningAnnouncement.objects.exists()


def test_publish_then_agencies_read_their_own_result(
    client,
    secretariat,
    checked,
    edition,
    admin_lokal,
    upp_staff,
    other_agency_staff,
    django_capture_on_commit_callbacks,
):
    good, copied = checked
    client.force_login(admin_lokal)
    before = client.get(_url("agency_results", edition)).content.decode()
    services.record_decision(
        proposal=good, outcome=FAIL, reason="other", note="Surat pernyataan tidak ditandatangani.", by=secretariat
    )
    services.record_decision(proposal=copied, outcome=PASS, by=secretariat)
    client.force_login(secretariat)

    client.post(_url("publish", edition), {"number": "B/187/PP.00.05/2026", "letter_date": "2026-05-22"})
    services.publish_screening_results(announcement=ScreeningAnnouncement.objects.get())  # what the task does

    assert "Hasil seleksi belum diumumkan." in before
    edition_page = client.get(reverse("competitions:detail", args=[edition.slug])).content.decode()
    assert "B/187/PP.00.05/2026" in edition_page
    for person in (admin_lokal, upp_staff):
        client.force_login(person)
        html = client.get(_url("agency_results", edition)).content.decode()
        assert "Layanan Adminduk Keliling" in html and "Surat pernyataan tidak ditandatangani." in html
        assert "Pelayanan Dukcapil Jemput Bola" not in html
    client.force_login(other_agency_staff)
    assert "Layanan Adminduk Keliling" not in client.get(_url("agency_results", edition)).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_agency_results_query_count_is_constant(
    client, secretariat, edition, proposal_of, unit, admin_lokal, count, django_assert_num_queries
):
    for number in range(count):
        proposal = proposal_of(title=f"Inovasi {number}", unit=unit)
        services.record_decision(proposal=proposal, outcome=PASS, by=secretariat)
    announcement = services.request_publication(
        edition=edition, number="B/187/PP.00.05/2026", letter_date="2026-05-22", by=secretariat
    )
    services.publish_screening_results(announcement=announcement)
    client.force_login(admin_lokal)

    with django_assert_num_queries(9):
        response = client.get(_url("agency_results", edition))

    assert len(response.context["proposals"]) == count
    assert all(proposal.status == Proposal.Status.PASSED for proposal in response.context["proposals"])


@pytest.mark.parametrize("count", [1, 3])
def test_index_query_count_is_constant(client, secretariat, count, django_assert_num_queries):
    organiser = secretariat.organiser_memberships.get().organiser
    for number in range(count):
        EditionFactory(organiser=organiser, year=2020 + number, status=Edition.Status.PUBLISHED)
    client.force_login(secretariat)

    with django_assert_num_queries(7):
        response = client.get(reverse("judging:index"))

    assert len(response.context["managed"]) == count
