"""Blind rounds: no name of the agency, its UPP or its people reaches the juror, in HTML or PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from submissions.models import Attachment

pytestmark = pytest.mark.django_db
NAMES = [
    "Pemerintah Kota Surabaya",
    "Kota Surabaya",
    "Surabaya",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Rahmat Hidayat",
    "0812-3456-7890",
    "rahmat@surabaya.go.id",
]


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def attachment(proposal):
    from django.core.files.base import ContentFile

    file = Attachment(
        proposal=proposal,
        attachment_type=None,
        section=proposal.group.sections.get(),
        original_name="surat-pernyataan-surabaya.pdf",
        content_type="application/pdf",
        size=20,
    )
    file.file.save("surat.pdf", ContentFile(b"%PDF-1.4 surat pernyataan"), save=False)
    file.save()
    return file


def test_blind_round_hides_every_name_in_the_page_queue_and_pdf(client, assigned, evaluator, attachment):
    client.force_login(evaluator)
    args = [assigned.round_id, assigned.proposal_id]

    page = client.get(reverse("jury:score", args=args)).content.decode()
    queue = client.get(reverse("jury:queue")).content.decode()
    pdf = _pdf_text(client.get(reverse("jury:pdf", args=args)))

    for name in NAMES:
        assert name not in page, name
        assert name not in queue, name
        assert name not in pdf, name
    assert "Instansi disamarkan" in page and "Instansi disamarkan" in pdf
    assert "[disamarkan]" in page and "membawa layanan ke kampung" in page
    assert "Klinik Adminduk Keliling" in page and "Klinik Adminduk Keliling" in pdf
    assert "surat-pernyataan" not in page
    assert client.get(reverse("jury:attachment", args=[*args, attachment.pk])).status_code == 404


def test_open_round_shows_the_names_and_the_attachments(client, assigned, evaluator, attachment):
    assigned.round.is_blind = False
    assigned.round.save()
    client.force_login(evaluator)
    args = [assigned.round_id, assigned.proposal_id]

    page = client.get(reverse("jury:score", args=args)).content.decode()
    pdf = _pdf_text(client.get(reverse("jury:pdf", args=args)))
    download = client.get(reverse("jury:attachment", args=[*args, attachment.pk]))

    assert "Pemerintah Kota Surabaya" in page and "Rahmat Hidayat" in page
    assert "Pemerintah Kota Surabaya" in pdf
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_short_place_names_that_are_words_are_left_alone(make_agency, make_proposal):
    from agencies.models import Agency
    from jury.blind import displayed_title

    batu = make_agency("Pemerintah Kota Batu", Agency.Kind.KOTA, "Kota Batu")
    proposal = make_proposal(agency=batu, title="Batu Bata Ramah Lingkungan dari Kota Batu")

    assert displayed_title(proposal, blind=True) == "Batu Bata Ramah Lingkungan dari [disamarkan]"
