"""Writes for agencies: onboarding, verification, units and people.

Every function here that changes an agency or a membership writes an AuditEntry, and every message
goes through the notifications outbox in the same transaction (nothing is emailed for a change that
rolls back).
"""

import difflib
import re
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import AccountRequest, Agency, AuditEntry, Invitation, Membership, Region, Unit, hash_token
from notifications.services import notify
from sinovik.roles import OrganiserRole

User = get_user_model()

CONFIRM_SALT = "agencies.confirm-request-email"
CONFIRM_MAX_AGE = timedelta(days=3)
INVITATION_VALID_FOR = timedelta(days=7)
DUPLICATE_NAME_RATIO = 0.85

# The only moves an agency's status may make (see Agency docstring).
AGENCY_MOVES = {
    Agency.Status.REQUESTED: {Agency.Status.PENDING},
    Agency.Status.PENDING: {Agency.Status.VERIFIED, Agency.Status.REJECTED},
    Agency.Status.REJECTED: set(),
    Agency.Status.VERIFIED: set(),
}


class InvitationUnusable(Exception):
    """The invitation was used, revoked or has expired."""


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _audit(*, agency: Agency, action: str, by, detail: str = "") -> None:
    AuditEntry.objects.create(agency=agency, action=action, actor=by, detail=detail)


def _move_agency(*, agency: Agency, to: str, by, detail: str = "") -> None:
    """The one place an agency's status changes: checks the move and writes the audit entry."""
    if to not in AGENCY_MOVES[agency.status]:
        raise ValidationError(
            _("An agency that is “%(current)s” cannot become “%(target)s”.")
            % {"current": agency.get_status_display(), "target": Agency.Status(to).label}
        )
    agency.status = to
    fields = ["status"]
    if to == Agency.Status.VERIFIED:
        agency.verified_at = timezone.now()
        fields.append("verified_at")
    agency.save(update_fields=fields)
    action = {
        Agency.Status.PENDING: AuditEntry.Action.EMAIL_CONFIRMED,
        Agency.Status.VERIFIED: AuditEntry.Action.VERIFIED,
        Agency.Status.REJECTED: AuditEntry.Action.REJECTED,
    }[to]
    _audit(agency=agency, action=action, by=by, detail=detail)


# --- Onboarding ------------------------------------------------------------------------------


@transaction.atomic
def request_account(
    *,
    name: str,
    kind: str,
    region: Region | None,
    parent: Agency | None,
    address: str,
    email: str,
    phone: str,
    website: str,
    admin_name: str,
    admin_position: str,
    admin_email: str,
    admin_phone: str,
    letter: UploadedFile,
) -> AccountRequest:
    """Record an agency's request for an account and ask the applicant to confirm the email address.

    Side effects: an Agency in status `requested`, its AccountRequest with the stored letter, an audit
    entry, and an `agency_email_verification` email to the appointed Admin Lokal.
    """
    agency = Agency.objects.create(
        name=name.strip(),
        kind=kind,
        region=region,
        parent=parent,
        address=address,
        email=email,
        phone=phone,
        website=website,
        status=Agency.Status.REQUESTED,
    )
    account_request = AccountRequest.objects.create(
        agency=agency,
        admin_name=admin_name,
        admin_position=admin_position,
        admin_email=admin_email.lower(),
        admin_phone=admin_phone,
        letter=letter,
    )
    _audit(agency=agency, action=AuditEntry.Action.REQUESTED, by=None, detail=admin_email)
    token = signing.dumps({"request": account_request.pk}, salt=CONFIRM_SALT)
    link = absolute_url(reverse("agencies:confirm_request", args=[token]))
    notify(
        event="agency_email_verification",
        recipients=[account_request.admin_email],
        context={"agency": agency.name, "name": admin_name, "link": link},
        url=link,
        dedupe_key=f"agency-email-verification-{account_request.pk}",
        in_app=False,
    )
    return account_request


def request_from_token(token: str) -> AccountRequest:
    """The request a confirmation link points to; ValidationError when the link is wrong or too old."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This confirmation link has expired. Please register the agency again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid.")) from None
    try:
        return AccountRequest.objects.select_related("agency").get(pk=data["request"])
    except AccountRequest.DoesNotExist:
        raise ValidationError(_("This confirmation link is not valid.")) from None


@transaction.atomic
def confirm_request_email(*, account_request: AccountRequest) -> AccountRequest:
    """Put a request whose email is now confirmed into the secretariat's queue (idempotent).

    Side effects: the agency moves to `pending`, likely duplicates are recorded, an audit entry,
    an `agency_request_received` email to the applicant and an in-app notice to the secretariat.
    """
    account_request = AccountRequest.objects.select_for_update().select_related("agency").get(pk=account_request.pk)
    if account_request.email_confirmed_at:
        return account_request
    account_request.email_confirmed_at = timezone.now()
    account_request.save(update_fields=["email_confirmed_at"])
    agency = account_request.agency
    _move_agency(agency=agency, to=Agency.Status.PENDING, by=None)
    account_request.possible_duplicates.set(find_possible_duplicates(agency))
    notify(
        event="agency_request_received",
        recipients=[account_request.admin_email],
        context={"agency": agency.name, "name": account_request.admin_name},
        dedupe_key=f"agency-request-received-{account_request.pk}",
        in_app=False,
    )
    queue_url = absolute_url(reverse("agencies:request_detail", args=[account_request.pk]))
    secretariat = User.objects.filter(
        organiser_memberships__role=OrganiserRole.SECRETARIAT, organiser_memberships__is_active=True, is_active=True
    ).distinct()
    notify(
        event="agency_request_pending",
        recipients=list(secretariat),
        context={"agency": agency.name, "applicant": account_request.admin_name},
        url=queue_url,
        dedupe_key=f"agency-request-queued-{account_request.pk}",
    )
    return account_request


NAME_NOISE = re.compile(
    r"\b(pemerintah|pemkab|pemkot|pemprov|kabupaten|kab|kota|provinsi|prov|pt|persero|tbk|perseroda|perumda)\b"
)


def _normalise_name(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.lower())
    return " ".join(NAME_NOISE.sub(" ", words).split())


def find_possible_duplicates(agency: Agency) -> list[Agency]:
    """Other live agencies of the same type and region whose names are alike (or the same once the
    usual prefixes such as "Pemerintah Kabupaten" are ignored)."""
    candidates = (
        Agency.objects.filter(kind=agency.kind, region=agency.region)
        .exclude(pk=agency.pk)
        .exclude(status=Agency.Status.REJECTED)
    )
    own = _normalise_name(agency.name)
    return [
        other
        for other in candidates
        if difflib.SequenceMatcher(None, own, _normalise_name(other.name)).ratio() >= DUPLICATE_NAME_RATIO
    ]


@transaction.atomic
def verify_agency(*, account_request: AccountRequest, by) -> Invitation:
    """Verify a pending agency and invite its Admin Lokal to activate the account.

    Side effects: the agency becomes `verified`, the request records who decided, an audit entry,
    an Admin Lokal invitation, and an `agency_verified` email carrying the activation link.
    """
    # Locked and read afresh: two secretariat members deciding at once must not both succeed.
    agency = Agency.objects.select_for_update().get(pk=account_request.agency_id)
    account_request.agency = agency
    _move_agency(agency=agency, to=Agency.Status.VERIFIED, by=by)
    account_request.decided_at, account_request.decided_by = timezone.now(), by
    account_request.save(update_fields=["decided_at", "decided_by"])
    invitation, token = _create_invitation(
        agency=agency,
        email=account_request.admin_email,
        full_name=account_request.admin_name,
        role=Membership.Role.ADMIN_LOKAL,
        unit=None,
        position=account_request.admin_position,
        by=by,
    )
    link = absolute_url(reverse("agencies:accept_invitation", args=[token]))
    notify(
        event="agency_verified",
        recipients=[account_request.admin_email],
        context={"agency": agency.name, "name": account_request.admin_name, "link": link},
        url=link,
        dedupe_key=f"agency-verified-{agency.pk}",
        in_app=False,
    )
    return invitation


@transaction.atomic
def reject_agency(*, account_request: AccountRequest, by, reason: str) -> None:
    """Reject a pending agency with a reason that is emailed to the applicant.

    Side effects: the agency becomes `rejected`, the request keeps the reason, an audit entry and an
    `agency_rejected` email.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection; the applicant receives it."))
    agency = Agency.objects.select_for_update().get(pk=account_request.agency_id)
    account_request.agency = agency
    _move_agency(agency=agency, to=Agency.Status.REJECTED, by=by, detail=reason)
    account_request.decided_at, account_request.decided_by = timezone.now(), by
    account_request.rejection_reason = reason
    account_request.save(update_fields=["decided_at", "decided_by", "rejection_reason"])
    notify(
        event="agency_rejected",
        recipients=[account_request.admin_email],
        context={"agency": agency.name, "name": account_request.admin_name, "reason": reason},
        dedupe_key=f"agency-rejected-{agency.pk}",
        in_app=False,
    )


# --- Units -----------------------------------------------------------------------------------

UNIT_FIELDS = ("name", "head_name", "email", "phone", "address")


def _check_unit_name(*, agency: Agency, name: str, exclude_pk: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter the name of the UPP.")})
    clash = Unit.objects.filter(agency=agency, name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("This agency already has a UPP with this name.")})
    return name


@transaction.atomic
def create_unit(*, agency: Agency, by, name: str, **fields) -> Unit:
    """Create a UPP in `agency`. Side effects: an audit entry."""
    name = _check_unit_name(agency=agency, name=name)
    unit = Unit.objects.create(agency=agency, name=name, **{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    _audit(agency=agency, action=AuditEntry.Action.UNIT_CREATED, by=by, detail=unit.name)
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, by, **fields) -> Unit:
    """Change a UPP's details. Side effects: an audit entry naming the changed fields."""
    if "name" in fields:
        fields["name"] = _check_unit_name(agency=unit.agency, name=fields["name"], exclude_pk=unit.pk)
    changed = [field for field in UNIT_FIELDS if field in fields and getattr(unit, field) != fields[field]]
    for field in changed:
        setattr(unit, field, fields[field])
    if changed:
        unit.save(update_fields=changed)
        _audit(
            agency=unit.agency,
            action=AuditEntry.Action.UNIT_CHANGED,
            by=by,
            detail=f"{unit.name}: {', '.join(changed)}",
        )
    return unit


@transaction.atomic
def set_unit_active(*, unit: Unit, active: bool, by) -> None:
    """Deactivate (or reactivate) a UPP; its staff keep their accounts. Side effects: an audit entry."""
    if unit.is_active == active:
        return
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    action = AuditEntry.Action.UNIT_DEACTIVATED if not active else AuditEntry.Action.UNIT_CHANGED
    _audit(agency=unit.agency, action=action, by=by, detail=unit.name)


@transaction.atomic
def import_units(*, agency: Agency, rows: list[dict], by) -> list[Unit]:
    """Create the UPPs of a previewed import (rows already validated by agencies.imports).

    Names are checked again, because someone may have added a UPP since the preview.
    Side effects: one audit entry for the import.
    """
    units = []
    for row in rows:
        name = _check_unit_name(agency=agency, name=row["name"])
        units.append(Unit.objects.create(agency=agency, name=name, **{k: row.get(k, "") for k in UNIT_FIELDS[1:]}))
    _audit(
        agency=agency,
        action=AuditEntry.Action.UNITS_IMPORTED,
        by=by,
        detail=_("%(count)d UPPs") % {"count": len(units)},
    )
    return units


# --- People ----------------------------------------------------------------------------------


def _create_invitation(
    *, agency: Agency, email: str, full_name: str, role: str, unit: Unit | None, position: str, by
) -> tuple[Invitation, str]:
    email = email.strip().lower()
    # A new invitation replaces any open one for the same person and place.
    Invitation.objects.open().filter(agency=agency, email=email, role=role, unit=unit).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        agency=agency,
        unit=unit,
        email=email,
        full_name=full_name,
        role=role,
        position=position,
        token_hash=hash_token(token),
        expires_at=timezone.now() + INVITATION_VALID_FOR,
        invited_by=by,
    )
    _audit(agency=agency, action=AuditEntry.Action.INVITED, by=by, detail=f"{email} ({invitation.get_role_display()})")
    return invitation, token


@transaction.atomic
def invite_member(
    *, agency: Agency, email: str, role: str, unit: Unit | None, by, full_name: str = "", position: str = ""
) -> Invitation:
    """Invite a person by email to be UPP staff of `unit`, or a (further) Admin Lokal of `agency`.

    Side effects: earlier open invitations for the same place are revoked, an audit entry and an
    `invitation` email with a single-use link valid for INVITATION_VALID_FOR.
    """
    if role == Membership.Role.UPP_STAFF and (unit is None or unit.agency_id != agency.pk):
        raise ValidationError({"unit": _("Choose the UPP this person works in.")})
    if role == Membership.Role.ADMIN_LOKAL:
        unit = None
    already = Membership.objects.active().filter(user__email__iexact=email, agency=agency, role=role, unit=unit)
    if already.exists():
        raise ValidationError({"email": _("This person already has this role in your agency.")})
    invitation, token = _create_invitation(
        agency=agency, email=email, full_name=full_name, role=role, unit=unit, position=position, by=by
    )
    link = absolute_url(reverse("agencies:accept_invitation", args=[token]))
    inviter = by.get_full_name() if by else ""
    notify(
        event="invitation",
        recipients=[invitation.email],
        context={
            "agency": agency.name,
            "unit": unit.name if unit else "",
            # Lazy, so each recipient reads the role in their own language.
            "role": Membership.Role(invitation.role).label,
            "name": full_name,
            "inviter": inviter,
            "link": link,
            "expires_at": invitation.expires_at,
        },
        url=link,
        dedupe_key=f"invitation-{invitation.pk}",
        in_app=False,
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link carries; InvitationUnusable when it was used, revoked or has expired."""
    invitation = Invitation.objects.select_related("agency", "unit").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationUnusable(_("This invitation link is not valid."))
    if invitation.accepted_at:
        raise InvitationUnusable(_("This invitation has already been used. Sign in with your account."))
    if invitation.revoked_at:
        raise InvitationUnusable(_("This invitation was replaced by a newer one. Use the latest email you received."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(_("This invitation has expired. Ask your Admin Lokal to send a new one."))
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user=None, full_name: str = "", phone: str = "", password: str = ""):
    """Turn an invitation into a membership; create the account when the person has none.

    `user` is the signed-in account whose email matches the invitation, if any; otherwise a new user is
    created with the profile and password given (the email counts as confirmed: the link was mailed to
    it). Side effects: the invitation is used up, a Membership, an audit entry.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationUnusable(_("This invitation has already been used or has expired."))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this email already exists. Sign in first, then open the link again.")
            )
        user = User.objects.create_user(invitation.email, password, full_name=full_name, phone=phone)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation is for %(email)s. Sign in with that account.") % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user,
        agency=invitation.agency,
        unit=invitation.unit,
        role=invitation.role,
        defaults={"position": invitation.position},
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _audit(
        agency=invitation.agency,
        action=AuditEntry.Action.JOINED,
        by=user,
        detail=f"{user.email} ({membership.get_role_display()})",
    )
    return user


@transaction.atomic
def deactivate_member(*, membership: Membership, by) -> None:
    """End a person's role in an agency (the account stays, other roles too). Side effects: an audit entry.

    Refuses to remove oneself or the agency's last active Admin Lokal, so an agency is never left
    without a coordinator.
    """
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate yourself. Ask another Admin Lokal or the secretariat."))
    if membership.role == Membership.Role.ADMIN_LOKAL:
        others = Membership.objects.active().filter(agency=membership.agency, role=Membership.Role.ADMIN_LOKAL)
        if not others.exclude(pk=membership.pk).exists():
            raise ValidationError(_("An agency needs at least one active Admin Lokal. Appoint another one first."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _audit(
        agency=membership.agency,
        action=AuditEntry.Action.MEMBER_DEACTIVATED,
        by=by,
        detail=f"{membership.user.email} ({membership.get_role_display()})",
    )
