"""Attachments and section evidence: content checks, photo cleaning, limits, views and permissions."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from PIL import ExifTags, Image
from pypdf import PdfWriter

from submissions import attachments
from submissions.models import Attachment, Proposal
from tests.competitions.factories import AttachmentTypeFactory

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]
READ = {
    "anonymous": "login",
    "upp_staff": 200,
    "admin_lokal": 200,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}
WRITE = {**READ, "secretariat": 403}


# --- Files to upload ---------------------------------------------------------------------------------


def jpeg_bytes(size=(1200, 800), *, gps=False, orientation=None, colour=(180, 40, 30)) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Kamera Dinas"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {
                ExifTags.GPS.GPSLatitudeRef: "S",
                ExifTags.GPS.GPSLatitude: (7.0, 15.0, 30.0),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: (112.0, 45.0, 0.0),
            }
        )
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"Rumah Bu Sari, Jl. Melati 5")
    return output.getvalue()


def png_bytes(size=(600, 400), *, alpha=True) -> bytes:
    image = Image.new("RGBA", size, (20, 120, 200, 255))
    if alpha:
        image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def pdf_bytes(pages=1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def statement(umum):
    return umum.edition.attachment_types.get(name="Surat Pernyataan")


@pytest.fixture
def photos(open_edition):
    return AttachmentTypeFactory(
        edition=open_edition, name="Foto Sesudah Inovasi", allowed_extensions="jpg,jpeg,png", max_files=3, order=2
    )


@pytest.fixture
def evidence_section(umum):
    section = umum.sections.get(title="Latar Belakang")
    section.evidence_max_files = 2
    section.evidence_file_types = "pdf,jpg,png"
    section.evidence_max_size_kb = 1024
    section.save()
    return section


def add(proposal, user, target, name, data, **kwargs):
    field = "section" if target.__class__.__name__ == "FormSection" else "attachment_type"
    return attachments.add_attachment(
        proposal=proposal, by=user, upload=upload(name, data), **{field: target}, **kwargs
    )


def refused(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return " ".join(caught.value.messages)


# --- Photos ----------------------------------------------------------------------------------------


def test_photo_upload_strips_gps_and_makes_thumbnail(proposal, upp_staff, photos):
    original = jpeg_bytes((3000, 2000), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload carries GPS

    attachment = add(proposal, upp_staff, photos, "rumah warga.jpg", original)

    attachment.refresh_from_db()
    stored = attachment.file.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"Exif" not in stored and b"Jl. Melati" not in stored and b"Kamera Dinas" not in stored
    assert (attachment.width, attachment.height) == (2400, 1600)
    assert image.size == (2400, 1600)
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(stored)
    assert attachment.original_name == "rumah warga.jpg"
    assert attachment.file.name.startswith(f"proposals/{proposal.public_id}/")
    assert "rumah" not in attachment.file.name
    thumbnail = Image.open(attachment.thumbnail)
    assert thumbnail.size == (400, 267)
    assert not thumbnail.getexif()


def test_photo_upload_turns_the_photo_upright(proposal, upp_staff, photos):
    # Orientation 6: the camera was held upright, the pixels lie on their side.
    attachment = add(proposal, upp_staff, photos, "tegak.jpg", jpeg_bytes((600, 400), orientation=6))

    attachment.refresh_from_db()
    assert (attachment.width, attachment.height) == (400, 600)
    assert Image.open(attachment.file).size == (400, 600)


def test_png_with_transparency_stays_png(proposal, upp_staff, photos):
    attachment = add(proposal, upp_staff, photos, "logo.png", png_bytes(alpha=True))

    attachment.refresh_from_db()
    image = Image.open(attachment.file)
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert image.getpixel((10, 10))[3] == 0
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")
    assert Image.open(attachment.thumbnail).format == "PNG"


def test_opaque_png_is_stored_as_jpeg(proposal, upp_staff, photos):
    attachment = add(proposal, upp_staff, photos, "layar.png", png_bytes(alpha=False))

    attachment.refresh_from_db()
    assert Image.open(attachment.file).format == "JPEG"
    assert attachment.content_type == "image/jpeg"


def test_png_named_jpg_is_judged_by_its_content(proposal, upp_staff, photos):
    attachment = add(proposal, upp_staff, photos, "foto.jpg", png_bytes(alpha=True))

    attachment.refresh_from_db()
    assert attachment.content_type == "image/png"
    assert attachments.download_name(attachment) == "foto.png"


def test_decompression_bomb_is_refused(proposal, upp_staff, photos):
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")  # ~50 KB on disk, 400 megapixels decoded
    assert len(bomb.getvalue()) < 200_000

    with override("id"):
        message = refused(add, proposal, upp_staff, photos, "bom.png", bomb.getvalue())

    assert "megapiksel" in message
    assert not Attachment.objects.exists()


def test_photo_over_the_pixel_limit_is_refused_with_its_dimensions(proposal, upp_staff, photos):
    large = io.BytesIO()
    Image.new("1", (8000, 6000)).save(large, "PNG")  # 48 megapixels: under Pillow's own limit, over ours

    with override("en"):
        message = refused(add, proposal, upp_staff, photos, "besar.png", large.getvalue())

    assert "8000 × 6000 pixels" in message  # noqa: RUF001
    assert "40 megapixels" in message


def test_text_file_renamed_jpg_is_refused(proposal, upp_staff, photos):
    with override("en"):
        message = refused(add, proposal, upp_staff, photos, "foto.jpg", b"bukan gambar, hanya teks\n" * 20)

    assert "not really a JPG file" in message
    assert not Attachment.objects.exists()


def test_truncated_jpeg_is_refused(proposal, upp_staff, photos):
    with override("en"):
        message = refused(add, proposal, upp_staff, photos, "rusak.jpg", jpeg_bytes()[:300])

    assert "could not be read as an image" in message


# --- Documents ---------------------------------------------------------------------------------------


def test_pdf_upload_is_stored_as_sent(proposal, upp_staff, statement):
    data = pdf_bytes()

    attachment = add(proposal, upp_staff, statement, "Surat Pernyataan (ttd).pdf", data)

    attachment.refresh_from_db()
    assert attachment.file.read() == data
    assert (attachment.content_type, attachment.size, attachment.thumbnail.name) == ("application/pdf", len(data), "")
    assert attachment.file.name.endswith(".pdf")


def test_zip_renamed_pdf_is_refused(proposal, upp_staff, statement):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("surat.txt", "isi")

    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "surat.pdf", archive.getvalue())

    assert "not really a PDF file" in message


def test_broken_pdf_is_refused(proposal, upp_staff, statement):
    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "surat.pdf", b"%PDF-1.7\n" + b"sampah" * 100)

    assert "could not be read as a PDF" in message


def test_photo_for_a_pdf_only_type_is_refused_naming_the_allowed_type(proposal, upp_staff, statement):
    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "surat.jpg", jpeg_bytes())

    assert message == "surat.jpg is a JPG file; only PDF files are accepted here."


def test_other_allowed_type_is_checked_by_signature(proposal, upp_staff, open_edition):
    sheets = AttachmentTypeFactory(edition=open_edition, name="Data Layanan", allowed_extensions="xlsx", max_files=2)
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")

    attachment = add(proposal, upp_staff, sheets, "data.xlsx", workbook.getvalue())
    with override("en"):
        message = refused(add, proposal, upp_staff, sheets, "data2.xlsx", b"nama,jumlah\n")

    assert attachment.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "not really a XLSX file" in message


# --- Limits ------------------------------------------------------------------------------------------


def test_oversize_file_is_refused_with_both_sizes(proposal, upp_staff, statement):
    data = b"%PDF-1.7\n" + b"0" * (int(3.4 * 1024 * 1024) - 9)

    with override("id"):
        message = refused(add, proposal, upp_staff, statement, "besar.pdf", data)

    assert "3,4 MB" in message and "batasnya 2 MB" in message


def test_empty_file_is_refused(proposal, upp_staff, statement):
    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "kosong.pdf", b"")

    assert "is empty" in message


def test_max_files_is_enforced(proposal, upp_staff, statement):
    add(proposal, upp_staff, statement, "satu.pdf", pdf_bytes())

    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "dua.pdf", pdf_bytes())

    assert "takes at most 1 file" in message
    assert list(proposal.attachments.values_list("original_name", flat=True)) == ["satu.pdf"]


def test_upload_after_the_deadline_is_refused(proposal, upp_staff, statement):
    after = proposal.edition.entry_closes_at + timedelta(minutes=1)

    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "telat.pdf", pdf_bytes(), now=after)

    assert message.startswith("Proposal entry closed at")
    assert not Attachment.objects.exists()


def test_upload_to_a_submitted_proposal_is_refused(proposal, upp_staff, statement):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)
    proposal.refresh_from_db()

    with override("en"):
        message = refused(add, proposal, upp_staff, statement, "surat.pdf", pdf_bytes())

    assert "can no longer be changed" in message


def test_attachment_type_of_another_edition_is_refused(proposal, upp_staff):
    elsewhere = AttachmentTypeFactory(name="Lain")

    with override("en"):
        message = refused(add, proposal, upp_staff, elsewhere, "surat.pdf", pdf_bytes())

    assert "not part of the form" in message


def test_evidence_uses_the_section_limits(proposal, upp_staff, evidence_section):
    add(proposal, upp_staff, evidence_section, "data.pdf", pdf_bytes())
    add(proposal, upp_staff, evidence_section, "foto.jpg", jpeg_bytes())

    with override("en"):
        too_many = refused(add, proposal, upp_staff, evidence_section, "lagi.pdf", pdf_bytes())
    evidence = Attachment.objects.filter(section=evidence_section).order_by("pk")
    assert [(a.original_name, a.content_type) for a in evidence] == [
        ("data.pdf", "application/pdf"),
        ("foto.jpg", "image/jpeg"),
    ]
    assert evidence[1].thumbnail
    assert "takes at most 2 files" in too_many


def test_evidence_for_a_section_without_evidence_is_refused(proposal, upp_staff, umum):
    section = umum.sections.get(title="Ringkasan")

    with override("en"):
        message = refused(add, proposal, upp_staff, section, "data.pdf", pdf_bytes())

    assert message == "This section does not take supporting files."


def test_human_size_reads_like_the_limits():
    with override("id"):
        assert attachments.human_size(2048 * 1024) == "2 MB"
        assert attachments.human_size(int(3.4 * 1024 * 1024)) == "3,4 MB"
        assert attachments.human_size(300 * 1024) == "300 KB"


def test_clean_name_keeps_a_readable_name_only():
    assert attachments.clean_name("C:\\Users\\dewi\\Surat\u0000 Tugas.pdf") == "Surat Tugas.pdf"
    assert attachments.clean_name('../../etc/"passwd"') == "passwd"
    with override("en"):
        assert attachments.clean_name("...") == "file"


# --- Replace and delete ---------------------------------------------------------------------------


def test_replace_swaps_the_file_and_deletes_the_old_one(
    proposal, upp_staff, photos, django_capture_on_commit_callbacks
):
    attachment = add(proposal, upp_staff, photos, "lama.jpg", jpeg_bytes())
    storage = attachment.file.storage
    old_names = [attachment.file.name, attachment.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        attachments.replace_attachment(attachment=attachment, by=upp_staff, upload=upload("baru.png", png_bytes()))

    attachment.refresh_from_db()
    assert (attachment.original_name, attachment.content_type) == ("baru.png", "image/png")
    assert proposal.attachments.count() == 1
    assert not any(storage.exists(name) for name in old_names)
    assert storage.exists(attachment.file.name) and storage.exists(attachment.thumbnail.name)


def test_refused_replace_keeps_the_old_file(proposal, upp_staff, statement):
    attachment = add(proposal, upp_staff, statement, "lama.pdf", pdf_bytes())

    refused(attachments.replace_attachment, attachment=attachment, by=upp_staff, upload=upload("x.pdf", b"PK\x03\x04"))

    attachment.refresh_from_db()
    assert attachment.original_name == "lama.pdf"
    assert attachment.file.storage.exists(attachment.file.name)


def test_delete_removes_the_row_and_the_files(proposal, upp_staff, photos, django_capture_on_commit_callbacks):
    attachment = add(proposal, upp_staff, photos, "foto.jpg", jpeg_bytes())
    storage = attachment.file.storage
    names = [attachment.file.name, attachment.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        attachments.delete_attachment(attachment=attachment, by=upp_staff)

    assert not Attachment.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_delete_after_the_deadline_is_refused(proposal, upp_staff, statement):
    attachment = add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    after = proposal.edition.entry_closes_at + timedelta(seconds=5)

    refused(attachments.delete_attachment, attachment=attachment, by=upp_staff, now=after)

    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- Views: uploading ------------------------------------------------------------------------------


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


def test_upload_without_javascript_redirects_to_the_editor(client, proposal, upp_staff, photos):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, photos.pk]),
        {"file": upload("sesudah.jpg", jpeg_bytes(gps=True))},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="id",
    )

    assert response.redirect_chain[0][0] == reverse("submissions:edit", args=[proposal.pk]) + "#attachments"
    assert "Terunggah: sesudah.jpg." in response.content.decode()
    assert proposal.attachments.get().original_name == "sesudah.jpg"


def test_refused_upload_without_javascript_shows_the_reason(client, proposal, upp_staff, statement):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, statement.pk]),
        {"file": upload("surat.pdf", b"PK\x03\x04 bukan pdf")},
        follow=True,
    )

    assert "bukan berkas PDF yang sebenarnya" in response.content.decode()
    assert not Attachment.objects.exists()


def test_htmx_upload_answers_with_the_panel_and_the_thumbnail(client, proposal, upp_staff, photos):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, photos.pk]),
        {"file": upload("sesudah.jpg", jpeg_bytes())},
        HTTP_HX_REQUEST="true",
    )

    attachment = proposal.attachments.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="attachment-panel"')
    assert reverse("submissions:attachment_thumbnail", args=[proposal.pk, attachment.pk]) in html
    assert "Terunggah: sesudah.jpg." in html


def test_htmx_refused_upload_answers_422_with_the_reason_at_the_form(client, proposal, upp_staff, photos):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, photos.pk]),
        {"file": upload("foto.jpg", b"teks biasa")},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert f'id="attachments-type-{photos.pk}"' in html
    assert "bukan berkas JPG yang sebenarnya" in html


def test_upload_without_a_file_asks_for_one(client, proposal, upp_staff, statement):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, statement.pk]), {}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    assert "Pilih berkas terlebih dahulu." in response.content.decode()


def test_upload_views_refuse_get(client, proposal, upp_staff, statement):
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:attachment_upload", args=[proposal.pk, statement.pk]))

    assert response.status_code == 405


def test_upload_to_an_attachment_type_of_another_edition_is_404(client, proposal, upp_staff):
    client.force_login(upp_staff)
    elsewhere = AttachmentTypeFactory(name="Lain")

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, elsewhere.pk]),
        {"file": upload("surat.pdf", pdf_bytes())},
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_upload_by_role(as_role, proposal, statement, role):
    client, _user = as_role(role)

    response = client.post(
        reverse("submissions:attachment_upload", args=[proposal.pk, statement.pk]),
        {"file": upload("surat.pdf", pdf_bytes())},
    )

    _expect(response, 302 if WRITE[role] == 200 else WRITE[role])
    assert proposal.attachments.exists() is (WRITE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_evidence_upload_by_role(as_role, proposal, evidence_section, role):
    client, _user = as_role(role)

    response = client.post(
        reverse("submissions:evidence_upload", args=[proposal.pk, evidence_section.pk]),
        {"file": upload("data.pdf", pdf_bytes())},
    )

    _expect(response, 302 if WRITE[role] == 200 else WRITE[role])
    assert proposal.attachments.filter(section=evidence_section).exists() is (WRITE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_replace_by_role(as_role, proposal, upp_staff, statement, role):
    attachment = add(proposal, upp_staff, statement, "lama.pdf", pdf_bytes())
    client, _user = as_role(role)

    response = client.post(
        reverse("submissions:attachment_replace", args=[proposal.pk, attachment.pk]),
        {"file": upload("baru.pdf", pdf_bytes(2))},
    )

    _expect(response, 302 if WRITE[role] == 200 else WRITE[role])
    attachment.refresh_from_db()
    assert (attachment.original_name == "baru.pdf") is (WRITE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_delete_by_role(as_role, proposal, upp_staff, statement, role):
    attachment = add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    client, _user = as_role(role)

    response = client.post(reverse("submissions:attachment_delete", args=[proposal.pk, attachment.pk]))

    _expect(response, 302 if WRITE[role] == 200 else WRITE[role])
    assert Attachment.objects.filter(pk=attachment.pk).exists() is (WRITE[role] != 200)


def test_attachment_of_another_proposal_is_404(client, proposal, upp_staff, statement, umum):
    from tests.submissions.factories import InnovationFactory, ProposalFactory

    mine = add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    other = ProposalFactory(group=umum, innovation=InnovationFactory(unit=proposal.innovation.unit))
    client.force_login(upp_staff)

    assert client.get(reverse("submissions:attachment_file", args=[other.pk, mine.pk])).status_code == 404
    assert client.post(reverse("submissions:attachment_delete", args=[other.pk, mine.pk])).status_code == 404
    assert Attachment.objects.filter(pk=mine.pk).exists()


# --- Views: downloading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_download_by_role(as_role, proposal, upp_staff, statement, role):
    data = pdf_bytes()
    attachment = add(proposal, upp_staff, statement, "surat.pdf", data)
    client, _user = as_role(role)

    response = client.get(reverse("submissions:attachment_file", args=[proposal.pk, attachment.pk]))

    _expect(response, READ[role])
    if READ[role] == 200:
        assert b"".join(response.streaming_content) == data


@pytest.mark.parametrize("role", ROLES)
def test_thumbnail_by_role(as_role, proposal, upp_staff, photos, role):
    attachment = add(proposal, upp_staff, photos, "foto.jpg", jpeg_bytes())
    client, _user = as_role(role)

    response = client.get(reverse("submissions:attachment_thumbnail", args=[proposal.pk, attachment.pk]))

    _expect(response, READ[role])
    if READ[role] == 200:
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (400, 267)


def test_download_headers_are_safe(client, proposal, upp_staff, statement):
    attachment = add(proposal, upp_staff, statement, 'Surat "Pernyataan" Ketua.pdf', pdf_bytes())
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:attachment_file", args=[proposal.pk, attachment.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="Surat Pernyataan Ketua.pdf"'
    assert "private" in response["Cache-Control"]
    assert not response["Content-Disposition"].startswith("attachment")


def test_other_documents_are_always_downloaded(client, proposal, upp_staff, open_edition):
    sheets = AttachmentTypeFactory(edition=open_edition, name="Data Layanan", allowed_extensions="docx")
    attachment = add(proposal, upp_staff, sheets, "Laporan Triwulan.docx", b"PK\x03\x04" + b"\x00" * 100)
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:attachment_file", args=[proposal.pk, attachment.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="Laporan Triwulan.docx"'


def test_document_has_no_thumbnail(client, proposal, upp_staff, statement):
    attachment = add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:attachment_thumbnail", args=[proposal.pk, attachment.pk]))

    assert response.status_code == 404


def test_media_url_does_not_serve_attachments(client, proposal, upp_staff, statement):
    attachment = add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())

    response = client.get("/media/" + attachment.file.name)

    assert response.status_code == 404


# --- The panel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_panel_by_role(as_role, proposal, upp_staff, statement, role):
    add(proposal, upp_staff, statement, "surat-tugas.pdf", pdf_bytes())
    client, _user = as_role(role)

    response = client.get(reverse("submissions:attachments", args=[proposal.pk]))

    _expect(response, READ[role])
    if READ[role] == 200:
        html = response.content.decode()
        assert "surat-tugas.pdf" in html
        assert ('type="file"' in html) is (WRITE[role] == 200)


def test_panel_shows_types_limits_and_evidence(client, proposal, upp_staff, statement, photos, evidence_section):
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:attachments", args=[proposal.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert "Surat Pernyataan" in html and "wajib" in html
    assert "PDF, paling besar 2 MB per berkas; paling banyak 1 berkas." in html
    assert "JPG atau PNG, paling besar 2 MB per berkas; paling banyak 3 berkas." in html
    assert "Bukti per bagian" in html and "Latar Belakang" in html
    assert 'accept=".jpg,.jpeg,.png"' in html
    assert "<html" not in html


def test_panel_hides_the_upload_form_when_full(client, proposal, upp_staff, statement):
    add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:attachments", args=[proposal.pk]), HTTP_HX_REQUEST="true").content.decode()

    assert reverse("submissions:attachment_upload", args=[proposal.pk, statement.pk]) not in html
    assert reverse("submissions:attachment_replace", args=[proposal.pk, proposal.attachments.get().pk]) in html


def test_panel_is_read_only_after_the_deadline(client, proposal, upp_staff, statement):
    add(proposal, upp_staff, statement, "surat.pdf", pdf_bytes())
    stage = proposal.edition.entry_stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.starts_at = stage.ends_at - timedelta(days=20)
    stage.save()
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:attachments", args=[proposal.pk])).content.decode()

    assert "surat.pdf" in html
    assert "<form" not in html.split('id="attachment-panel"')[1]


@pytest.mark.parametrize("count", [1, 3])
def test_panel_query_count_does_not_grow_with_files(
    client, proposal, upp_staff, photos, evidence_section, count, django_assert_num_queries
):
    for number in range(count):
        add(proposal, upp_staff, photos, f"foto-{number}.jpg", jpeg_bytes((80, 60)))
    add(proposal, upp_staff, evidence_section, "data.pdf", pdf_bytes())
    client.force_login(upp_staff)
    url = reverse("submissions:attachments", args=[proposal.pk])
    client.get(url, HTTP_HX_REQUEST="true")  # session and permission caches warm alike for both counts

    with django_assert_num_queries(13):
        response = client.get(url, HTTP_HX_REQUEST="true")

    assert response.content.decode().count('class="card h-100 attachment-file"') == count + 1
