"""The public showcase in a real browser: a visitor searches, filters by province, opens an
innovation, plays nothing until asked, and switches to English; on a desktop and on a phone."""

import io

import pytest

from competitions.models import Sdg
from showcase import services
from showcase.demo import demo_photo
from showcase.models import PublicProfile
from submissions.models import Award
from tests.factories import UserFactory
from tests.showcase.factories import agency_in, archived_edition, awarded_innovation, publish_edition

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def showcase(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests start from an empty database; put back the goals the migration loads.
    for number, name in [(3, "Kehidupan Sehat dan Sejahtera"), (10, "Berkurangnya Kesenjangan"), (16, "Perdamaian")]:
        Sdg.objects.get_or_create(number=number, defaults={"name": name, "name_en": name})
    secretariat = UserFactory(email="sekretariat.e2e@example.test")
    edition = archived_edition(2023)
    surabaya = agency_in("Kota Surabaya", name="Pemerintah Kota Surabaya")
    jayawijaya = agency_in("Kabupaten Jayawijaya", name="Pemerintah Kabupaten Jayawijaya", kind="kabupaten")
    makassar = agency_in("Kota Makassar", name="Pemerintah Kota Makassar")
    awarded_innovation(
        edition=edition,
        title="Klinik Kependudukan Keliling",
        agency=surabaya,
        unit_name="Dinas Kependudukan dan Pencatatan Sipil",
        summary="Petugas pencatatan sipil mendatangi warga di kelurahan dengan mobil layanan.",
        tier=Award.Tier.TOP_45,
        category="Administrasi Kependudukan",
        sdgs=(16,),
    )
    awarded_innovation(
        edition=edition,
        title="Honai Adminduk: Dokumen Kependudukan di Lembah Baliem",
        agency=jayawijaya,
        unit_name="Dinas Kependudukan dan Pencatatan Sipil",
        summary="Perekaman dokumen kependudukan di honai adat bersama kepala suku.\n\nAkta lahir selesai di tempat.",
        tier=Award.Tier.OUTSTANDING,
        category="Administrasi Kependudukan",
        sdgs=(10, 16),
    )
    awarded_innovation(
        edition=edition,
        title="Sombere Lansia",
        agency=makassar,
        unit_name="Puskesmas Kota",
        summary="Pemeriksaan kesehatan lansia di rumah oleh tim puskesmas.",
        sdgs=(3,),
    )
    for profile in services.draft_profiles_for(edition=edition, by=secretariat):
        for offset in range(3):
            services.add_photo(
                profile=profile, by=secretariat, upload=io.BytesIO(demo_photo(profile.innovation_id * 3 + offset))
            )
    publish_edition(edition, secretariat)
    honai = PublicProfile.objects.get(title__startswith="Honai")
    honai.title_en = "Honai Adminduk: Civil Registration in the Baliem Valley"
    honai.video_url = "https://www.youtube.com/watch?v=abcDEF12345"
    services.save_profile(profile=honai, by=secretariat)
    return honai


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("mobile", PHONE)])
def test_visitor_searches_filters_opens_an_innovation_and_switches_to_english(
    live_server, browser, screenshot_dir, showcase, device, viewport
):
    context, page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/inovasi/")
    assert page.locator("h1").inner_text() == "Inovasi pelayanan publik"
    assert page.locator(".sc-count dd").first.inner_text() == "3"
    page.screenshot(path=screenshot_dir / f"showcase-{device}-1-home.png", full_page=True)

    page.fill("#sc-q", "kependudukn")  # a typo: the search still finds "kependudukan"
    page.locator(".sc-search button[type=submit]").click()
    page.wait_for_url("**q=kependudukn**")
    titles = page.locator(".sc-card-title").all_inner_texts()
    assert sorted(titles) == ["Honai Adminduk: Dokumen Kependudukan di Lembah Baliem", "Klinik Kependudukan Keliling"]

    if device == "mobile":
        page.locator(".sc-filter-box > summary").click()
    page.select_option("#f-province", "95")  # applies on change
    page.wait_for_url("**province=95**")
    assert page.locator(".sc-card-title").all_inner_texts() == ["Honai Adminduk: Dokumen Kependudukan di Lembah Baliem"]
    assert "Provinsi: Papua Pegunungan" in page.locator(".sc-chips").inner_text()
    page.screenshot(path=screenshot_dir / f"showcase-{device}-2-filtered.png", full_page=True)

    page.locator(".sc-card-title a").first.click()
    page.wait_for_url(f"**{showcase.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Honai Adminduk: Dokumen Kependudukan di Lembah Baliem"
    assert page.get_by_text("Kabupaten Jayawijaya, Papua Pegunungan").is_visible()
    assert page.locator("iframe").count() == 0
    page.screenshot(path=screenshot_dir / f"showcase-{device}-3-innovation.png", full_page=True)

    page.locator("[data-video-play]").click()
    frame = page.locator(".sc-video iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/abcDEF12345")

    if device == "mobile":
        page.locator(".navbar-toggler").click()
    page.locator(".language-switcher button[value=en]").click()
    page.wait_for_url(f"**/en{showcase.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Honai Adminduk: Civil Registration in the Baliem Valley"
    assert page.locator(".sc-summary").get_attribute("lang") == "id"
    assert page.get_by_text("At a glance").is_visible()
    page.screenshot(path=screenshot_dir / f"showcase-{device}-4-english.png", full_page=True)
    context.close()


def test_statistics_page_draws_the_charts(live_server, browser, screenshot_dir, showcase):
    context, page = new_page(browser, DESKTOP)

    page.goto(f"{live_server.url}/en/inovasi/statistik/")

    assert page.locator("h1").inner_text() == "Innovation statistics"
    provinces = page.locator("#by-province").locator("xpath=..").locator(".sc-bar")
    assert provinces.count() == 3
    assert page.locator(".sc-bar-fill").first.get_attribute("width") == "100.0"
    page.screenshot(path=screenshot_dir / "showcase-desktop-5-statistics.png", full_page=True)
    context.close()
