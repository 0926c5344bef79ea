"""Writes of uji publik, the public objection period (issue 8): filing an objection, confirming
its email address, and the secretariat's decision, which may disqualify the finalist.

Every change of an objection's status goes through `_move`; every message goes through the
notifications outbox inside the same transaction (nothing is sent for a change that rolls back).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Membership
from competitions.models import Edition, Stage
from judging.models import Decision, Objection
from notifications.services import notify
from submissions.attachments import CleanFile
from submissions.models import Award, Proposal

# Finalist tiers open the public objection period (as in judging.services.decisions).
FINALIST_TIERS = (Award.Tier.TOP_99, Award.Tier.KHUSUS_FINALIST)
CONFIRM_SALT = "judging.confirm-objection-email"
CONFIRM_MAX_AGE = timedelta(days=3)

# The only moves an objection's status may make (see the Objection docstring).
OBJECTION_MOVES = {
    Objection.Status.UNVERIFIED: {Objection.Status.RECEIVED},
    Objection.Status.RECEIVED: {Objection.Status.ACCEPTED, Objection.Status.REJECTED},
    Objection.Status.ACCEPTED: set(),
    Objection.Status.REJECTED: set(),
}


def _absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def objection_stage(edition: Edition) -> Stage | None:
    """The edition's public objection stage (read from prefetched stages when there are any)."""
    return edition.stage_of(Stage.Kind.PUBLIC_OBJECTION)


def announced_finalists(edition: Edition, now: datetime | None = None):
    """Proposals of `edition` decided as a finalist tier whose announcement is published at `now`."""
    now = now or timezone.now()
    decided = Decision.objects.filter(
        batch__edition=edition, tier__in=FINALIST_TIERS, batch__announcement__published_at__lte=now
    )
    return Proposal.objects.filter(pk__in=decided.values("proposal"))


def is_objection_open(edition: Edition, now: datetime | None = None) -> bool:
    """Objections may be filed while the PUBLIC_OBJECTION stage is open (the server's clock decides)."""
    stage = objection_stage(edition)
    return bool(stage and edition.is_public and stage.is_open(now or timezone.now()))


def is_log_public(edition: Edition, now: datetime | None = None) -> bool:
    """The outcome log is public once the objection period has closed."""
    stage = objection_stage(edition)
    return bool(stage and stage.state(now or timezone.now()) == "closed")


def _move(*, objection: Objection, to: str, fields: dict | None = None) -> None:
    """The one place an objection's status changes: checks the move and saves it with `fields`."""
    if to not in OBJECTION_MOVES[objection.status]:
        raise ValidationError(
            _("An objection that is “%(current)s” cannot become “%(target)s”.")
            % {"current": objection.get_status_display(), "target": Objection.Status(to).label}
        )
    objection.status = to
    for name, value in (fields or {}).items():
        setattr(objection, name, value)
    objection.save(update_fields=["status", *(fields or {})])


def confirmation_token(objection: Objection) -> str:
    return signing.dumps({"objection": str(objection.public_id)}, salt=CONFIRM_SALT)


@transaction.atomic
def file_objection(
    *,
    edition: Edition,
    proposal: Proposal,
    name: str,
    email: str,
    contact: str,
    grounds: str,
    evidence: CleanFile,
    now: datetime | None = None,
) -> Objection:
    """Record an objection to a finalist and ask the objector to confirm the email address.

    Refused (ValidationError) outside the edition's public objection period and for a proposal that
    is not an announced finalist of the edition. `evidence` is an upload already checked by its
    content (submissions.attachments.clean_upload). Side effects: an `unverified` Objection with
    its stored evidence file, and an `objection_email_verification` email carrying the link.
    """
    now = now or timezone.now()
    if not is_objection_open(edition, now):
        raise ValidationError(_("The public objection period of this edition is not open."))
    if not announced_finalists(edition, now).filter(pk=proposal.pk).exists():
        raise ValidationError(_("Objections can only be filed against an announced finalist of this edition."))
    objection = Objection(
        edition=edition,
        proposal=proposal,
        name=name.strip(),
        email=email.strip().lower(),
        contact=contact.strip(),
        grounds=grounds.strip(),
        evidence_name=evidence.original_name,
        evidence_type=evidence.content_type,
        created_at=now,
    )
    objection.evidence.save("evidence", evidence.content, save=False)
    objection.save()
    link = _absolute_url(reverse("judging:objection_confirm", args=[confirmation_token(objection)]))
    notify(
        event="objection_email_verification",
        recipients=[objection.email],
        context={"proposal_title": proposal.title, "edition": str(edition), "name": objection.name, "link": link},
        url=link,
        dedupe_key=f"objection-email-verification-{objection.pk}",
        in_app=False,
    )
    return objection


def objection_from_token(token: str) -> Objection:
    """The objection a confirmation link points to; ValidationError when the link is wrong or too old."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This confirmation link has expired. Please file the objection again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid.")) from None
    objection = Objection.objects.select_related("edition", "proposal").filter(public_id=data.get("objection")).first()
    if objection is None:
        raise ValidationError(_("This confirmation link is not valid."))
    return objection


def _agency_people(proposal: Proposal, *, with_staff: bool) -> list:
    """The Admin Lokal of the proposal's agency (or of its parent, for a BUMD) and, `with_staff`,
    the UPP staff of its unit."""
    agency = proposal.innovation.agency
    agencies = [agency.pk] + ([agency.parent_id] if agency.parent_id else [])
    wanted = Q(role=Membership.Role.ADMIN_LOKAL, agency__in=agencies)
    if with_staff:
        wanted |= Q(role=Membership.Role.UPP_STAFF, unit=proposal.innovation.unit_id)
    memberships = Membership.objects.active().filter(wanted, user__is_active=True).select_related("user")
    return list({membership.user.pk: membership.user for membership in memberships}.values())


@transaction.atomic
def confirm_objection_email(*, objection: Objection, now: datetime | None = None) -> Objection:
    """The objector confirmed the email address: the objection is `received` (idempotent).

    Side effects: `email_verified_at`, the move to `received`, and an `objection_received` message
    to the edition's secretariat (with the link to the objection) and to the agency's Admin Lokal.
    """
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != Objection.Status.UNVERIFIED:
        return objection
    _move(objection=objection, to=Objection.Status.RECEIVED, fields={"email_verified_at": now or timezone.now()})
    proposal = Proposal.objects.select_related("innovation__agency").get(pk=objection.proposal_id)
    edition = Edition.objects.get(pk=objection.edition_id)
    context = {"proposal_title": proposal.title, "edition": str(edition)}
    notify(
        event="objection_received",
        recipients=list(edition.secretariat()),
        context=context,
        url=reverse("judging:objection", kwargs={"slug": edition.slug, "pk": objection.pk}),
        dedupe_key=f"objection-received-{objection.pk}",
    )
    notify(
        event="objection_received",
        recipients=_agency_people(proposal, with_staff=False),
        context=context,
        url=reverse("judging:agency_objections", kwargs={"slug": edition.slug}),
        dedupe_key=f"objection-received-agency-{objection.pk}",
    )
    return objection


def _remove_finalist(*, objection: Objection) -> list[dict]:
    """Reverse what judging.services.decisions.apply_decisions gave the proposal in the edition:
    its Decision rows and the Award each created. Returns what was removed, for the audit trail."""
    proposal = objection.proposal
    edition = objection.edition
    removed = []
    decisions = Decision.objects.filter(proposal=proposal, batch__edition=edition).select_related("batch")
    for decision in decisions:
        award = Award.objects.filter(
            innovation_id=proposal.innovation_id, year=edition.year, tier=decision.tier, edition=edition
        ).first()
        removed.append(
            {
                "tier": decision.tier,
                "tier_label": str(Award.Tier(decision.tier).label),
                "batch": decision.batch_id,
                "number": decision.batch.number,
                "award": award.pk if award else None,
            }
        )
        if award is not None:
            award.delete()
        decision.delete()
    return removed


def _update_showcase(*, objection: Objection, by) -> None:
    """The innovation's public profile loses the removed award; a published profile left with no
    public award goes back to draft (it was in the showcase only as this edition's finalist)."""
    from showcase.models import PublicProfile
    from showcase.services import public_awards, refresh_profile, withdraw_profile

    profile = PublicProfile.objects.filter(innovation_id=objection.proposal.innovation_id).first()
    if profile is None:
        return
    refresh_profile(profile=profile)
    still_awarded = Award.objects.filter(innovation_id=profile.innovation_id).filter(public_awards()).exists()
    if profile.status != PublicProfile.Status.DRAFT and not still_awarded:
        note = _("Disqualified after objection %(number)s.") % {"number": objection.pk}
        withdraw_profile(profile=profile, by=by, note=note)


DECISION_TEXTS = {
    Objection.Status.ACCEPTED: gettext_lazy("The objection is accepted."),
    Objection.Status.REJECTED: gettext_lazy("The objection is rejected."),
}
DISQUALIFIED_TEXT = gettext_lazy("The objection is accepted; the innovation is no longer a finalist.")


@transaction.atomic
def decide_objection(
    *, objection: Objection, accept: bool, reason: str, disqualify: bool = False, by, now: datetime | None = None
) -> Objection:
    """Accept or reject a received objection with a written reason; an accepted one may disqualify.

    Disqualifying removes the finalist: the proposal's Decision rows of the edition and the Award
    each created are deleted, and the objection records what was removed (`removed`). Side
    effects: the move to `accepted`/`rejected` with the reason, who and when; an `objection_decided`
    email to the objector and message to the agency's Admin Lokal and the unit's UPP staff.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason of the decision.")})
    if disqualify and not accept:
        raise ValidationError({"disqualify": _("Only an accepted objection can disqualify the finalist.")})
    objection = (
        Objection.objects.select_for_update()
        .select_related("edition", "proposal__innovation__agency")
        .get(pk=objection.pk)
    )
    target = Objection.Status.ACCEPTED if accept else Objection.Status.REJECTED
    fields = {
        "decision_reason": reason,
        "disqualifies": disqualify,
        "decided_by": by,
        "decided_at": now or timezone.now(),
    }
    if disqualify:
        _move(objection=objection, to=target, fields={**fields, "removed": _remove_finalist(objection=objection)})
        _update_showcase(objection=objection, by=by)
    else:
        _move(objection=objection, to=target, fields=fields)
    proposal = objection.proposal
    outcome = DISQUALIFIED_TEXT if disqualify else DECISION_TEXTS[target]
    # The reason travels inside `decision`, not as the event's own `reason` placeholder: the email
    # layout also calls its footer text `reason`, and a `reason` in the context replaces that footer
    # ("You receive this email because <the reason of the decision>"). Lazy: each recipient's language.
    decision = format_lazy("{}\n{} {}", outcome, gettext_lazy("Grounds:"), reason)
    context = {"proposal_title": proposal.title, "decision": decision}
    log_url = reverse("judging:objection_log", kwargs={"slug": objection.edition.slug})
    notify(
        event="objection_decided",
        recipients=[objection.email],
        context={**context, "name": objection.name},
        url=log_url,
        dedupe_key=f"objection-decided-{objection.pk}",
        in_app=False,
    )
    notify(
        event="objection_decided",
        recipients=_agency_people(proposal, with_staff=True),
        context=context,
        url=reverse("judging:agency_objections", kwargs={"slug": objection.edition.slug}),
        dedupe_key=f"objection-decided-agency-{objection.pk}",
    )
    return objection


def purge_unconfirmed_objections(*, now: datetime | None = None) -> int:
    """Delete objections whose filer never confirmed the email address, once the link has expired.

    They were never examined or shown to anyone, and they hold a stranger's name, contact and file:
    nothing to keep. Returns how many were deleted. Side effects: the rows and their evidence files.
    """
    cutoff = (now or timezone.now()) - CONFIRM_MAX_AGE
    stale = list(Objection.objects.filter(status=Objection.Status.UNVERIFIED, created_at__lt=cutoff))
    for objection in stale:
        # The row goes first: a file left behind by a crash is harmless, a row without its file is not.
        name = objection.evidence.name
        objection.delete()
        if name:
            objection.evidence.storage.delete(name)
    return len(stale)
