import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from agencies.models import Region


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def letter():
    return SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def sleman():
    return Region.objects.get(name="Kabupaten Sleman")


@pytest.fixture
def request_data(sleman, letter):
    """What a Kabupaten fills into the public form."""
    return {
        "name": "Pemerintah Kabupaten Sleman",
        "kind": "kabupaten",
        "region": sleman.pk,
        "address": "Jl. Parasamya, Beran, Tridadi, Sleman",
        "email": "organisasi@slemankab.go.id",
        "phone": "0274-868405",
        "website": "https://slemankab.go.id",
        "admin_name": "Sri Wahyuni",
        "admin_position": "Kepala Bagian Organisasi",
        "admin_email": "sri.wahyuni@slemankab.go.id",
        "admin_phone": "0812-2700-1234",
        "letter": letter,
    }
