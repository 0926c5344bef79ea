"""Browser journey: a UPP staff member uploads a photo in the proposal editor and sees its thumbnail."""

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from tests import factories
from tests.competitions.factories import AttachmentTypeFactory
from tests.submissions import conftest as submissions_fixtures

pytestmark = pytest.mark.django_db(transaction=True)
# The edition with an open entry stage, its Umum group and a draft proposal of the upp_staff's unit.
open_edition = submissions_fixtures.open_edition
umum = submissions_fixtures.umum
proposal = submissions_fixtures.proposal
# Thumbnails load lazily: wait until the browser has the picture, not only the <img> element.
LOADED = (
    "selector => { const img = document.querySelector(selector); return img && img.complete && img.naturalWidth > 0; }"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def photo(tmp_path):
    """A 3000 x 2000 'photo' of a service counter: sky, a building, a queue of people."""
    image = Image.new("RGB", (3000, 2000), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1400, 3000, 2000), fill=(120, 110, 100))
    draw.rectangle((600, 500, 2400, 1400), fill=(240, 235, 220), outline=(140, 29, 24), width=30)
    draw.rectangle((1300, 900, 1700, 1400), fill=(140, 29, 24))
    for x in range(700, 2300, 260):
        draw.ellipse((x, 1450, x + 120, 1570), fill=(60, 40, 30))
        draw.rectangle((x + 10, 1570, x + 110, 1850), fill=(30, 80, 140))
    path = tmp_path / "loket pelayanan.jpg"
    image.save(path, "JPEG", quality=90)
    return path


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/dasbor/")


def test_upp_staff_uploads_a_photo_and_sees_the_thumbnail(
    live_server, browser, page, screenshot_dir, proposal, upp_staff, photo
):
    photos = AttachmentTypeFactory(
        edition=proposal.edition,
        name="Foto Sesudah Inovasi",
        description="Foto layanan setelah inovasi diterapkan.",
        allowed_extensions="jpg,jpeg,png",
        max_size_kb=5120,
        max_files=2,
        order=2,
    )
    sign_in(page, live_server, "upp@example.test")

    page.goto(live_server.url + reverse("submissions:edit", args=[proposal.pk]) + "#attachments")
    slot = page.locator(f"#attachments-type-{photos.pk}")
    slot.locator("input[type=file]").set_input_files(photo)
    slot.get_by_role("button", name="Unggah").click()

    thumbnail = page.locator(f"#attachments-type-{photos.pk} img.attachment-thumbnail")
    thumbnail.wait_for(state="visible")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function(LOADED, arg=f"#attachments-type-{photos.pk} img.attachment-thumbnail")
    assert page.locator(".attachment-panel-status").inner_text().strip() == "Terunggah: loket pelayanan.jpg."
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 400
    assert "2400 × 1600 px" in page.locator(f"#attachments-type-{photos.pk}").inner_text()  # noqa: RUF001
    assert proposal.attachments.get().original_name == "loket pelayanan.jpg"
    page.locator("#attachments").screenshot(path=screenshot_dir / "attachments-desktop.png")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    phone_page = phone.new_page()
    sign_in(phone_page, live_server, "upp@example.test")
    phone_page.goto(live_server.url + reverse("submissions:edit", args=[proposal.pk]))
    phone_thumbnail = phone_page.locator(f"#attachments-type-{photos.pk} img.attachment-thumbnail")
    phone_thumbnail.scroll_into_view_if_needed()
    phone_page.wait_for_function(LOADED, arg=f"#attachments-type-{photos.pk} img.attachment-thumbnail")
    phone_page.locator("#attachments").screenshot(path=screenshot_dir / "attachments-phone.png")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()


def test_refused_upload_shows_the_reason_beside_the_form(live_server, page, proposal, upp_staff, tmp_path):
    statement = proposal.edition.attachment_types.get(name="Surat Pernyataan")
    fake = tmp_path / "surat.pdf"
    fake.write_bytes(b"PK\x03\x04 ini arsip zip, bukan PDF")
    sign_in(page, live_server, "upp@example.test")

    page.goto(live_server.url + reverse("submissions:edit", args=[proposal.pk]))
    slot = page.locator(f"#attachments-type-{statement.pk}")
    slot.locator("input[type=file]").set_input_files(fake)
    slot.get_by_role("button", name="Unggah").click()

    alert = page.locator(f"#attachments-type-{statement.pk} .alert-danger")
    alert.wait_for(state="visible")
    assert "bukan berkas PDF yang sebenarnya" in alert.inner_text()
    assert not proposal.attachments.exists()
