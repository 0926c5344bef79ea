"""Proposals export from the admin to CSV and Excel, with readable values and a constant cost."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agencies.models import Agency, Region
from competitions.models import Category
from submissions.models import Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def admin_client(client):
    client.force_login(base.UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def group():
    return GroupFactory(edition=EditionFactory(slug="kipp-ekspor", year=2026), name="Kelompok Umum")


def entry(group, title: str, status: str = Proposal.Status.FORWARDED) -> Proposal:
    agency = base.AgencyFactory(
        name="Pemerintah Kota Surabaya", kind=Agency.Kind.KOTA, region=Region.objects.get(code="35.78")
    )
    unit = base.UnitFactory(agency=agency, name=f"Dinas {title}")
    return ProposalFactory(
        innovation=InnovationFactory(unit=unit, agency=agency, title=title),
        group=group,
        category=Category.objects.get_or_create(edition=group.edition, name="Transformasi Digital")[0],
        status=status,
    )


def _export(client, file_format: str):
    url = reverse("admin:submissions_proposal_export")
    form = client.get(url).context["form"]
    fields = {name: "on" for name in form.fields if name.startswith("proposalresource_")}
    return client.post(url, {"resource": "0", "format": file_format, **fields})


def test_proposals_export_to_csv_with_agency_province_and_status(admin_client, group):
    entry(group, "Layanan Adminduk Keliling", Proposal.Status.PASSED)

    response = _export(admin_client, "0")

    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (row["judul"], row["instansi"], row["jenis instansi"], row["provinsi"]) == (
        "Layanan Adminduk Keliling",
        "Pemerintah Kota Surabaya",
        "Pemerintah Kota",
        "Jawa Timur",
    )
    assert (row["kelompok"], row["kategori"], row["UPP"], row["status"]) == (
        "Kelompok Umum",
        "Transformasi Digital",
        "Dinas Layanan Adminduk Keliling",
        "Lolos seleksi administrasi",
    )


def test_proposals_export_to_xlsx(admin_client, group):
    entry(group, "Layanan Adminduk Keliling")

    response = _export(admin_client, "1")

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][2] == "Layanan Adminduk Keliling"


def test_proposals_export_query_count_does_not_grow_with_rows(admin_client, group):
    url = reverse("admin:submissions_proposal_export")
    form = admin_client.get(url).context["form"]
    data = {
        "resource": "0",
        "format": "0",
        **{name: "on" for name in form.fields if name.startswith("proposalresource_")},
    }
    entry(group, "Satu")
    with CaptureQueriesContext(connection) as one:
        admin_client.post(url, data)
    entry(group, "Dua")
    entry(group, "Tiga")

    with CaptureQueriesContext(connection) as three:
        response = admin_client.post(url, data)

    assert len(three.captured_queries) == len(one.captured_queries)
    assert response.content.decode("utf-8-sig").count("Pemerintah Kota Surabaya") == 3
