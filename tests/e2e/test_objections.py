"""Uji publik in the browser: a citizen objects to a finalist (first with a mistake, then with
evidence), confirms through the emailed link; the secretariat rejects one objection and accepts
another, disqualifying the finalist; after the period the public reads the outcome log."""

from datetime import timedelta

import pytest

from competitions.models import Stage
from judging.models import Decision, Objection
from judging.services.objections import confirm_objection_email
from notifications.models import Message
from tests import factories
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.judging.test_objections import decide_finalists, filed, objection_window, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = factories.TEST_PASSWORD
GROUNDS = (
    "Layanan Puskesmas Terapung sudah tidak beroperasi sejak Januari 2025; kapalnya rusak dan "
    "tidak ada jadwal pelayanan. Foto dermaga dan surat warga terlampir."
)


def test_citizen_files_an_objection_and_the_secretariat_decides(live_server, page, screenshot_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    edition = EditionFactory(
        organiser=secretariat.organiser_memberships.get().organiser,
        year=2026,
        slug="kipp-2026",
        name="Kompetisi Inovasi Pelayanan Publik 2026",
        short_name="KIPP 2026",
    )
    window = objection_window(edition)
    finalists = decide_finalists(edition, GroupFactory(edition=edition, name="Kelompok Umum"), secretariat)
    evidence = tmp_path / "foto-dermaga.pdf"
    evidence.write_bytes(pdf_bytes())
    base = live_server.url

    # The citizen finds the finalists from the edition page.
    page.goto(f"{base}/kompetisi/kipp-2026/")
    page.get_by_role("link", name="Finalis & uji publik").click()
    page.get_by_role("heading", name="Finalis & uji publik").wait_for()
    page.screenshot(path=str(screenshot_dir / "objections_finalists.png"), full_page=True)
    page.get_by_role("row").filter(has_text="Puskesmas Terapung NTT").get_by_role(
        "link", name="Ajukan keberatan"
    ).click()

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "objections_form_phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # A mistake: too short grounds. What was typed stays; the file must be chosen again.
    page.get_by_label("Nama lengkap Anda").fill("Yohanes Bria")
    page.get_by_label("Nomor telepon atau kontak lain").fill("0813 3900 1122")
    page.get_by_label("Alamat email Anda").fill("yohanes.bria@example.test")
    page.get_by_label("Alasan keberatan").fill("Tidak berjalan.")
    page.get_by_label("Bukti").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim keberatan").click()
    page.get_by_text("Silakan pilih lagi berkas bukti").wait_for()
    assert page.get_by_label("Nama lengkap Anda").input_value() == "Yohanes Bria"
    page.screenshot(path=str(screenshot_dir / "objections_form_errors.png"), full_page=True)

    page.get_by_label("Alasan keberatan").fill(GROUNDS)
    page.get_by_label("Bukti").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim keberatan").click()
    page.get_by_role("heading", name="Periksa email Anda").wait_for()
    assert "yohanes.bria@example.test" in page.content()
    page.screenshot(path=str(screenshot_dir / "objections_check_email.png"), full_page=True)

    # The emailed link, as the citizen's mail program shows it.
    message = Message.objects.get(to_email="yohanes.bria@example.test", event="objection_email_verification")
    link = next(line for line in message.body_text.splitlines() if "/uji-publik/konfirmasi/" in line).strip()
    page.goto(base + link[link.index("/penjurian/") :])
    page.get_by_role("button", name="Konfirmasi dan kirim ke sekretariat").click()
    page.get_by_text("Terima kasih. Keberatan Anda sudah kami terima.").wait_for()
    page.screenshot(path=str(screenshot_dir / "objections_confirmed.png"), full_page=True)
    objection = Objection.objects.get(email="yohanes.bria@example.test")
    assert objection.status == Objection.Status.RECEIVED

    # A second, already confirmed objection about another finalist.
    other = filed(edition, finalists["A"], name="Sri Wahyuni", email="sri@example.test")
    confirm_objection_email(objection=other)

    # The secretariat rejects the first and accepts the second, disqualifying that finalist.
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill("sekretariat@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")
    page.goto(f"{base}/penjurian/kipp-2026/keberatan/")
    page.screenshot(path=str(screenshot_dir / "objections_secretariat_list.png"), full_page=True)
    page.get_by_role("row").filter(has_text="Puskesmas Terapung NTT").get_by_role("link").first.click()
    page.get_by_text(GROUNDS[:40]).wait_for()
    page.screenshot(path=str(screenshot_dir / "objections_secretariat_detail.png"), full_page=True)
    page.get_by_label("Tolak keberatan").check()
    page.get_by_label("Alasan keputusan").fill(
        "Verifikasi lapangan 3 Juli 2026: layanan berjalan dengan kapal pengganti."
    )
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan tersimpan").wait_for()
    page.screenshot(path=str(screenshot_dir / "objections_secretariat_rejected.png"), full_page=True)

    page.goto(f"{base}/penjurian/kipp-2026/keberatan/{other.pk}/")
    page.get_by_label("Kabulkan keberatan").check()
    page.get_by_label("Alasan keputusan").fill("Data jumlah penerima manfaat terbukti tidak benar.")
    page.get_by_label("Diskualifikasi finalis").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Finalis didiskualifikasi").wait_for()
    page.screenshot(path=str(screenshot_dir / "objections_secretariat_disqualified.png"), full_page=True)

    objection.refresh_from_db()
    other.refresh_from_db()
    assert (objection.status, other.status, other.disqualifies) == ("rejected", "accepted", True)
    assert not Decision.objects.filter(proposal=finalists["A"]).exists()
    assert Decision.objects.filter(proposal=finalists["D"]).exists()

    # The Admin Lokal of the agency reads the objection and its outcome, not who filed it.
    ntt = factories.UserFactory(email="admin.ntt@example.test", full_name="Maria Lakapu")
    factories.MembershipFactory(user=ntt, agency=finalists["D"].innovation.agency, role="admin_lokal")
    page.get_by_role("button", name="Keluar").click()
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill("admin.ntt@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")
    page.goto(f"{base}/penjurian/kipp-2026/keberatan-instansi/")
    agency_page = page.locator("main").inner_text()
    assert GROUNDS[:40] in agency_page and "Verifikasi lapangan 3 Juli 2026" in agency_page
    assert "Yohanes Bria" not in agency_page and "Klinik Adminduk Keliling" not in agency_page
    page.screenshot(path=str(screenshot_dir / "objections_agency.png"), full_page=True)

    # After the period the public reads the outcomes, without who objected.
    Stage.objects.filter(pk=window.pk).update(
        starts_at=window.starts_at - timedelta(days=10), ends_at=window.starts_at - timedelta(days=5)
    )
    page.context.clear_cookies()
    page.goto(f"{base}/penjurian/kipp-2026/uji-publik/hasil/")
    page.get_by_role("heading", name="Hasil uji publik").wait_for()
    log = page.locator("main").inner_text()
    assert "Verifikasi lapangan 3 Juli 2026" in log and "Finalis didiskualifikasi" in log
    for secret in ("Yohanes Bria", "yohanes.bria@example.test", "0813 3900 1122", "Sri Wahyuni"):
        assert secret not in log
    page.screenshot(path=str(screenshot_dir / "objections_outcome_log.png"), full_page=True)
