import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agencies import services
from agencies.models import AccountRequest, Agency, AuditEntry, Invitation, Membership, Region
from notifications.models import Message
from tests import factories

pytestmark = pytest.mark.django_db


def _request(request_data, **overrides):
    data = {**request_data, **overrides}
    data["region"] = Region.objects.get(pk=data["region"])
    data.setdefault("parent", None)
    return services.request_account(**data)


def test_request_account_waits_for_email_confirmation(request_data):
    account_request = _request(request_data)

    agency = account_request.agency
    assert agency.status == Agency.Status.REQUESTED
    assert list(Message.objects.values_list("to_email", "event")) == [
        ("sri.wahyuni@slemankab.go.id", "agency_email_verification")
    ]
    assert list(agency.audit_entries.values_list("action", flat=True)) == [AuditEntry.Action.REQUESTED]


def test_confirmation_puts_the_request_in_the_queue_once(request_data, secretariat):
    account_request = _request(request_data)

    services.confirm_request_email(account_request=account_request)
    services.confirm_request_email(account_request=account_request)

    account_request.refresh_from_db()
    assert account_request.agency.status == Agency.Status.PENDING
    assert account_request.email_confirmed_at is not None
    assert Message.objects.filter(event="agency_request_received").count() == 1  # the applicant
    assert Message.objects.filter(event="agency_request_pending", recipient=secretariat).count() == 1


def test_confirmation_token_round_trip_and_tampering(request_data):
    account_request = _request(request_data)
    token = services.signing.dumps({"request": account_request.pk}, salt=services.CONFIRM_SALT)

    assert services.request_from_token(token) == account_request
    with pytest.raises(ValidationError):
        services.request_from_token(token[:-2] + "xx")


def test_likely_duplicate_is_flagged(request_data, sleman):
    factories.AgencyFactory(name="Pemerintah Kabupaten Sleman", kind="kabupaten", region=sleman)
    factories.AgencyFactory(
        name="Pemerintah Kabupaten Sleman", kind="kabupaten", region=Region.objects.get(name="Kabupaten Bantul")
    )

    account_request = _request(request_data, name="Pemkab Sleman")
    services.confirm_request_email(account_request=account_request)

    duplicates = list(account_request.possible_duplicates.values_list("name", "region__name"))
    assert duplicates == [("Pemerintah Kabupaten Sleman", "Kabupaten Sleman")]


def test_unrelated_agency_in_same_region_is_not_a_duplicate(request_data, sleman):
    factories.AgencyFactory(name="Pemerintah Kabupaten Sleman", kind="kabupaten", region=sleman)

    account_request = _request(request_data, name="Perumda Air Minum Tirta Sembada", kind="bumd")
    services.confirm_request_email(account_request=account_request)

    assert not account_request.possible_duplicates.exists()


def test_verify_activates_the_admin_lokal_through_an_invitation(request_data, secretariat):
    account_request = _request(request_data)
    services.confirm_request_email(account_request=account_request)

    invitation = services.verify_agency(account_request=account_request, by=secretariat)

    account_request.refresh_from_db()
    agency = account_request.agency
    assert agency.status == Agency.Status.VERIFIED and agency.verified_at is not None
    assert (account_request.decided_by, invitation.email, invitation.role) == (
        secretariat,
        "sri.wahyuni@slemankab.go.id",
        Membership.Role.ADMIN_LOKAL,
    )
    assert Message.objects.filter(event="agency_verified", to_email="sri.wahyuni@slemankab.go.id").exists()
    assert AuditEntry.objects.filter(agency=agency, action=AuditEntry.Action.VERIFIED, actor=secretariat).exists()


def test_reject_needs_a_reason_and_emails_it(request_data, secretariat):
    account_request = _request(request_data)
    services.confirm_request_email(account_request=account_request)

    with pytest.raises(ValidationError):
        services.reject_agency(account_request=account_request, by=secretariat, reason="  ")
    services.reject_agency(account_request=account_request, by=secretariat, reason="Surat tidak ditandatangani.")

    account_request.refresh_from_db()
    assert account_request.agency.status == Agency.Status.REJECTED
    message = Message.objects.get(event="agency_rejected")
    assert "Surat tidak ditandatangani." in message.body_text


def test_a_decided_agency_cannot_be_decided_again(request_data, secretariat):
    account_request = _request(request_data)
    services.confirm_request_email(account_request=account_request)
    services.reject_agency(account_request=account_request, by=secretariat, reason="Duplikat.")

    with pytest.raises(ValidationError):
        services.verify_agency(account_request=AccountRequest.objects.get(pk=account_request.pk), by=secretariat)


def test_unverified_request_cannot_be_verified(request_data, secretariat):
    account_request = _request(request_data)

    with pytest.raises(ValidationError):
        services.verify_agency(account_request=account_request, by=secretariat)


def test_invitation_is_single_use_and_creates_the_account(agency, unit, admin_lokal):
    invitation = services.invite_member(
        agency=agency, email="Budi@Surabaya.go.id", role="upp_staff", unit=unit, by=admin_lokal
    )
    token = _token_of(invitation)

    user = services.accept_invitation(
        invitation=services.invitation_from_token(token),
        full_name="Budi Santoso",
        phone="0812",
        password="Sandi-Kuat-2026",
    )

    assert user.email == "budi@surabaya.go.id" and user.check_password("Sandi-Kuat-2026")
    assert Membership.objects.get(user=user).unit == unit
    with pytest.raises(services.InvitationUnusable, match=r"sudah digunakan|already been used"):
        services.invitation_from_token(token)


def test_expired_invitation_cannot_be_used(agency, unit, admin_lokal):
    invitation = services.invite_member(
        agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(services.InvitationUnusable):
        services.invitation_from_token(_token_of(invitation))


def test_new_invitation_replaces_the_open_one(agency, unit, admin_lokal):
    first = services.invite_member(
        agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal
    )
    first_token = _token_of(first)

    services.invite_member(agency=agency, email="budi@example.test", role="upp_staff", unit=unit, by=admin_lokal)

    with pytest.raises(services.InvitationUnusable):
        services.invitation_from_token(first_token)


def test_existing_member_cannot_be_invited_again(agency, unit, admin_lokal, upp_staff):
    with pytest.raises(ValidationError):
        services.invite_member(agency=agency, email=upp_staff.email, role="upp_staff", unit=unit, by=admin_lokal)


def test_upp_staff_invitation_needs_a_unit_of_this_agency(agency, admin_lokal, other_agency_staff):
    foreign_unit = other_agency_staff.agency_memberships.get().unit

    with pytest.raises(ValidationError):
        services.invite_member(
            agency=agency, email="x@example.test", role="upp_staff", unit=foreign_unit, by=admin_lokal
        )


def test_second_admin_lokal_and_last_admin_protection(agency, admin_lokal):
    invitation = services.invite_member(
        agency=agency, email="wakil@example.test", role="admin_lokal", unit=None, by=admin_lokal
    )
    second = services.accept_invitation(invitation=invitation, full_name="Wakil", phone="1", password="Sandi-Kuat-2026")
    first_membership = Membership.objects.get(user=admin_lokal, agency=agency)

    with pytest.raises(ValidationError):
        services.deactivate_member(membership=first_membership, by=admin_lokal)  # oneself
    services.deactivate_member(membership=first_membership, by=second)
    with pytest.raises(ValidationError):
        services.deactivate_member(membership=Membership.objects.get(user=second), by=first_membership.user)

    first_membership.refresh_from_db()
    assert first_membership.is_active is False
    assert AuditEntry.objects.filter(agency=agency, action=AuditEntry.Action.MEMBER_DEACTIVATED).count() == 1


def test_unit_names_are_unique_per_agency_ignoring_case(agency, unit, admin_lokal):
    with pytest.raises(ValidationError):
        services.create_unit(agency=agency, by=admin_lokal, name=unit.name.upper())

    created = services.create_unit(agency=agency, by=admin_lokal, name="  Puskesmas   Kenjeran ")

    assert created.name == "Puskesmas Kenjeran"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNIT_CREATED, detail="Puskesmas Kenjeran").exists()


def _token_of(invitation: Invitation) -> str:
    """Recover the token from the invitation email (only its hash is stored)."""
    message = Message.objects.filter(to_email=invitation.email, event__in=["invitation", "agency_verified"]).latest(
        "pk"
    )
    return re.search(r"/instansi/undangan/([^/\s]+)/", message.body_text).group(1)
