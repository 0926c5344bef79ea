"""The secretariat publishes in the browser: generates the book and watches its progress (htmx polls
while a worker lays it out), issues the certificates, revokes one with a reason; the public then
checks a certificate by its code. The book's cover, contents and an entry page, and a certificate,
are rendered to PNG (pdftoppm) beside the screenshots, to be looked at."""

import subprocess

import pytest

from publications import services
from publications.models import Book, Certificate
from sinovik.celery import app as celery_app
from submissions.models import Award
from tests import factories
from tests.publications.factories import book_of, pages_of, published_winners
from tests.showcase.factories import archived_edition

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = factories.TEST_PASSWORD


@pytest.fixture
def queued_only():
    """Tasks are queued on an in-memory broker and nobody consumes them: the test plays the worker,
    calling the same service the task calls, while the browser watches."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def pdf_page_png(pdf, number: int, target) -> None:
    stem = str(target).removesuffix(".png")
    subprocess.run(  # noqa: S603 - poppler-utils on a file the test made
        ["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile", str(pdf), stem],  # noqa: S607
        check=True,
    )


def test_secretariat_builds_the_book_issues_and_revokes_a_certificate(
    live_server, page, screenshot_dir, settings, tmp_path, queued_only
):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    edition = archived_edition(2023)
    published_winners(edition, secretariat)
    book = book_of(edition, by=secretariat)
    base = live_server.url

    # 1. The edition's publications page: the book is defined, not generated yet.
    sign_in(page, base, secretariat.email)
    page.goto(base + "/publikasi/edisi/kipp-2023/")
    page.get_by_role("heading", name="Publikasi KIPP 2023").wait_for()
    page.get_by_text("Belum dibuat").wait_for()

    # 2. Generate: the task waits for a worker; the card polls and shows each step as it comes.
    page.get_by_role("button", name="Buat", exact=True).click()
    page.get_by_text("Buku sedang dibuat. Kemajuannya tampil di halaman ini.").wait_for()
    page.get_by_text("Menunggu giliran diproses").wait_for()
    book.refresh_from_db()
    shots = []

    def watch(number: int) -> None:
        if number == 5 and not shots:
            page.get_by_text("Menata halaman").wait_for(timeout=10_000)  # the next poll, within 2 s
            page.screenshot(path=screenshot_dir / "publications-book-progress.png", full_page=True)
            shots.append(page.locator("progress.pub-progress").get_attribute("value"))

    services.build_book(book_id=book.pk, token=str(book.build_token), page_callback=watch)
    page.get_by_text("SHA-256").wait_for(timeout=10_000)
    book.refresh_from_db()
    assert shots and 25 <= int(shots[0]) <= 90
    assert page.locator("code.pub-checksum").inner_text() == book.sha256
    assert page.locator(f"#book-{book.pk}").get_attribute("hx-trigger") is None
    page.screenshot(path=screenshot_dir / "publications-book-ready.png", full_page=True)

    # 3. The PDF's cover, contents and first entry, for a person to look at.
    pages = pages_of(book.file.path)
    contents = next(index for index, text in enumerate(pages) if "Daftar Isi" in text) + 1
    entry = next(index for index, text in enumerate(pages) if "Hasil dan Dampak" in text) + 1
    for name, number in [("cover", 1), ("contents", contents), ("entry", entry)]:
        pdf_page_png(book.file.path, number, screenshot_dir / f"publications-book-{name}.png")

    # 4. Certificates: issued at once, their PDFs made by the worker while the count polls.
    page.get_by_role("button", name="Terbitkan dan buat").click()
    page.get_by_text("5 sertifikat; PDF-nya sedang dibuat.").wait_for()
    page.get_by_text("0 dari 5 sertifikat yang berlaku sudah dibuat").wait_for()
    services.generate_certificates(edition_id=edition.pk)
    page.get_by_text("5 dari 5 sertifikat yang berlaku sudah dibuat").wait_for(timeout=10_000)
    outstanding = Certificate.objects.get(tier=Award.Tier.OUTSTANDING)
    pdf_page_png(outstanding.file.path, 1, screenshot_dir / "publications-certificate.png")

    # 5. Revoke the Top 45 certificate, with the reason the public will read.
    top45 = Certificate.objects.get(tier=Award.Tier.TOP_45)
    page.locator("tr", has_text=top45.display_code).get_by_role("link", name="Cabut").click()
    page.get_by_role("button", name="Cabut").click()
    page.get_by_text("Bidang ini tidak boleh kosong.").wait_for()
    page.get_by_label("Alasan").fill("Data kinerja tidak benar (SK Menteri PANRB No. 12 Tahun 2024).")
    page.get_by_role("button", name="Cabut").click()
    page.get_by_text(f"Sertifikat {top45.display_code} telah dicabut.").wait_for()
    assert page.locator("tr", has_text=top45.display_code).get_by_text("Dicabut").count() == 1
    page.screenshot(path=screenshot_dir / "publications-certificates.png", full_page=True)
    page.get_by_role("button", name="Keluar").first.click()
    page.wait_for_load_state()

    # 6. Anyone checks a certificate by the code printed on it.
    page.goto(base + "/publikasi/")
    page.get_by_label("Kode verifikasi").fill(outstanding.display_code.lower())
    page.get_by_role("button", name="Periksa").click()
    page.get_by_text("SAH", exact=True).wait_for()
    page.get_by_text("Honai Adminduk: Dokumen Kependudukan di Lembah Baliem").wait_for()
    page.screenshot(path=screenshot_dir / "publications-verify-valid.png", full_page=True)
    page.goto(base + top45.get_absolute_url())
    page.get_by_text("DICABUT", exact=True).wait_for()
    page.get_by_text("Data kinerja tidak benar (SK Menteri PANRB No. 12 Tahun 2024).").wait_for()
    page.screenshot(path=screenshot_dir / "publications-verify-revoked.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshot_dir / "publications-verify-revoked-mobile.png", full_page=True)

    # 7. The published book is on the public publications page.
    page.goto(base + "/publikasi/")
    page.get_by_role("link", name=book.title).wait_for()
    assert Book.objects.get().status == Book.Status.READY
