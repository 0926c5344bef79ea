"""The agencies admin: verifying pending agencies in bulk, and exporting agencies to CSV and Excel."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agencies.models import AccountRequest, Agency, Invitation, Region
from notifications.models import Message
from tests import factories as base

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


def account_request(name: str, status: str) -> AccountRequest:
    agency = base.AgencyFactory(name=name, kind=Agency.Kind.KABUPATEN, status=status)
    return AccountRequest.objects.create(
        agency=agency,
        admin_name="Sri Wahyuni",
        admin_position="Kepala Bagian Organisasi",
        admin_email=f"organisasi@{name.split()[-1].lower()}.go.id",
        admin_phone="0274-868405",
        letter="agencies/letters/surat.pdf",
    )


@pytest.mark.parametrize("changelist", ["accountrequest", "agency"])
def test_verify_action_verifies_pending_agencies_and_invites_their_admin_lokal(admin_client, changelist):
    pending = account_request("Pemerintah Kabupaten Sleman", Agency.Status.PENDING)
    unconfirmed = account_request("Pemerintah Kabupaten Bantul", Agency.Status.REQUESTED)
    selected = [pending, unconfirmed] if changelist == "accountrequest" else [pending.agency, unconfirmed.agency]

    response = admin_client.post(
        reverse(f"admin:agencies_{changelist}_changelist"),
        {"action": "verify", "_selected_action": [item.pk for item in selected]},
    )

    assert response.status_code == 302
    pending.agency.refresh_from_db()
    unconfirmed.agency.refresh_from_db()
    assert pending.agency.status == Agency.Status.VERIFIED
    assert unconfirmed.agency.status == Agency.Status.REQUESTED
    assert list(Invitation.objects.values_list("email", "role")) == [("organisasi@sleman.go.id", "admin_lokal")]
    assert list(Message.objects.values_list("to_email", "event")) == [("organisasi@sleman.go.id", "agency_verified")]
    notices = [str(message) for message in response.wsgi_request._messages]
    assert notices[0] == "1 instansi diverifikasi; Admin Lokal-nya telah dikirimi tautan aktivasi melalui email."
    assert notices[1].startswith("Pemerintah Kabupaten Bantul: ")


def test_verify_action_on_an_agency_without_a_request_says_so(admin_client):
    agency = base.AgencyFactory(name="Kementerian Kesehatan", kind=Agency.Kind.KEMENTERIAN)

    response = admin_client.post(
        reverse("admin:agencies_agency_changelist"), {"action": "verify", "_selected_action": [agency.pk]}
    )

    notices = [str(message) for message in response.wsgi_request._messages]
    assert notices == ["Kementerian Kesehatan: tidak ada permohonan akun untuk diverifikasi."]


@pytest.fixture
def agencies():
    surabaya = base.AgencyFactory(
        name="Pemerintah Kota Surabaya", kind=Agency.Kind.KOTA, region=Region.objects.get(code="35.78")
    )
    base.AgencyFactory(
        name="Perumda Air Minum Surya Sembada", kind=Agency.Kind.BUMD, parent=surabaya, email="pdam@surabaya.go.id"
    )
    base.AgencyFactory(name="Kementerian Kesehatan", kind=Agency.Kind.KEMENTERIAN)


def _export(client, file_format: str):
    form = client.get(reverse("admin:agencies_agency_export")).context["form"]
    fields = {name: "on" for name in form.fields if name.startswith("agencyresource_")}
    return client.post(reverse("admin:agencies_agency_export"), {"resource": "0", "format": file_format, **fields})


def test_agencies_export_to_csv_with_readable_values(admin_client, agencies):
    response = _export(admin_client, "0")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["nama"]: row for row in rows}
    assert set(by_name) == {"Pemerintah Kota Surabaya", "Perumda Air Minum Surya Sembada", "Kementerian Kesehatan"}
    bumd = by_name["Perumda Air Minum Surya Sembada"]
    assert (bumd["jenis instansi"], bumd["provinsi"], bumd["instansi induk"], bumd["status"]) == (
        "Badan Usaha Milik Daerah (BUMD)",
        "Jawa Timur",
        "Pemerintah Kota Surabaya",
        "Terverifikasi",
    )
    assert by_name["Kementerian Kesehatan"]["provinsi"] == ""


def test_agencies_export_to_xlsx(admin_client, agencies):
    response = _export(admin_client, "1")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "nama", "jenis instansi", "wilayah")
    assert sorted(row[1] for row in rows[1:]) == [
        "Kementerian Kesehatan",
        "Pemerintah Kota Surabaya",
        "Perumda Air Minum Surya Sembada",
    ]


def test_agencies_export_page_is_translated(admin_client):
    response = admin_client.get(reverse("admin:agencies_agency_export"))

    page = response.content.decode()
    assert "Pilih semua" in page and "Ekspor" in page
