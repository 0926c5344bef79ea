import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies import services
from agencies.models import AccountRequest, Agency, Membership, Region, Unit
from tests import factories
from tests.agencies.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]


@pytest.fixture
def pending_request(request_data):
    data = {**request_data, "region": Region.objects.get(pk=request_data["region"]), "parent": None}
    account_request = services.request_account(**data)
    return services.confirm_request_email(account_request=account_request)


def _expect(response, expected: int | str):
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


SECRETARIAT_ONLY = {
    "anonymous": "login",
    "upp_staff": 404,
    "admin_lokal": 404,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}
MEMBERS_VIEW = {
    "anonymous": "login",
    "upp_staff": 200,
    "admin_lokal": 200,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}
MANAGERS_ONLY = {
    "anonymous": "login",
    "upp_staff": 403,
    "admin_lokal": 200,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("agencies:list", SECRETARIAT_ONLY),
        ("agencies:request_queue", SECRETARIAT_ONLY),
        ("agencies:register", dict.fromkeys(ROLES, 200)),
    ],
)
def test_site_wide_pages_by_role(as_role, role, url_name, expected):
    client, _user = as_role(role)

    _expect(client.get(reverse(url_name)), expected[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("agencies:detail", MEMBERS_VIEW),
        ("agencies:unit_create", MANAGERS_ONLY),
        ("agencies:unit_import", MANAGERS_ONLY),
        ("agencies:member_invite", MANAGERS_ONLY),
    ],
)
def test_agency_pages_by_role(as_role, agency, unit, role, url_name, expected):
    client, _user = as_role(role)

    _expect(client.get(reverse(url_name, args=[agency.pk])), expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_unit_edit_by_role(as_role, agency, unit, role):
    client, _user = as_role(role)

    _expect(client.get(reverse("agencies:unit_update", args=[agency.pk, unit.pk])), MANAGERS_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_request_pages_by_role(as_role, pending_request, role):
    client, _user = as_role(role)

    _expect(client.get(reverse("agencies:request_detail", args=[pending_request.pk])), SECRETARIAT_ONLY[role])
    _expect(client.get(reverse("agencies:request_letter", args=[pending_request.pk])), SECRETARIAT_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_verify_is_secretariat_only(as_role, pending_request, role):
    client, _user = as_role(role)

    response = client.post(reverse("agencies:request_verify", args=[pending_request.pk]))

    pending_request.agency.refresh_from_db()
    if role == "secretariat":
        assert response.status_code == 302 and pending_request.agency.status == Agency.Status.VERIFIED
    else:
        _expect(response, "login" if role == "anonymous" else 404)
        assert pending_request.agency.status == Agency.Status.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_deactivating_a_member_is_for_managers(as_role, agency, unit, upp_staff, role):
    colleague = factories.MembershipFactory(agency=agency, unit=unit, role="upp_staff")
    client, _user = as_role(role)

    response = client.post(reverse("agencies:member_deactivate", args=[agency.pk, colleague.pk]))

    colleague.refresh_from_db()
    expected = {**MANAGERS_ONLY, "admin_lokal": 302, "secretariat": 302, "anonymous": "login"}[role]
    _expect(response, expected)
    assert colleague.is_active is (expected != 302)


def test_upp_staff_sees_only_their_own_unit(client, agency, unit, upp_staff):
    factories.UnitFactory(agency=agency, name="Dinas Perhubungan")
    client.force_login(upp_staff)

    html = client.get(reverse("agencies:detail", args=[agency.pk])).content.decode()

    assert unit.name in html and "Dinas Perhubungan" not in html
    assert reverse("agencies:member_invite", args=[agency.pk]) not in html


def test_admin_lokal_of_a_local_government_manages_its_bumd(client, agency, admin_lokal):
    bumd = factories.AgencyFactory(name="PDAM Surya Sembada", kind="bumd", parent=agency)
    client.force_login(admin_lokal)

    response = client.get(reverse("agencies:unit_create", args=[bumd.pk]))

    assert response.status_code == 200


# --- Public registration: bad input keeps what was typed -------------------------------------


def test_register_creates_a_request_and_asks_to_confirm_the_email(client, request_data):
    response = client.post(reverse("agencies:register"), request_data)

    assert response.status_code == 302 and response["Location"] == reverse("agencies:register_done")
    account_request = AccountRequest.objects.get()
    assert account_request.agency.name == "Pemerintah Kabupaten Sleman"
    assert account_request.letter.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("surat.pdf", b"PK\x03\x04 this is a zip named .pdf"), "Berkas bukan PDF"),
        (SimpleUploadedFile("surat.pdf", b"%PDF-1.4 garbage without pages"), "PDF tidak dapat dibaca"),
        (SimpleUploadedFile("surat.pdf", pdf_bytes() + b"0" * (2 * 1024 * 1024)), "batasnya 2 MB"),
    ],
)
def test_register_refuses_a_bad_letter_and_keeps_every_typed_field(client, request_data, upload, message):
    response = client.post(reverse("agencies:register"), {**request_data, "letter": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Sri Wahyuni"' in html and 'value="sri.wahyuni@slemankab.go.id"' in html
    assert "Jl. Parasamya, Beran, Tridadi, Sleman" in html
    assert not AccountRequest.objects.exists()


def test_register_refuses_an_email_already_in_use(client, request_data, upp_staff):
    response = client.post(reverse("agencies:register"), {**request_data, "admin_email": upp_staff.email})

    assert "sudah memiliki akun" in response.content.decode()
    assert not AccountRequest.objects.exists()


def test_register_requires_the_right_region_level(client, request_data):
    province = Region.objects.get(name="Jawa Timur")

    response = client.post(reverse("agencies:register"), {**request_data, "region": province.pk})

    assert "Pilih kabupaten" in response.content.decode()


def test_confirm_link_moves_request_to_the_queue(client, request_data):
    client.post(reverse("agencies:register"), request_data)
    account_request = AccountRequest.objects.get()
    token = services.signing.dumps({"request": account_request.pk}, salt=services.CONFIRM_SALT)

    client.post(reverse("agencies:confirm_request", args=[token]))

    account_request.refresh_from_db()
    assert account_request.agency.status == Agency.Status.PENDING


def test_bad_confirm_link_says_so(client):
    response = client.get(reverse("agencies:confirm_request", args=["not-a-token"]))

    assert response.status_code == 400
    assert "Tautan konfirmasi ini tidak valid" in response.content.decode()


def test_reject_without_reason_keeps_the_request_pending(client, secretariat, pending_request):
    client.force_login(secretariat)

    response = client.post(reverse("agencies:request_reject", args=[pending_request.pk]), {"reason": ""})

    pending_request.agency.refresh_from_db()
    assert response.status_code == 400
    assert pending_request.agency.status == Agency.Status.PENDING


def test_secretariat_opens_the_letter(client, secretariat, pending_request):
    client.force_login(secretariat)

    response = client.get(reverse("agencies:request_letter", args=[pending_request.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- Invitations ------------------------------------------------------------------------------


def test_accepting_an_invitation_creates_the_account_and_signs_in(client, agency, unit, admin_lokal):
    services.invite_member(agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal)
    token = _latest_token("budi@example.test")

    response = client.post(
        reverse("agencies:accept_invitation", args=[token]),
        {"full_name": "Budi Santoso", "phone": "0812", "password1": "Sandi-Kuat-2026", "password2": "Sandi-Kuat-2026"},
    )

    assert response.status_code == 302
    assert Membership.objects.get(user__email="budi@example.test").unit == unit
    assert client.get(reverse("dashboard")).context["user"].email == "budi@example.test"


def test_weak_password_on_acceptance_keeps_the_typed_profile(client, agency, unit, admin_lokal):
    services.invite_member(agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal)

    response = client.post(
        reverse("agencies:accept_invitation", args=[_latest_token("budi@example.test")]),
        {"full_name": "Budi Santoso", "phone": "0812-555", "password1": "12345678", "password2": "12345678"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Budi Santoso"' in html and 'value="0812-555"' in html
    assert not Membership.objects.filter(user__email="budi@example.test").exists()


def test_used_invitation_answers_gone_with_a_clear_message(client, agency, unit, admin_lokal):
    invitation = services.invite_member(
        agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal
    )
    token = _latest_token("budi@example.test")
    services.accept_invitation(invitation=invitation, full_name="Budi", phone="1", password="Sandi-Kuat-2026")

    response = client.get(reverse("agencies:accept_invitation", args=[token]))

    assert response.status_code == 410
    assert "Undangan ini sudah digunakan" in response.content.decode()


def test_invitation_opened_by_another_signed_in_account_is_refused(client, agency, unit, admin_lokal, upp_staff):
    services.invite_member(agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal)
    client.force_login(upp_staff)

    response = client.post(reverse("agencies:accept_invitation", args=[_latest_token("budi@example.test")]))

    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="budi@example.test").exists()


def test_invite_form_error_keeps_input(client, agency, admin_lokal):
    client.force_login(admin_lokal)

    response = client.post(
        reverse("agencies:member_invite", args=[agency.pk]),
        {"email": "budi@example.test", "full_name": "Budi Santoso", "role": "upp_staff", "unit": ""},
    )

    html = response.content.decode()
    assert "Pilih UPP tempat orang ini bekerja" in html and 'value="Budi Santoso"' in html


# --- Units import -----------------------------------------------------------------------------


def test_import_previews_row_errors_then_creates_valid_units(client, agency, unit, admin_lokal):
    client.force_login(admin_lokal)
    csv_file = SimpleUploadedFile(
        "upp.csv",
        (
            "nama;kepala;email\nPuskesmas Kenjeran;dr. Ani;ani@example.test\n"
            f"{unit.name};x;\n;y;\nDinas Sosial;Budi;bukan-email\n"
        ).encode(),
    )

    preview = client.post(reverse("agencies:unit_import", args=[agency.pk]), {"file": csv_file})
    html = preview.content.decode()
    confirm = preview.context["confirm"]
    created = client.post(reverse("agencies:unit_import", args=[agency.pk]), {"confirm": confirm})

    assert "UPP dengan nama ini sudah ada" in html and "Nama kosong" in html and "Alamat email tidak valid" in html
    assert created.status_code == 302
    assert set(Unit.objects.filter(agency=agency).values_list("name", flat=True)) == {unit.name, "Puskesmas Kenjeran"}


def test_import_reads_xlsx(client, agency, admin_lokal):
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nama", "Kepala"])
    workbook.active.append(["RSUD Dr. Soetomo", "dr. Joni"])
    buffer = BytesIO()
    workbook.save(buffer)
    client.force_login(admin_lokal)

    preview = client.post(
        reverse("agencies:unit_import", args=[agency.pk]), {"file": SimpleUploadedFile("upp.xlsx", buffer.getvalue())}
    )

    assert [row.values["name"] for row in preview.context["parsed"]] == ["RSUD Dr. Soetomo"]


def test_import_confirmation_of_another_agency_is_refused(client, agency, admin_lokal, other_agency_staff):
    other = other_agency_staff.agency_memberships.get().agency
    forged = services.signing.dumps({"agency": other.pk, "rows": [{"name": "Sisipan"}]}, salt="agencies.import-units")
    client.force_login(admin_lokal)

    client.post(reverse("agencies:unit_import", args=[agency.pk]), {"confirm": forged})

    assert not Unit.objects.filter(name="Sisipan").exists()


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_agency_list_query_count_is_constant(client, secretariat, django_assert_num_queries, count):
    region = Region.objects.get(name="Kota Surabaya")
    for index in range(count):
        agency = factories.AgencyFactory(name=f"Pemerintah Kota Uji {index}", kind="kota", region=region)
        factories.UnitFactory(agency=agency)
    client.force_login(secretariat)

    # session, user, roles (2), unread notifications, count, page, province filter choices
    with django_assert_num_queries(8):
        response = client.get(reverse("agencies:list"))

    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [1, 3])
def test_request_queue_query_count_is_constant(client, secretariat, request_data, django_assert_num_queries, count):
    for index in range(count):
        data = {
            **request_data,
            "name": f"Pemerintah Kabupaten Uji {index}",
            "admin_email": f"a{index}@example.test",
            "region": Region.objects.get(pk=request_data["region"]),
            "parent": None,
            "letter": SimpleUploadedFile("s.pdf", pdf_bytes()),
        }
        services.confirm_request_email(account_request=services.request_account(**data))
    client.force_login(secretariat)

    with django_assert_num_queries(6):
        response = client.get(reverse("agencies:request_queue"))

    assert len(response.context["requests"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_agency_detail_query_count_is_constant(client, agency, admin_lokal, django_assert_num_queries, count):
    for index in range(count):
        unit = factories.UnitFactory(agency=agency, name=f"UPP {index}")
        factories.MembershipFactory(agency=agency, unit=unit, role="upp_staff")
    client.force_login(admin_lokal)

    # session, user, roles (2), agency, may manage, admins, units, their staff, BUMDs, invitations, history,
    # unread notifications
    with django_assert_num_queries(13):
        response = client.get(reverse("agencies:detail", args=[agency.pk]))

    assert len(response.context["units"]) == count


def _latest_token(email: str) -> str:
    from agencies.models import Invitation
    from tests.agencies.test_services import _token_of

    return _token_of(Invitation.objects.filter(email=email).latest("pk"))
