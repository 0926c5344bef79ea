"""UPP staff write with autosave (a reload keeps the text, an offline edit survives), submit; the
Admin Lokal returns with a comment; the revision meets a stale second tab, which is refused without
losing its text; it is resubmitted and forwarded."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from competitions.models import Sdg
from submissions import services
from submissions.models import Attachment, Proposal
from tests import factories
from tests.agencies.conftest import pdf_bytes
from tests.competitions.factories import AttachmentTypeFactory
from tests.factories import TEST_PASSWORD
from tests.submissions.conftest import open_edition, umum  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    unit = factories.UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil")
    upp = factories.UserFactory(email="dewi@example.test", full_name="Dewi Lestari")
    admin = factories.UserFactory(email="agus@example.test", full_name="Agus Prasetyo")
    factories.MembershipFactory(user=upp, agency=unit.agency, unit=unit, role="upp_staff")
    factories.MembershipFactory(user=admin, agency=unit.agency, role="admin_lokal")
    return unit, upp, admin


@pytest.fixture
def draft(umum, people):  # noqa: F811
    unit, upp, _admin = people
    proposal = services.start_proposal(edition=umum.edition, group=umum, unit=unit, title="Akta Langsung", by=upp)
    ringkasan = umum.sections.get(title="Ringkasan")
    services.save_answer(
        proposal=proposal, section_id=ringkasan.pk, text="Akta lahir terbit di rumah sakit.", base_version=0, by=upp
    )
    question = umum.edition.identification_questions.get()
    Sdg.objects.get_or_create(
        number=16,
        defaults={
            "name": "Perdamaian, Keadilan, dan Kelembagaan yang Tangguh",
            "name_en": "Peace, Justice and Strong Institutions",
        },
    )
    services.save_identification(
        proposal=proposal,
        base_version=proposal.version,
        by=upp,
        title=proposal.title,
        category=umum.edition.categories.get(),
        sdgs=Sdg.objects.filter(number=16),
        started_on=timezone.now().date() - timedelta(days=900),
        innovator_kind="team",
        innovators="Dewi Lestari",
        replicates=None,
        answers={question.pk: "no"},
    )
    Attachment.objects.create(
        proposal=proposal,
        attachment_type=umum.edition.attachment_types.get(),
        file=ContentFile(pdf_bytes(), "surat.pdf"),
        original_name="surat.pdf",
        content_type="application/pdf",
        size=100,
        uploaded_by=upp,
    )
    AttachmentTypeFactory(
        edition=umum.edition, name="Foto Sesudah", allowed_extensions="jpg,jpeg,png", required=False, order=2
    )
    return proposal


def _sign_in(browser, base, email):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")
    return context, page


def _section(page, title):
    return page.locator("section.proposal-section", has=page.get_by_role("heading", name=title))


def test_write_submit_return_revise_and_forward(live_server, browser, draft, people, screenshot_dir, tmp_path):
    _unit, upp, admin = people
    base = live_server.url
    editor_url = f"{base}/usulan/{draft.pk}/ubah/"
    context, page = _sign_in(browser, base, upp.email)

    # Autosave, and a reload keeps the text.
    page.goto(editor_url)
    latar = _section(page, "2. Latar Belakang")
    latar.locator("textarea").fill("Warga menunggu akta berminggu-minggu.")
    latar.get_by_text("Tersimpan").wait_for()
    page.reload()
    assert (
        _section(page, "2. Latar Belakang").locator("textarea").input_value() == "Warga menunggu akta berminggu-minggu."
    )
    assert "4 / 30 kata" in _section(page, "2. Latar Belakang").inner_text()

    # Offline: the save fails visibly, the text stays on the device and is saved after a reload.
    context.set_offline(True)
    _section(page, "2. Latar Belakang").locator("textarea").fill("Warga menunggu akta berminggu-minggu lamanya.")
    _section(page, "2. Latar Belakang").get_by_text("Belum tersimpan").wait_for()
    context.set_offline(False)
    page.reload()
    _section(page, "2. Latar Belakang").get_by_text("Tersimpan").wait_for()
    assert _section(page, "2. Latar Belakang").locator("textarea").input_value().endswith("lamanya.")
    # A photo: uploaded, cleaned and shown as a thumbnail.
    photo = tmp_path / "sesudah.jpg"
    Image.new("RGB", (1600, 1200), (20, 108, 67)).save(photo, "JPEG")
    slot = page.locator(f"#attachments-type-{draft.edition.attachment_types.get(name='Foto Sesudah').pk}")
    slot.locator("input[type=file]").set_input_files(str(photo))
    slot.get_by_role("button", name="Unggah").click()
    page.locator(f"#attachments-type-{draft.edition.attachment_types.get(name='Foto Sesudah').pk} img").wait_for()
    page.screenshot(path=screenshot_dir / "editor-desktop.png", full_page=True)

    # Submit (a double click submits once).
    page.get_by_label("Saya menyatakan").check()
    page.get_by_role("button", name="Kirim ke Admin Lokal").dblclick()
    page.get_by_text("Terkirim ke Admin Lokal Anda.").wait_for()

    # The Admin Lokal returns it with a comment on a section.
    admin_context, admin_page = _sign_in(browser, base, admin.email)
    admin_page.goto(f"{base}/usulan/{draft.pk}/tinjau/")
    admin_page.get_by_label("Catatan untuk “Latar Belakang”").fill("Tambahkan angka sebelum dan sesudah.")
    admin_page.screenshot(path=screenshot_dir / "review-admin-lokal.png", full_page=True)
    admin_page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    admin_page.get_by_text("Dikembalikan ke UPP untuk perbaikan.").wait_for()

    # Two tabs of the writer: the stale one is refused and keeps its text.
    page.goto(editor_url)
    page.get_by_text("Tambahkan angka sebelum dan sesudah.").wait_for()
    stale = context.new_page()
    stale.goto(editor_url)
    fresh_text = "Dulu 14 hari, sekarang 2 hari kerja."
    _section(page, "2. Latar Belakang").locator("textarea").fill(fresh_text)
    _section(page, "2. Latar Belakang").get_by_text("Tersimpan").wait_for()
    _section(stale, "2. Latar Belakang").locator("textarea").fill("Teks dari tab lama.")
    _section(stale, "2. Latar Belakang").get_by_text("Belum tersimpan: Dewi Lestari mengubah bagian ini").wait_for()
    assert _section(stale, "2. Latar Belakang").locator("textarea.section-text").input_value() == "Teks dari tab lama."
    assert _section(stale, "2. Latar Belakang").locator("textarea.conflict-theirs").input_value() == fresh_text
    stale.screenshot(path=screenshot_dir / "editor-conflict.png", full_page=True)
    stale.close()

    page.reload()
    page.get_by_role("button", name="Kirim ke Admin Lokal").click()
    page.get_by_text("Terkirim ke Admin Lokal Anda.").wait_for()

    admin_page.goto(f"{base}/usulan/{draft.pk}/tinjau/")
    admin_page.get_by_role("button", name="Teruskan ke penyelenggara").click()
    admin_page.get_by_text("Diteruskan ke penyelenggara.").wait_for()
    admin_page.screenshot(path=screenshot_dir / "proposal-forwarded.png", full_page=True)

    draft.refresh_from_db()
    assert draft.status == Proposal.Status.FORWARDED
    assert draft.answers.get(section__title="Latar Belakang").text == fresh_text
    assert draft.attachments.get(attachment_type__name="Foto Sesudah").thumbnail
    assert list(draft.events.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "forwarded",
    ]
    admin_context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone_page = phone.new_page()
    phone_page.goto(base + "/akun/login/")
    phone_page.locator("#id_login").fill(upp.email)
    phone_page.locator("#id_password").fill(TEST_PASSWORD)
    phone_page.get_by_role("button", name="Masuk").click()
    phone_page.wait_for_url(base + "/dasbor/")
    phone_page.goto(f"{base}/usulan/{draft.pk}/")
    phone_page.screenshot(path=screenshot_dir / "proposal-detail-phone.png", full_page=True)
    phone.close()
    context.close()
