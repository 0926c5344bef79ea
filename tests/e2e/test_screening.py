"""The secretariat screens in the browser: sees a flagged near-duplicate pair side by side, decides
pass and fail (one by one and in bulk), publishes the result; the Admin Lokal then reads their
agency's result with the reason."""

from datetime import date

import pytest

from competitions.models import Stage
from judging import services
from judging.models import ScreeningAnnouncement
from tests import factories
from tests.competitions.factories import (
    AttachmentTypeFactory,
    CategoryFactory,
    EditionFactory,
    IdentificationQuestionFactory,
    StageFactory,
)
from tests.judging import texts
from tests.judging.conftest import build_form, make_proposal, task_runner, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["task_runner"]  # the fixture, imported so this module can use it

PASSWORD = factories.TEST_PASSWORD


def _sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Keluar").first.click()
    page.wait_for_load_state()


def test_screening_from_queue_to_published_result(live_server, page, screenshot_dir, settings, tmp_path, task_runner):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    agency = factories.AgencyFactory(name="Pemerintah Kota Surabaya", kind="kota")
    unit = factories.UnitFactory(agency=agency, name="Dinas Kependudukan dan Pencatatan Sipil")
    admin_lokal = factories.MembershipFactory(
        user=factories.UserFactory(email="adminlokal@example.test", full_name="Agus Prasetyo"),
        agency=agency,
        role="admin_lokal",
    ).user
    edition = EditionFactory(
        organiser=secretariat.organiser_memberships.get().organiser,
        year=2026,
        slug="kipp-2026",
        name="Kompetisi Inovasi Pelayanan Publik 2026",
        short_name="KIPP 2026",
    )
    StageFactory(
        edition=edition, kind=Stage.Kind.PROPOSAL_ENTRY, first_day=date(2026, 3, 16), last_day=date(2026, 4, 30)
    )
    StageFactory(
        edition=edition,
        kind=Stage.Kind.ADMINISTRATIVE_SCREENING,
        first_day=date(2026, 5, 8),
        last_day=date(2026, 5, 20),
    )
    IdentificationQuestionFactory(
        edition=edition, key="aplikasi", label="Apakah inovasi berupa aplikasi?", kind="yes_no"
    )
    AttachmentTypeFactory(edition=edition, name="Surat Pernyataan Implementasi")
    CategoryFactory(edition=edition, name="Pelayanan Publik Inklusif")
    umum = build_form(edition)
    original = make_proposal(umum, title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    copy = make_proposal(umum, title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY, unit=unit)
    make_proposal(umum, title="Posyandu Remaja Sehat", answers=texts.OTHER_TOPIC)
    services.run_screening_checks(edition=edition)
    base = live_server.url

    # 1. The queue: the pair is flagged; open the copy and compare it side by side.
    _sign_in(page, base, secretariat.email)
    page.goto(base + "/penjurian/kipp-2026/seleksi/")
    page.get_by_role("heading", name="Seleksi administrasi").wait_for()
    assert page.locator("tbody tr").count() == 3
    assert page.locator("tbody .finding", has_text="Teks nyaris sama").count() == 2
    page.screenshot(path=screenshot_dir / "screening-queue.png", full_page=True)
    page.get_by_role("link", name="Pelayanan Dukcapil Jemput Bola").click()
    page.get_by_role("link", name="Bandingkan berdampingan").click()
    page.get_by_role("heading", name="Perbandingan teks yang nyaris sama").wait_for()
    assert page.locator("mark", has_text="Banyuwangi").count() >= 1
    page.screenshot(path=screenshot_dir / "screening-pair.png", full_page=True)

    # 2. Decide: the copy fails with a reason; the other two pass in bulk.
    page.get_by_role("link", name="Pelayanan Dukcapil Jemput Bola").first.click()
    page.get_by_role("radio", name="Tidak lolos").check()
    page.get_by_label("Alasan (jika tidak lolos)").select_option("copied")
    page.get_by_label("Catatan").fill("Isi usulan sama dengan Layanan Adminduk Keliling dari instansi lain.")
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan untuk “Pelayanan Dukcapil Jemput Bola” disimpan.").wait_for()
    page.screenshot(path=screenshot_dir / "screening-decision.png", full_page=True)
    page.get_by_role("link", name="Antrean seleksi").click()
    page.locator(f'input.row-select[value="{original.pk}"]').check()
    page.get_by_label("Pilih Posyandu Remaja Sehat").check()
    assert page.locator("#selected-count").inner_text() == "2"
    page.get_by_role("button", name="Putuskan", exact=True).click()
    page.get_by_text("2 usulan sudah diputuskan.").wait_for()

    # 3. Publish the numbered letter.
    page.get_by_role("link", name="Umumkan hasil").click()
    page.get_by_label("Nomor surat").fill("B/187/PP.00.05/2026")
    page.get_by_label("Tanggal surat").fill("2026-05-22")
    page.get_by_role("button", name="Umumkan hasil").click()
    page.get_by_text("Hasil seleksi sedang diumumkan.").wait_for()
    wait_for(lambda: ScreeningAnnouncement.objects.filter(status="published").exists())
    page.reload()
    page.get_by_text("Instansi sudah diberi tahu.").wait_for()
    page.screenshot(path=screenshot_dir / "screening-published.png", full_page=True)
    _sign_out(page)

    # 4. The Admin Lokal reads the agency's result with the reason.
    _sign_in(page, base, admin_lokal.email)
    page.goto(base + "/penjurian/kipp-2026/hasil-seleksi/")
    page.get_by_role("heading", name="Hasil seleksi administrasi").wait_for()
    page.get_by_text("Isi usulan sama dengan Layanan Adminduk Keliling dari instansi lain.").wait_for()
    assert page.get_by_text("Layanan Adminduk Keliling", exact=True).count() == 0
    page.screenshot(path=screenshot_dir / "screening-agency-result.png", full_page=True)
    copy.refresh_from_db()
    assert copy.status == "failed"
