import csv
import io

import pytest
from django.urls import reverse

from agencies.models import Agency
from jury.models import Assignment, Review
from submissions.models import Award, Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory
from tests.dashboards.conftest import agency, proposal
from tests.dashboards.html import table_rows, text_of
from tests.jury.factories import PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status

ROLES = [
    "anonymous",
    "upp_staff",
    "admin_lokal",
    "other_agency_staff",
    "evaluator",
    "panelist",
    "other_secretariat",
    "secretariat",
    "superuser",
]
EDITION_PAGES = {
    "anonymous": "login",
    "upp_staff": 404,
    "admin_lokal": 404,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "other_secretariat": 404,
    "secretariat": 200,
    "superuser": 200,
}


def _expect(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("view", ["edition", "funnel_csv", "compliance"])
@pytest.mark.parametrize("role", ROLES)
def test_edition_pages_by_role(as_role, edition, group, role, view):
    proposal(agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78"), group, S.FORWARDED)
    client, _user = as_role(role)

    response = client.get(reverse(f"dashboards:{view}", args=[edition.slug]))

    _expect(response, EDITION_PAGES[role])
    if EDITION_PAGES[role] == 200 and view == "edition":
        assert edition.name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_index_by_role_lists_only_the_users_editions(as_role, edition, role):
    client, _user = as_role(role)

    response = client.get(reverse("dashboards:index"))

    expected = {**EDITION_PAGES, "other_secretariat": 200}[role]
    _expect(response, expected)
    if expected == 200:
        shows = edition.name in response.content.decode()
        assert shows is (role != "other_secretariat")


def test_edition_page_for_unknown_edition_is_404(client, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("dashboards:edition", args=["tidak-ada"]))

    assert response.status_code == 404


def test_dashboard_pages_refuse_post(client, secretariat, edition):
    client.force_login(secretariat)

    response = client.post(reverse("dashboards:edition", args=[edition.slug]))

    assert response.status_code == 405


@pytest.fixture
def filled(edition, group):
    """Kota Surabaya with a winner and a draft; Provinsi Papua with nothing; a round half done."""
    surabaya = agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78")
    agency("Pemerintah Provinsi Papua", Agency.Kind.PROVINSI, "91", email="biro.organisasi@papua.go.id")
    winner = proposal(surabaya, group, S.PASSED)
    Award.objects.create(innovation=winner.innovation, year=2026, tier=Award.Tier.TOP_45, edition=edition)
    proposal(surabaya, group, S.DRAFT)
    jury_round = RoundFactory(panel=PanelFactory(edition=edition), name="Penilaian Desk Tahap 1")
    juror = base.UserFactory()
    for item in (winner, proposal(surabaya, group, S.PASSED)):
        Assignment.objects.create(round=jury_round, juror=juror, proposal=item)
    Review.objects.create(round=jury_round, juror=juror, proposal=winner, status=Review.Status.SUBMITTED)
    return jury_round


def test_edition_page_shows_the_funnel_compliance_and_jury_progress(client, secretariat, edition, filled):
    client.force_login(secretariat)

    response = client.get(reverse("dashboards:edition", args=[edition.slug]))

    html = response.content.decode()
    funnel = [row[1:] for row in table_rows(html, "funnel-table")[1:]]
    assert funnel == [
        ["2", "—", "—"],
        ["3", "100%", "—"],
        ["2", "66,7%", "66,7%"],
        ["2", "66,7%", "100%"],
        ["2", "66,7%", "100%"],
        ["0", "0%", "0%"],
        ["1", "33,3%", "—"],
        ["1", "33,3%", "100%"],
    ]
    labels = [row[0] for row in table_rows(html, "funnel-table")[1:]]
    assert labels[0] == "Instansi terdaftar Instansi terverifikasi, ikut serta atau belum."
    assert labels[-1] == "Pemenang Top 45 dan Outstanding Achievement edisi ini."
    kinds = table_rows(html, "kind-table")
    assert kinds[5] == ["Pemerintah Kota", "1", "3", "2", "2", "2", "0", "1", "1", "0 (100% ikut serta)"]
    assert kinds[3] == ["Pemerintah Provinsi", "1", "0", "0", "0", "0", "0", "0", "0", "1 (0% ikut serta)"]
    provinces = {row[0]: row[1:3] for row in table_rows(html, "province-table")[1:]}
    assert provinces["Jawa Timur"] == ["1", "3"] and provinces["Papua"] == ["1", "0"]
    text = text_of(html)
    assert "1 dari 2 instansi terverifikasi belum punya usulan pada edisi ini; 50% ikut serta." in text
    assert table_rows(html, "jury-table")[1][0].startswith("Penilaian Desk Tahap 1")
    assert table_rows(html, "jury-table")[1][2] == "1 dari 2"
    # Bar widths are written with a dot on Indonesian pages too (SVG reads no decimal comma).
    assert '<rect width="50" height="10" fill="#198754"/>' in html
    assert 'style="' not in html.split('<main id="main"', 1)[1]


def test_edition_page_without_jury_rounds_says_so(client, secretariat, edition, group):
    client.force_login(secretariat)

    response = client.get(reverse("dashboards:edition", args=[edition.slug]))

    assert "Belum ada babak penjurian untuk edisi ini." in text_of(response.content.decode())


def test_funnel_csv_has_total_kind_and_province_rows(client, secretariat, edition, filled):
    client.force_login(secretariat)

    response = client.get(reverse("dashboards:funnel_csv", args=[edition.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kipp-dasbor-funnel-')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Rincian", "Nama", "Instansi terdaftar"]
    assert rows[1] == ["Total", "KIPP 2026", "2", "3", "2", "2", "2", "0", "1", "1", "1", "1"]
    assert ["Jenis instansi", "Pemerintah Kota", "1", "3", "2", "2", "2", "0", "1", "1", "0", "0"] in rows
    assert ["Provinsi", "Papua", "1", "0", "0", "0", "0", "0", "0", "0", "1", "1"] in rows
    assert len(rows) == 1 + 1 + 7 + 38


def test_compliance_page_lists_agencies_without_a_proposal(client, secretariat, edition, filled):
    client.force_login(secretariat)

    response = client.get(reverse("dashboards:compliance", args=[edition.slug]))

    html = response.content.decode()
    assert table_rows(html, "compliance-table")[1:] == [
        ["Pemerintah Provinsi Papua", "Pemerintah Provinsi", "Papua", "biro.organisasi@papua.go.id"]
    ]
    assert "1 dari 2 instansi terverifikasi (50%) belum punya usulan." in text_of(html)


def test_compliance_page_filters_and_shows_admin_lokal(client, secretariat, edition, group):
    papua = agency("Pemerintah Provinsi Papua", Agency.Kind.PROVINSI, "91")
    admin = base.UserFactory(full_name="Yohana Wenda", email="yohana@papua.go.id")
    base.MembershipFactory(user=admin, agency=papua)
    jayapura = agency("Pemerintah Kabupaten Jayapura", Agency.Kind.KABUPATEN, "91.03")
    proposal(jayapura, group, S.DRAFT)
    agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78")
    client.force_login(secretariat)
    papua_province = papua.region

    response = client.get(
        reverse("dashboards:compliance", args=[edition.slug]), {"missing": "forwarded", "province": papua_province.pk}
    )

    html = response.content.decode()
    assert table_rows(html, "compliance-table")[1:] == [
        ["Pemerintah Kabupaten Jayapura", "Pemerintah Kabupaten", "Papua", "Belum ada Admin Lokal", "1"],
        ["Pemerintah Provinsi Papua", "Pemerintah Provinsi", "Papua", "Yohana Wenda · yohana@papua.go.id", "0"],
    ]
    assert "2 dari 2 instansi terverifikasi (100%) belum meneruskan apa pun ke penyelenggara." in text_of(html)


def test_compliance_page_with_bad_filter_shows_the_error_and_keeps_the_input(client, secretariat, edition):
    agency("Pemerintah Provinsi Papua", Agency.Kind.PROVINSI, "91")
    client.force_login(secretariat)

    response = client.get(
        reverse("dashboards:compliance", args=[edition.slug]), {"kind": "desa", "missing": "forwarded"}
    )

    html = response.content.decode()
    assert "Masukkan pilihan yang valid. desa bukan salah satu dari pilihan yang tersedia." in text_of(html)
    assert '<option value="forwarded" selected>' in html
    assert table_rows(html, "compliance-table")[1][0] == "Pemerintah Provinsi Papua"


def _many(edition, group, n: int) -> None:
    """`n` agencies in `n` provinces, each with a proposal, a winner award and a jury assignment,
    plus `n` agencies without a proposal and `n` rounds."""
    codes = ["11", "35", "91"]
    panel = PanelFactory(edition=edition)
    for index in range(n):
        entrant = agency(f"Pemerintah Provinsi {index}", Agency.Kind.PROVINSI, codes[index])
        base.MembershipFactory(agency=entrant)
        entry = proposal(entrant, group, S.PASSED)
        Award.objects.create(innovation=entry.innovation, year=2026, tier=Award.Tier.TOP_45, edition=edition)
        jury_round = RoundFactory(panel=panel)
        Assignment.objects.create(round=jury_round, juror=base.UserFactory(), proposal=entry)
        absent = agency(f"Pemerintah Kota {index}", Agency.Kind.KOTA, None)
        base.MembershipFactory(agency=absent)


# Session, user, the edition with its stages and the secretariat check; the page's own reads
# (provinces, verified agencies, proposals and three for the jury rounds on the dashboard; the
# count, the page, the Admin Lokal of its agencies, the verified count and the province choices on
# the compliance list); then the layout's roles (two) and unread-notifications badge.
@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("view", "queries"), [("edition", 14), ("compliance", 13), ("funnel_csv", 8)])
def test_edition_pages_query_count_is_constant(
    client, secretariat, edition, group, django_assert_num_queries, n, view, queries
):
    _many(edition, group, n)
    client.force_login(secretariat)
    url = reverse(f"dashboards:{view}", args=[edition.slug])

    with django_assert_num_queries(queries):
        response = client.get(url, {"missing": "forwarded"} if view == "compliance" else {})

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_index_query_count_is_constant(client, secretariat, organiser, django_assert_num_queries, n):
    for index in range(n):
        EditionFactory(organiser=organiser, year=2020 + index)
    client.force_login(secretariat)

    with django_assert_num_queries(7):
        response = client.get(reverse("dashboards:index"))

    assert len(table_rows(response.content.decode(), "editions-table")) == n + 1
