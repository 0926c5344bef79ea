"""The secretariat's organiser dashboard in a real browser, on a desktop and on a phone: the funnel,
the charts by agency type and province, the jury's progress, and the agencies without a proposal."""

import pytest
from django.utils import timezone

from agencies.models import Agency
from jury.models import Assignment, Nomination, Review
from submissions.models import Award, Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.dashboards.conftest import agency, proposal
from tests.jury.factories import PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Proposal.Status
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def edition():
    return EditionFactory(organiser=base.OrganiserFactory(), slug="kipp-dasbor", year=2026)


@pytest.fixture
def group(edition):
    return GroupFactory(edition=edition, name="Kelompok Umum")


@pytest.fixture
def scene(secretariat, edition, group):
    """Agencies of several types and provinces with proposals at every stage, and a jury round."""
    entrants = [
        agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78"),
        agency("Pemerintah Kabupaten Banyuwangi", Agency.Kind.KABUPATEN, "35.10"),
        agency("Pemerintah Provinsi Jawa Barat", Agency.Kind.PROVINSI, "32"),
        agency("Pemerintah Kota Makassar", Agency.Kind.KOTA, "73.71"),
        agency("Kementerian Kesehatan", Agency.Kind.KEMENTERIAN),
        agency("Badan Pusat Statistik", Agency.Kind.LEMBAGA),
    ]
    agency("Pemerintah Provinsi Papua", Agency.Kind.PROVINSI, "91", email="biro.organisasi@papua.go.id")
    agency("Pemerintah Kabupaten Jayapura", Agency.Kind.KABUPATEN, "91.03")
    agency("Pemerintah Provinsi Aceh", Agency.Kind.PROVINSI, "11")
    statuses = [S.PASSED, S.PASSED, S.FORWARDED, S.SUBMITTED, S.DRAFT, S.FAILED, S.RETURNED]
    passed = []
    for index, entrant in enumerate(entrants):
        for status in statuses[index % 3 : index % 3 + 4]:
            item = proposal(entrant, group, status, submitted_at=timezone.now() if status != S.DRAFT else None)
            if status == S.PASSED:
                passed.append(item)
    jury_round = RoundFactory(panel=PanelFactory(edition=edition), name="Penilaian Desk Tahap 1")
    juror = base.UserFactory(full_name="Dr. Sri Wahyuni")
    for index, item in enumerate(passed):
        Assignment.objects.create(round=jury_round, juror=juror, proposal=item)
        if index % 3:
            Review.objects.create(round=jury_round, juror=juror, proposal=item, status=Review.Status.SUBMITTED)
    for item in passed[:4]:
        Nomination.objects.create(round=jury_round, proposal=item, status=Nomination.Status.CONFIRMED)
    for item in passed[:3]:
        Award.objects.create(innovation=item.innovation, year=2026, tier=Award.Tier.TOP_99, edition=edition)
    Award.objects.create(innovation=passed[0].innovation, year=2026, tier=Award.Tier.TOP_45, edition=edition)
    return edition


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(base.TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/dasbor/")


def test_secretariat_reads_the_dashboard_and_lists_agencies_without_a_proposal(
    live_server, page, screenshot_dir, secretariat, scene
):
    sign_in(page, live_server, secretariat.email)

    page.goto(live_server.url + "/dasbor-penyelenggara/")
    page.get_by_role("link", name=scene.name).click()

    assert page.get_by_role("heading", level=1, name=scene.name).is_visible()
    kpis = page.locator(".dash-kpi")
    assert kpis.first.inner_text().split() == ["Instansi", "terdaftar", "9"]
    assert page.locator("#funnel-table tbody tr").count() == 8
    assert page.locator("#kind-chart-caption").is_visible()
    assert page.locator(".dash-chart-row svg").count() >= 7 + 38
    assert page.get_by_role("link", name="Penilaian Desk Tahap 1").is_visible()
    assert page.locator("#jury-table tbody tr td").nth(2).inner_text() == "4 dari 6"
    # The charts are drawn by the server: every bar has its width before any script runs.
    widths = page.locator(".dash-funnel rect").evaluate_all("rects => rects.map(r => r.getBBox().width)")
    assert widths[0] > 0 and widths[-1] > 0
    assert page.evaluate("document.querySelector('main').scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshot_dir / "organiser-dashboard-desktop.png", full_page=True)

    page.get_by_role("link", name="Daftar instansi yang belum punya usulan").click()
    page.get_by_label("Provinsi").select_option(label="Papua")
    page.get_by_role("button", name="Tampilkan").click()

    rows = page.locator("#compliance-table tbody tr")
    assert rows.count() == 2
    assert "biro.organisasi@papua.go.id" in rows.nth(1).inner_text()
    summary = page.locator("#compliance-summary").inner_text()
    assert "2 dari 2 instansi terverifikasi (100%) belum punya usulan." in summary
    page.screenshot(path=screenshot_dir / "organiser-dashboard-compliance-desktop.png", full_page=True)


def test_dashboard_fits_a_phone(live_server, browser, screenshot_dir, secretariat, scene):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, secretariat.email)

    page.goto(live_server.url + f"/dasbor-penyelenggara/{scene.slug}/")

    assert page.get_by_role("heading", level=1, name=scene.name).is_visible()
    # Nothing may stick out sideways; the wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    label = page.locator(".dash-chart-row .dash-label").first.bounding_box()
    bar = page.locator(".dash-chart-row .dash-bar").first.bounding_box()
    assert bar["y"] > label["y"]  # on a phone the label sits above its bar
    page.screenshot(path=screenshot_dir / "organiser-dashboard-mobile.png", full_page=True)
    page.screenshot(path=screenshot_dir / "organiser-dashboard-mobile-top.png")
    context.close()
