"""Uji publik pages: every view for every role, the public form (window, rate limit, kept input),
the email link, the secretariat's decision, the evidence download, the outcome log without
identities, the agency page, and constant query counts on every list."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from judging.models import Decision, Objection
from judging.services.objections import confirm_objection_email, confirmation_token, decide_objection
from judging.views.objections import RATE_LIMIT
from notifications.models import Message
from submissions.models import Award
from tests import factories
from tests.conftest import ROLE_FIXTURES
from tests.judging.test_objections import (
    decide_finalists,
    evidence_upload,
    filed,
    objection_window,
    png_bytes,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLE_FIXTURES, "anonymous"]
GROUNDS = "Layanan ini sudah tidak berjalan sejak 2024; kantornya tutup setiap hari kerja."


@pytest.fixture
def window(edition):
    return objection_window(edition)


@pytest.fixture
def finalists(edition, umum, secretariat, unit, window):
    return decide_finalists(edition, umum, secretariat, own_unit=unit)


@pytest.fixture
def received(edition, finalists):
    objection = filed(edition, finalists["own"])
    confirm_objection_email(objection=objection)
    return objection


@pytest.fixture
def closed_edition(edition, umum, secretariat, unit):
    """The objection period ran from 10 to 5 days ago; one objection filed and rejected in it."""
    stage = objection_window(edition, opened_days_ago=10, closes_in_days=-5)
    finalists = decide_finalists(edition, umum, secretariat, own_unit=unit, announced_at=stage.starts_at)
    objection = filed(edition, finalists["own"], now=stage.starts_at + timedelta(days=1))
    confirm_objection_email(objection=objection)
    decide_objection(objection=objection, accept=False, reason="Layanan terbukti berjalan.", by=secretariat)
    return edition


def _post(client, edition, proposal, **overrides):
    data = {
        "name": "Budi Santoso",
        "email": "budi@example.test",
        "contact": "0812 3456 7890",
        "grounds": GROUNDS,
        "evidence": evidence_upload(),
        **overrides,
    }
    return client.post(reverse("judging:objection_new", args=[edition.slug, proposal.pk]), data)


# --- Permission matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_public_pages_open_to_everyone(as_role, role, edition, finalists, received):
    client, _user = as_role(role)
    token = confirmation_token(received)

    pages = [
        reverse("judging:objection_finalists", args=[edition.slug]),
        reverse("judging:objection_new", args=[edition.slug, finalists["A"].pk]),
        reverse("judging:objection_sent", args=[edition.slug]),
        reverse("judging:objection_log", args=[edition.slug]),
        reverse("judging:objection_confirm", args=[token]),
    ]

    assert [client.get(url).status_code for url in pages] == [200] * len(pages)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_secretariat_pages_by_role(as_role, role, edition, received):
    client, _user = as_role(role)
    pages = [
        reverse("judging:objections", args=[edition.slug]),
        reverse("judging:objection", args=[edition.slug, received.pk]),
        reverse("judging:objection_evidence", args=[edition.slug, received.pk]),
    ]

    statuses = [client.get(url).status_code for url in pages]
    decided = client.post(
        reverse("judging:objection_decide", args=[edition.slug, received.pk]),
        {"outcome": "reject", "reason": "Tidak terbukti."},
    )

    received.refresh_from_db()
    if role == "secretariat":
        assert statuses == [200, 200, 200]
        assert decided.status_code == 302
        assert received.status == Objection.Status.REJECTED
    elif role == "anonymous":
        assert statuses == [302, 302, 302]
        assert decided.status_code == 302 and "/akun/login/" in decided["Location"]
        assert received.status == Objection.Status.RECEIVED
    else:
        assert statuses == [404, 404, 404]
        assert decided.status_code == 404
        assert received.status == Objection.Status.RECEIVED


@pytest.mark.parametrize(
    ("role", "status", "sees_own"),
    [
        ("secretariat", 200, True),
        ("admin_lokal", 200, True),
        ("upp_staff", 200, True),
        ("other_agency_staff", 200, False),
        ("evaluator", 404, False),
        ("panelist", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_agency_objections_by_role(as_role, role, status, sees_own, edition, received):
    client, _user = as_role(role)

    response = client.get(reverse("judging:agency_objections", args=[edition.slug]))

    assert response.status_code == status
    assert (GROUNDS in response.content.decode()) is sees_own


def test_secretariat_of_another_organiser_gets_404(client, edition, received):
    other = factories.UserFactory(email="sekretariat.lain@example.test")
    provincial = factories.OrganiserFactory(name="Pemerintah Provinsi Jawa Timur", short_name="Jatim")
    factories.OrganiserMembershipFactory(user=other, organiser=provincial, role="secretariat")
    client.force_login(other)

    response = client.get(reverse("judging:objection", args=[edition.slug, received.pk]))

    assert response.status_code == 404


# --- Public journey ------------------------------------------------------------------------------


def test_finalists_page_offers_an_objection_link_per_finalist_while_open(client, edition, finalists):
    response = client.get(reverse("judging:objection_finalists", args=[edition.slug]))

    html = response.content.decode()
    for key in ("A", "D", "own"):
        assert reverse("judging:objection_new", args=[edition.slug, finalists[key].pk]) in html
    assert finalists["B"].title not in html
    assert "Ajukan keberatan" in html


def test_finalists_page_after_the_period_has_no_objection_links(client, closed_edition):
    response = client.get(reverse("judging:objection_finalists", args=[closed_edition.slug]))

    html = response.content.decode()
    assert "Klinik Kependudukan Keliling" in html
    assert "/keberatan/" not in html
    assert "ditutup" in html


def test_filing_through_the_form_sends_the_link_and_shows_check_your_email(client, edition, finalists):
    response = _post(client, edition, finalists["A"])

    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.status, objection.proposal) == (Objection.Status.UNVERIFIED, finalists["A"])
    message = Message.objects.get(event="objection_email_verification")
    assert message.to_email == "budi@example.test"
    page = client.get(response["Location"])
    assert "budi@example.test" in page.content.decode()


def test_bad_input_keeps_what_was_typed_and_asks_to_choose_the_file_again(client, edition, finalists):
    response = _post(client, edition, finalists["A"], email="bukan-email", grounds="Terlalu pendek, tapi disimpan")

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Budi Santoso"' in html
    assert "Terlalu pendek, tapi disimpan" in html
    assert "pilih lagi berkas bukti" in html.lower()
    assert Objection.objects.count() == 0


def test_a_file_that_is_not_what_it_claims_is_refused(client, edition, finalists):
    fake = evidence_upload("bukti.pdf", b"<html><script>alert(1)</script></html>")

    response = _post(client, edition, finalists["A"], evidence=fake)

    assert response.status_code == 400
    assert Objection.objects.count() == 0


def test_a_png_is_accepted_as_evidence(client, edition, finalists):
    response = _post(client, edition, finalists["A"], evidence=evidence_upload("foto.png", png_bytes()))

    assert response.status_code == 302
    assert Objection.objects.get().evidence_type in ("image/png", "image/jpeg")


def test_posting_outside_the_period_is_refused_with_a_message(client, closed_edition):
    proposal = Objection.objects.get().proposal

    response = _post(client, closed_edition, proposal)

    assert response.status_code == 403
    assert "Masa sanggah" in response.content.decode() or "masa sanggah" in response.content.decode()
    assert Objection.objects.count() == 1


def test_posting_for_a_proposal_that_is_not_a_finalist_is_404(client, edition, finalists):
    response = _post(client, edition, finalists["B"])

    assert response.status_code == 404


def test_the_form_is_rate_limited_per_address(client, edition, finalists):
    for _attempt in range(RATE_LIMIT):
        _post(client, edition, finalists["A"], email="bukan-email")

    response = _post(client, edition, finalists["A"])

    html = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak keberatan" in html and 'value="Budi Santoso"' in html
    assert Objection.objects.count() == 0


def test_the_email_link_confirms_only_with_the_button(client, edition, finalists, secretariat, admin_lokal):
    objection = filed(edition, finalists["own"])
    url = reverse("judging:objection_confirm", args=[confirmation_token(objection)])

    shown = client.get(url)
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UNVERIFIED
    assert "budi.santoso@example.test" in shown.content.decode()

    response = client.post(url)

    objection.refresh_from_db()
    assert response.status_code == 302
    assert objection.status == Objection.Status.RECEIVED
    assert "Terima kasih" in client.get(url).content.decode()
    assert set(Message.objects.filter(event="objection_received").values_list("to_email", flat=True)) == {
        "sekretariat@example.test",
        "adminlokal@example.test",
    }


def test_a_broken_link_says_so(client):
    response = client.get(reverse("judging:objection_confirm", args=["bukan-token"]))

    assert response.status_code == 400
    assert "tidak valid" in response.content.decode()


def test_english_pages_live_under_en(client, edition, finalists):
    response = client.get("/en" + reverse("judging:objection_finalists", args=[edition.slug]))

    assert response.status_code == 200
    assert "File an objection" in response.content.decode()


# --- Secretariat ---------------------------------------------------------------------------------


def test_evidence_is_served_by_the_view_and_never_linked_from_media(client, secretariat, edition, received):
    client.force_login(secretariat)

    detail = client.get(reverse("judging:objection", args=[edition.slug, received.pk])).content.decode()
    response = client.get(reverse("judging:objection_evidence", args=[edition.slug, received.pk]))

    assert f"/{settings.MEDIA_URL}" not in detail and received.evidence.name not in detail
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_detail_shows_the_objector_and_grounds_to_the_secretariat(client, secretariat, edition, received):
    client.force_login(secretariat)

    html = client.get(reverse("judging:objection", args=[edition.slug, received.pk])).content.decode()

    for text in ("Budi Santoso", "budi.santoso@example.test", "0812 3456 7890", GROUNDS):
        assert text in html


def test_decision_without_reason_is_refused_and_keeps_the_choice(client, secretariat, edition, received):
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:objection_decide", args=[edition.slug, received.pk]), {"outcome": "accept", "reason": ""}
    )

    assert response.status_code == 400
    assert 'value="accept"' in response.content.decode()
    assert "checked" in response.content.decode()
    received.refresh_from_db()
    assert received.status == Objection.Status.RECEIVED


def test_accepting_with_disqualification_from_the_page(client, secretariat, edition, finalists, received):
    client.force_login(secretariat)

    response = client.post(
        reverse("judging:objection_decide", args=[edition.slug, received.pk]),
        {"outcome": "accept", "reason": "Data palsu terbukti.", "disqualify": "on"},
    )

    assert response.status_code == 302
    assert not Decision.objects.filter(proposal=finalists["own"]).exists()
    assert not Award.objects.filter(innovation=finalists["own"].innovation).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Data palsu terbukti." in html
    assert "B/301/PP.00.05/2026" in html


def test_list_filters_by_status(client, secretariat, edition, finalists, received):
    filed(edition, finalists["A"], name="Belum Konfirmasi")
    client.force_login(secretariat)
    url = reverse("judging:objections", args=[edition.slug])

    default = client.get(url).content.decode()
    unverified = client.get(url, {"status": "unverified"}).content.decode()

    assert "Budi Santoso" in default and "Belum Konfirmasi" not in default
    assert "Belum Konfirmasi" in unverified and "Budi Santoso" not in unverified


# --- Outcome log ---------------------------------------------------------------------------------


def test_outcome_log_before_the_period_closes_says_when_it_is_published(client, edition, received, window):
    html = client.get(reverse("judging:objection_log", args=[edition.slug])).content.decode()

    assert "Klinik Kependudukan Keliling" not in html
    assert str(window.ends_at.year) in html


def test_outcome_log_after_the_period_never_shows_who_objected(client, closed_edition):
    html = client.get(reverse("judging:objection_log", args=[closed_edition.slug])).content.decode()

    assert "Klinik Kependudukan Keliling" in html
    assert "Layanan terbukti berjalan." in html
    for secret in ("Budi Santoso", "budi.santoso@example.test", "0812 3456 7890", GROUNDS):
        assert secret not in html


def test_agency_page_never_shows_who_objected(client, admin_lokal, edition, received):
    client.force_login(admin_lokal)

    html = client.get(reverse("judging:agency_objections", args=[edition.slug])).content.decode()

    assert GROUNDS in html
    for secret in ("Budi Santoso", "budi.santoso@example.test", "0812 3456 7890"):
        assert secret not in html


# --- Query counts --------------------------------------------------------------------------------


def _objections(edition, finalists, count, *, confirm=True):
    made = []
    for index in range(count):
        objection = filed(edition, finalists[("A", "D", "own")[index % 3]], email=f"warga{index}@example.test")
        if confirm:
            confirm_objection_email(objection=objection)
        made.append(objection)
    return made


QUERIES_FINALISTS = 4  # edition, its stages, the finalists, their decisions
QUERIES_LIST = 8
QUERIES_AGENCY = 7
QUERIES_LOG = 3  # edition, its stages, the objections


@pytest.mark.parametrize("count", [1, 3])
def test_finalists_page_query_count_is_constant(
    client, edition, umum, secretariat, window, count, django_assert_num_queries
):
    from tests.judging.conftest import make_proposal

    decide_finalists(edition, umum, secretariat)
    for index in range(count - 1):
        make_proposal(umum, title=f"Tambahan {index}")

    with django_assert_num_queries(QUERIES_FINALISTS):
        response = client.get(reverse("judging:objection_finalists", args=[edition.slug]))

    assert len(response.context["finalists"]) == 2


@pytest.mark.parametrize("count", [1, 3])
def test_secretariat_list_query_count_is_constant(
    client, secretariat, edition, finalists, count, django_assert_num_queries
):
    _objections(edition, finalists, count)
    client.force_login(secretariat)

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(reverse("judging:objections", args=[edition.slug]))

    assert len(response.context["objections"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_agency_page_query_count_is_constant(client, admin_lokal, edition, finalists, count, django_assert_num_queries):
    for _index in range(count):
        objection = filed(edition, finalists["own"])
        confirm_objection_email(objection=objection)
    client.force_login(admin_lokal)

    with django_assert_num_queries(QUERIES_AGENCY):
        response = client.get(reverse("judging:agency_objections", args=[edition.slug]))

    assert len(response.context["objections"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_outcome_log_query_count_is_constant(
    client, edition, umum, secretariat, unit, count, django_assert_num_queries
):
    stage = objection_window(edition, opened_days_ago=10, closes_in_days=-5)
    finalists = decide_finalists(edition, umum, secretariat, own_unit=unit, announced_at=stage.starts_at)
    for index in range(count):
        objection = filed(edition, finalists["own"], email=f"w{index}@example.test", now=stage.starts_at)
        confirm_objection_email(objection=objection)

    with django_assert_num_queries(QUERIES_LOG):
        response = client.get(reverse("judging:objection_log", args=[edition.slug]))

    assert len(response.context["objections"]) == count


# --- Django admin --------------------------------------------------------------------------------


QUERIES_ADMIN = 8


@pytest.mark.parametrize("count", [1, 3])
def test_admin_list_query_count_is_constant(client, edition, finalists, count, django_assert_num_queries):
    _objections(edition, finalists, count)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    with django_assert_num_queries(QUERIES_ADMIN):
        response = client.get(reverse("admin:judging_objection_changelist"))

    assert response.context["cl"].result_count == count


def test_admin_is_read_only_and_searches_filters(client, edition, finalists):
    _objections(edition, finalists, 2)
    filed(edition, finalists["A"], name="Siti Aminah", email="siti@example.test")
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:judging_objection_changelist")

    found = client.get(url, {"q": "siti@example.test"})
    unverified = client.get(url, {"status__exact": "unverified"})

    assert found.context["cl"].result_count == 1
    assert unverified.context["cl"].result_count == 1
    assert client.get(reverse("admin:judging_objection_add")).status_code == 403


# --- Links from existing pages -------------------------------------------------------------------


def test_edition_page_links_to_the_finalists_once_the_period_opened(client, edition, umum):
    public_page = reverse("judging:objection_finalists", args=[edition.slug])
    before = client.get(edition.get_absolute_url()).content.decode()
    objection_window(edition)

    after = client.get(edition.get_absolute_url()).content.decode()

    assert public_page not in before
    assert public_page in after and "Finalis & uji publik" in after


def test_secretariat_and_agencies_reach_their_objection_pages(client, secretariat, admin_lokal, edition):
    client.force_login(secretariat)
    shortlists = client.get(reverse("judging:shortlists", args=[edition.slug])).content.decode()
    client.force_login(admin_lokal)
    results = client.get(reverse("judging:agency_results", args=[edition.slug])).content.decode()

    assert reverse("judging:objections", args=[edition.slug]) in shortlists
    assert reverse("judging:agency_objections", args=[edition.slug]) in results
