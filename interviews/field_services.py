"""Writes of the field verification stage (verifikasi lapangan). Views, the admin and tests call these.

- plan_visit: the secretariat picks a finalist, its verifiers and a date (or changes them).
- save_checklist: a verifier ticks the checks met and writes notes (a draft; planned → in progress).
- add_photo: a verifier adds a JPEG or PNG photo, checked by its content and downsized.
- remove_photo: a verifier takes a photo back (before sign-off).
- sign_off: a verifier closes the visit; its score is written and nothing changes afterwards.
- _transition is the only writer of FieldVisit.status.

Why the score is computed, not typed: score = 100 * (weights of the checks met) / (weights of all
the edition's checks). Two verifiers looking at the same service then give the same number, the
secretariat can explain every point of it, and the weights stay the edition's decision, not each
verifier's. A verifier who disagrees with the outcome says so in the notes.

Who may verify: anyone in the edition organiser's secretariat, evaluators (TE) or panelists (TPI),
unless they have a conflict of interest with the finalist under the jury's rules (declared
conflicts and the own agency / parent agency / same province rules) of the edition's presentation
rounds (the rounds whose panel interviews the finalists), or of every round of the edition when it
has no presentation round.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Edition, OrganiserMembership
from interviews.models import FieldChecklistItem, FieldVisit, FieldVisitEvent, FieldVisitPhoto
from interviews.services import finalists, presentation_rounds, with_agency
from jury.models import Round
from jury.services import conflicts_for_round
from notifications.services import notify
from sinovik.roles import ORGANISER_ROLES
from submissions.attachments import UploadRules, clean_upload
from submissions.models import Proposal

PHOTO_RULES = UploadRules(extensions=("jpg", "jpeg", "png"), max_size_kb=15 * 1024, max_files=12)

STATUS_MOVES = {
    FieldVisit.Status.PLANNED: {FieldVisit.Status.IN_PROGRESS, FieldVisit.Status.SIGNED_OFF},
    FieldVisit.Status.IN_PROGRESS: {FieldVisit.Status.SIGNED_OFF},
    FieldVisit.Status.SIGNED_OFF: set(),
}


# --- Reads used by the writes ----------------------------------------------------------------------


def verifier_candidates(edition: Edition):
    """Active users in the edition organiser's secretariat, evaluators or panelists."""
    members = OrganiserMembership.objects.filter(
        organiser_id=edition.organiser_id, is_active=True, role__in=ORGANISER_ROLES
    ).values("user")
    return get_user_model().objects.filter(pk__in=members, is_active=True).order_by("full_name", "email")


def checklist(edition: Edition):
    return FieldChecklistItem.objects.filter(edition=edition).order_by("order", "pk")


def checklist_score(items, met_ids) -> Decimal | None:
    """100 * weights met / all weights, rounded to 2 decimals; None without a checklist."""
    items = list(items)
    total = sum(item.weight for item in items)
    if not total:
        return None
    met = sum(item.weight for item in items if item.pk in set(met_ids))
    return (Decimal(100 * met) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def conflict_rounds(edition: Edition) -> list[Round]:
    rounds = list(presentation_rounds(edition))
    return rounds or list(Round.objects.filter(panel__edition=edition).select_related("panel"))


def verifier_conflicts(edition: Edition, *, user_ids, proposal: Proposal) -> dict[int, str]:
    """{user id: reason} for each of `user_ids` with a conflict of interest with `proposal`."""
    proposal = with_agency(Proposal.objects.filter(pk=proposal.pk)).get()
    found: dict[int, str] = {}
    for round in conflict_rounds(edition):
        for (user_id, _proposal_id), conflict in conflicts_for_round(
            round, juror_ids=list(user_ids), proposals=[proposal]
        ).items():
            found.setdefault(user_id, conflict.reason)
    return found


# --- Writes ----------------------------------------------------------------------------------------


def _log(visit: FieldVisit, *, action: str, before: str = "", after: str = "", by, now) -> None:
    FieldVisitEvent.objects.create(visit=visit, action=action, before=before[:200], after=after[:200], by=by, at=now)


def _names(users) -> str:
    return ", ".join(sorted(user.full_name or user.email for user in users))


def _transition(visit: FieldVisit, *, to: str, by, now) -> None:
    """The only writer of FieldVisit.status: checks the move and writes the audit entry."""
    before = visit.status
    if to not in STATUS_MOVES[before]:
        raise ValidationError(
            _("The field visit cannot go from “%(before)s” to “%(after)s”.")
            % {"before": FieldVisit.Status(before).label, "after": FieldVisit.Status(to).label}
        )
    visit.status = to
    visit.save(update_fields=["status"])
    _log(visit, action=FieldVisitEvent.Action.STATUS, before=before, after=to, by=by, now=now)


def _locked(visit_pk: int) -> FieldVisit:
    """The visit, row-locked; refused once signed off (the server-side freeze)."""
    visit = FieldVisit.objects.select_for_update().select_related("edition").get(pk=visit_pk)
    if visit.is_signed_off:
        raise ValidationError(_("The field visit is signed off; it can no longer change."))
    return visit


@transaction.atomic
def plan_visit(*, proposal: Proposal, verifiers, planned_on: date, by, now: datetime | None = None) -> FieldVisit:
    """Plan (or re-plan) the field visit of a finalist: its verifiers and date.

    Refused when the proposal is not a finalist of its edition, a verifier is not organiser staff
    of the edition, a verifier has a conflict of interest with the proposal, or the visit is
    signed off. Side effects: the FieldVisit row and its verifiers, `planned`/`verifiers` events.
    """
    now = now or timezone.now()
    edition = proposal.edition
    if not finalists(edition).filter(pk=proposal.pk).exists():
        raise ValidationError(_("Only a finalist of the edition gets a field visit."))
    verifiers = list(verifiers)
    if not verifiers:
        raise ValidationError(_("Choose at least one verifier."))
    allowed = set(verifier_candidates(edition).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in verifiers):
        raise ValidationError(_("Every verifier must be in the organiser's secretariat, evaluators or panelists."))
    conflicts = verifier_conflicts(edition, user_ids=[user.pk for user in verifiers], proposal=proposal)
    if conflicts:
        by_id = {user.pk: user for user in verifiers}
        raise ValidationError(
            _("A verifier has a conflict of interest with the finalist: %(reasons)s")
            % {
                "reasons": "; ".join(
                    f"{by_id[pk].full_name or by_id[pk].email}: {reason}" for pk, reason in sorted(conflicts.items())
                )
            }
        )
    visit = FieldVisit.objects.select_for_update().filter(proposal=proposal).first()
    if visit is None:
        visit = FieldVisit.objects.create(edition=edition, proposal=proposal, planned_on=planned_on)
        _log(visit, action=FieldVisitEvent.Action.PLANNED, after=planned_on.isoformat(), by=by, now=now)
    else:
        if visit.is_signed_off:
            raise ValidationError(_("The field visit is signed off; it can no longer change."))
        if visit.planned_on != planned_on:
            _log(
                visit,
                action=FieldVisitEvent.Action.PLANNED,
                before=visit.planned_on.isoformat(),
                after=planned_on.isoformat(),
                by=by,
                now=now,
            )
            visit.planned_on = planned_on
            visit.save(update_fields=["planned_on"])
    before = list(visit.verifiers.all())
    if {user.pk for user in before} != {user.pk for user in verifiers}:
        visit.verifiers.set(verifiers)
        _log(
            visit,
            action=FieldVisitEvent.Action.VERIFIERS,
            before=_names(before),
            after=_names(verifiers),
            by=by,
            now=now,
        )
    proposal = Proposal.objects.select_related("innovation__agency").get(pk=proposal.pk)
    notify(
        event="field_visit_assigned",
        recipients=verifiers,
        context={"proposal_title": proposal.title, "agency": proposal.innovation.agency.name, "planned_on": planned_on},
        url=reverse("interviews:field_visit", args=[visit.pk]),
        # A verifier hears once per planned day: added later, or told again when the day moves.
        dedupe_key=f"field-visit-{visit.pk}-{planned_on.isoformat()}",
    )
    return visit


def _require_verifier(visit: FieldVisit, by) -> None:
    if not visit.verifiers.filter(pk=by.pk).exists():
        raise ValidationError(_("Only a verifier of this visit may do this."))


@transaction.atomic
def save_checklist(*, visit: FieldVisit, met_items, notes: str, by, now: datetime | None = None) -> FieldVisit:
    """A verifier's draft: the checks met (items of the edition's checklist) and the notes.

    Refused once signed off. Side effects: met_items, notes, and planned → in progress.
    """
    now = now or timezone.now()
    visit = _locked(visit.pk)
    _require_verifier(visit, by)
    items = {item.pk for item in checklist(visit.edition)}
    chosen = {item.pk for item in met_items}
    if not chosen <= items:
        raise ValidationError(_("Tick only checks of this edition's checklist."))
    visit.met_items.set(chosen)
    visit.notes = notes
    visit.save(update_fields=["notes"])
    if visit.status == FieldVisit.Status.PLANNED:
        _transition(visit, to=FieldVisit.Status.IN_PROGRESS, by=by, now=now)
    return visit


@transaction.atomic
def add_photo(*, visit: FieldVisit, upload, by, now: datetime | None = None) -> FieldVisitPhoto:
    """Store a photo of the visit: JPEG or PNG by its content, metadata stripped, downsized
    (submissions.attachments.clean_upload), at most PHOTO_RULES.max_files per visit.

    Refused once signed off. Side effects: a FieldVisitPhoto, a `photo` event, planned → in progress.
    """
    now = now or timezone.now()
    visit = _locked(visit.pk)
    _require_verifier(visit, by)
    if visit.photos.count() >= PHOTO_RULES.max_files:
        raise ValidationError(_("A field visit takes at most %(limit)d photos.") % {"limit": PHOTO_RULES.max_files})
    clean = clean_upload(upload=upload, rules=PHOTO_RULES)
    extension = "png" if clean.content_type == "image/png" else "jpg"
    photo = FieldVisitPhoto(visit=visit, name=clean.original_name, uploaded_by=by)
    photo.image.save(f"visit-{visit.pk}.{extension}", clean.content, save=False)
    photo.save()
    _log(visit, action=FieldVisitEvent.Action.PHOTO, after=clean.original_name, by=by, now=now)
    if visit.status == FieldVisit.Status.PLANNED:
        _transition(visit, to=FieldVisit.Status.IN_PROGRESS, by=by, now=now)
    return photo


@transaction.atomic
def sign_off(*, visit: FieldVisit, by, now: datetime | None = None) -> FieldVisit:
    """A verifier closes the visit: the score is computed from the checks met (module docstring)
    and written with signed_off_by/at; from now on every write is refused.

    Refused without a checklist for the edition. Side effects: score, signed_off_by/at, status.
    """
    now = now or timezone.now()
    visit = _locked(visit.pk)
    _require_verifier(visit, by)
    score = checklist_score(checklist(visit.edition), visit.met_items.values_list("pk", flat=True))
    if score is None:
        raise ValidationError(_("The edition has no field checklist yet: the secretariat sets it up first."))
    visit.score, visit.signed_off_by, visit.signed_off_at = score, by, now
    visit.save(update_fields=["score", "signed_off_by", "signed_off_at"])
    _transition(visit, to=FieldVisit.Status.SIGNED_OFF, by=by, now=now)
    return visit


@transaction.atomic
def remove_photo(*, photo: FieldVisitPhoto, by, now: datetime | None = None) -> None:
    """A verifier takes back a photo before sign-off. Side effects: the row and its file, a `photo` event."""
    now = now or timezone.now()
    visit = _locked(photo.visit_id)
    _require_verifier(visit, by)
    name = photo.name
    photo.image.delete(save=False)
    photo.delete()
    _log(visit, action=FieldVisitEvent.Action.PHOTO, before=name, by=by, now=now)
