"""The proposal PDF: who may download it and what it says."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from submissions import attachments, pdf, services
from submissions.models import Answer, IdentificationAnswer, Proposal
from tests.competitions.factories import AttachmentTypeFactory
from tests.submissions.test_attachments import READ, ROLES, _expect, jpeg_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def written(proposal, upp_staff, sdg, open_edition):
    """A proposal with answers, an identification answer, a statement and a photo."""
    ringkasan, latar = proposal.group.sections.order_by("order")[:2]
    Answer.objects.create(
        proposal=proposal, section=ringkasan, text="Petugas Dukcapil mendatangi desa terpencil setiap pekan."
    )
    Answer.objects.create(proposal=proposal, section=latar, text="kata " * 35)  # over the limit of 30
    question = open_edition.identification_questions.get(key="aplikasi")
    IdentificationAnswer.objects.create(proposal=proposal, question=question, value="yes")
    proposal.sdgs.add(sdg)
    statement = open_edition.attachment_types.get(name="Surat Pernyataan")
    photos = AttachmentTypeFactory(edition=open_edition, name="Foto Kegiatan", allowed_extensions="jpg,png")
    attachments.add_attachment(
        proposal=proposal, by=upp_staff, upload=upload("pernyataan.pdf", pdf_bytes()), attachment_type=statement
    )
    attachments.add_attachment(
        proposal=proposal, by=upp_staff, upload=upload("kegiatan.jpg", jpeg_bytes()), attachment_type=photos
    )
    return proposal


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("role", ROLES)
def test_pdf_by_role(as_role, proposal, role):
    client, _user = as_role(role)

    response = client.get(reverse("submissions:pdf", args=[proposal.pk]))

    _expect(response, READ[role])
    if READ[role] == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_pdf_holds_the_whole_proposal(client, written, upp_staff):
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:pdf", args=[written.pk]))

    text = " ".join(text_of(response.content).split())
    assert "Layanan Adminduk Keliling" in text
    assert "Petugas Dukcapil mendatangi desa terpencil setiap pekan." in text
    assert "Pemerintah Kota Surabaya" in text and "Dinas Kependudukan dan Pencatatan Sipil" in text
    assert "7 / 20 kata" in text
    assert "35 / 30 kata" in text and "melebihi batas" in text
    assert "Apakah inovasi berupa aplikasi? Ya" in text
    assert "16." in text  # the SDG
    assert "pernyataan.pdf" in text and "kegiatan.jpg" in text
    assert "Status dan riwayat" in text and "Draf" in text
    assert "Mengetahui," in text and "Admin Lokal" in text
    assert "Halaman 1 dari" in text


def test_pdf_embeds_the_photo_thumbnail(written):
    content = pdf.render_proposal_pdf(proposal=written)

    # WeasyPrint shares one resource dictionary between pages, so each page lists the same image.
    images = {image.data: image for page in PdfReader(io.BytesIO(content)).pages for image in page.images}
    assert [image.image.size for image in images.values()] == [(400, 267)]


def test_pdf_names_the_admin_lokal_who_forwarded(written, upp_staff, admin_lokal):
    admin_lokal.full_name = "Rina Wulandari"
    admin_lokal.save()
    Proposal.objects.filter(pk=written.pk).update(status=Proposal.Status.SUBMITTED)
    written.refresh_from_db()
    services.transition(proposal=written, to=Proposal.Status.FORWARDED, by=admin_lokal)

    text = text_of(pdf.render_proposal_pdf(proposal=written))

    assert "Rina Wulandari" in text.split("Mengetahui,")[1]


def test_pdf_filename_is_safe(client, proposal, upp_staff):
    Proposal.objects.filter(pk=proposal.pk).update(title='Layanan "Jemput Bola" / Keliling')
    client.force_login(upp_staff)

    response = client.get(reverse("submissions:pdf", args=[proposal.pk]))

    assert (
        response["Content-Disposition"] == f'inline; filename="proposal-{proposal.pk}-layanan-jemput-bola-keliling.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_never_fetches_urls_from_the_text(proposal, upp_staff):
    section = proposal.group.sections.first()
    Answer.objects.create(
        proposal=proposal, section=section, text='<img src="file:///etc/passwd"> http://10.0.0.1/x.png'
    )

    text = text_of(pdf.render_proposal_pdf(proposal=proposal))

    assert '<img src="file:///etc/passwd">' in text
