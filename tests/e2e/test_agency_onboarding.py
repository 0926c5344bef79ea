"""An agency requests an account, the secretariat verifies it, the Admin Lokal invites a UPP staff
member, who accepts and signs in — all in the browser."""

import re

import pytest

from notifications.models import Message
from tests import factories
from tests.agencies.conftest import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Sandi-Kuat-2026"


def _link(email: str, event: str) -> str:
    body = Message.objects.filter(to_email=email, event=event).latest("pk").body_text
    return re.search(r"https?://\S+?/(instansi/\S+?/)(?:\s|$)", body).group(1)


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Keluar").first.click()
    page.wait_for_load_state()


def test_agency_onboarding_to_first_upp_staff_login(live_server, page, screenshot_dir, tmp_path, settings):
    settings.SITE_URL = live_server.url
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina"), role="secretariat"
    ).user
    base = live_server.url
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(pdf_bytes())

    # 1. The agency asks for an account.
    page.goto(base + "/instansi/daftar/")
    page.get_by_label("Nama instansi").fill("Pemerintah Kabupaten Sleman")
    page.get_by_label("Jenis instansi").select_option("kabupaten")
    page.get_by_label("Wilayah").select_option(label="Kabupaten Sleman")
    page.get_by_label("Alamat", exact=False).first.fill("Jl. Parasamya, Sleman")
    page.get_by_label("Email resmi instansi").fill("organisasi@slemankab.go.id")
    page.get_by_label("Nomor telepon instansi").fill("0274-868405")
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Jabatan").fill("Kepala Bagian Organisasi")
    page.locator("#id_admin_email").fill("sri@slemankab.go.id")
    page.get_by_label("Nomor ponsel").fill("0812-2700-1234")
    page.locator("#id_letter").set_input_files(str(letter))
    page.screenshot(path=screenshot_dir / "agency-register.png", full_page=True)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_role("heading", name="Konfirmasi alamat email Anda").wait_for()

    page.goto(base + "/" + _link("sri@slemankab.go.id", "agency_email_verification"))
    page.get_by_role("button", name="Konfirmasi dan kirim ke sekretariat").click()
    page.get_by_text("sekarang berada di sekretariat").wait_for()

    # 2. The secretariat verifies it.
    _sign_in(page, base, secretariat.email, "Uji-Sandi-2026")
    page.goto(base + "/instansi/permohonan/")
    page.get_by_role("link", name="Pemerintah Kabupaten Sleman").click()
    page.screenshot(path=screenshot_dir / "agency-request-detail.png", full_page=True)
    page.get_by_role("button", name="Verifikasi instansi").click()
    page.get_by_text("terverifikasi").first.wait_for()
    _sign_out(page)

    # 3. The Admin Lokal activates the account, adds a UPP and invites a colleague.
    page.goto(base + "/" + _link("sri@slemankab.go.id", "agency_verified"))
    page.get_by_label("Nomor ponsel").fill("0812-2700-1234")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Buat akun saya").click()
    page.get_by_role("heading", name="Pemerintah Kabupaten Sleman").wait_for()
    page.get_by_role("link", name="Tambah UPP").click()
    page.get_by_label("Nama").first.fill("Dinas Kependudukan dan Pencatatan Sipil")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("link", name="Undang seseorang").first.click()
    page.get_by_label("Email").fill("budi@slemankab.go.id")
    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("UPP").select_option(label="Dinas Kependudukan dan Pencatatan Sipil")
    page.get_by_role("button", name="Kirim undangan").click()
    page.get_by_text("Undangan dikirim ke budi@slemankab.go.id").wait_for()
    page.screenshot(path=screenshot_dir / "agency-detail-admin-lokal.png", full_page=True)
    _sign_out(page)

    # 4. The colleague accepts and signs in.
    page.goto(base + "/" + _link("budi@slemankab.go.id", "invitation"))
    page.get_by_label("Nomor ponsel").fill("0813-1111-2222")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.screenshot(path=screenshot_dir / "invitation-accept.png", full_page=True)
    page.get_by_role("button", name="Buat akun saya").click()
    page.get_by_role("heading", name="Pemerintah Kabupaten Sleman").wait_for()
    _sign_out(page)
    _sign_in(page, base, "budi@slemankab.go.id", PASSWORD)

    assert page.locator(".role-list").get_by_text("Staf UPP").is_visible()
    assert page.locator(".role-list").get_by_text("Dinas Kependudukan dan Pencatatan Sipil").is_visible()
    page.screenshot(path=screenshot_dir / "dashboard-new-upp-staff.png", full_page=True)
