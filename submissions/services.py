"""Writes for proposals: creating, autosaving answers, and moving along the submission chain.

`transition` is the one function that changes a proposal's status: it checks the move, the
deadline and the rules of the group, writes the ProposalEvent and queues notifications through the
outbox in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, Unit
from competitions.forms_definition import FormDefinition, count_words, validate_answers, validate_identification
from competitions.models import Edition, Group, IdentificationQuestion, StageKind
from notifications.services import notify
from sinovik.templatetags.sinovik import wib
from submissions.models import (
    Answer,
    Award,
    EntryExtension,
    IdentificationAnswer,
    Innovation,
    Proposal,
    ProposalEvent,
    ReviewComment,
)

S = Proposal.Status

# Allowed moves of Proposal.status (see the Proposal docstring).
MOVES = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.RETURNED, S.FORWARDED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.WITHDRAWN},
    S.FORWARDED: {S.PASSED, S.FAILED},
    S.WITHDRAWN: set(),
    S.PASSED: set(),
    S.FAILED: set(),
}
# Moves the agency makes, which only count while entry is open for the agency; the Admin Lokal may
# also still forward or return during the Admin Lokal review stage.
AGENCY_MOVES = {S.SUBMITTED, S.WITHDRAWN}
ADMIN_LOKAL_MOVES = {S.RETURNED, S.FORWARDED}
TOP_99_TIERS = {Award.Tier.TOP_99, Award.Tier.TOP_45, Award.Tier.OUTSTANDING}


class StaleVersion(Exception):
    """The text was changed by someone else (or in another tab) since this writer loaded it."""

    def __init__(self, answer: Answer):
        super().__init__("stale version")
        self.answer = answer


# --- Deadlines ---------------------------------------------------------------------------------


def entry_closes_for(*, edition: Edition, agency: Agency) -> datetime | None:
    """The last moment `agency` may enter and submit proposals: the entry stage's end, or the
    agency's extension when the secretariat granted a later one."""
    closes = edition.entry_closes_at
    extension = EntryExtension.objects.filter(edition=edition, agency=agency).first()
    if extension and (closes is None or extension.until > closes):
        return extension.until
    return closes


def is_entry_open_for(*, edition: Edition, agency: Agency, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    stage = edition.entry_stage
    closes = entry_closes_for(edition=edition, agency=agency)
    if stage is None or closes is None or edition.status != Edition.Status.PUBLISHED:
        return False
    return stage.starts_at <= now and now.replace(microsecond=0) <= closes


def review_closes_for(*, edition: Edition, agency: Agency) -> datetime | None:
    """Until when the Admin Lokal may return or forward: the end of the Admin Lokal review stage,
    or of entry (with the agency's extension) when that is later or there is no review stage."""
    review = edition.stage_of(StageKind.ADMIN_LOKAL_REVIEW)
    closes = entry_closes_for(edition=edition, agency=agency)
    candidates = [moment for moment in (closes, review.ends_at if review else None) if moment]
    return max(candidates) if candidates else None


def _require_open(*, proposal: Proposal, to: str, now: datetime) -> None:
    agency = proposal.innovation.agency
    if to in AGENCY_MOVES or to is None:
        if not is_entry_open_for(edition=proposal.edition, agency=agency, now=now):
            closes = entry_closes_for(edition=proposal.edition, agency=agency)
            raise ValidationError(
                _("Proposal entry closed at %(closes)s.") % {"closes": wib(closes)}
                if closes and now > closes
                else _("Proposal entry is not open.")
            )
    elif to in ADMIN_LOKAL_MOVES:
        closes = review_closes_for(edition=proposal.edition, agency=agency)
        if closes is None or now.replace(microsecond=0) > closes:
            raise ValidationError(_("The Admin Lokal review closed at %(closes)s.") % {"closes": wib(closes)})


# --- Creating ------------------------------------------------------------------------------------


@transaction.atomic
def start_proposal(
    *,
    edition: Edition,
    group: Group,
    unit: Unit,
    title: str,
    by,
    innovation: Innovation | None = None,
    now: datetime | None = None,
) -> Proposal:
    """Start a draft proposal of `unit` in `group`, for a new innovation or an earlier one.

    Refused when entry is closed for the agency, when the group is by invitation and the agency was
    not invited, or when the innovation already has a proposal in this edition.
    """
    agency = unit.agency
    if group.edition_id != edition.pk:
        raise ValidationError({"group": _("Choose a group of this edition.")})
    if not group.is_open_to(agency):
        raise ValidationError({"group": _("This group is open by invitation only, and your agency was not invited.")})
    if not is_entry_open_for(edition=edition, agency=agency, now=now):
        raise ValidationError(_("Proposal entry is not open."))
    title = " ".join(title.split())
    if innovation is None:
        innovation = Innovation.objects.create(title=title, agency=agency, unit=unit)
    elif innovation.agency_id != agency.pk:
        raise ValidationError({"innovation": _("Choose an innovation of your agency.")})
    if Proposal.objects.filter(innovation=innovation, edition=edition).exists():
        raise ValidationError({"innovation": _("This innovation already has a proposal in this edition.")})
    proposal = Proposal.objects.create(innovation=innovation, edition=edition, group=group, title=title, created_by=by)
    ProposalEvent.objects.create(proposal=proposal, from_status="", to_status=S.DRAFT, actor=by)
    return proposal


# --- Autosave ------------------------------------------------------------------------------------


@dataclass
class SaveResult:
    answer: Answer
    words: int
    over_limit: bool


@transaction.atomic
def save_answer(
    *, proposal: Proposal, section_id: int, text: str, base_version: int, by, now: datetime | None = None
) -> SaveResult:
    """Save the text of one section, unless someone saved it since `base_version` was loaded.

    Raises StaleVersion (carrying the current answer) instead of overwriting a newer text, and
    ValidationError when the proposal cannot be edited or the text cannot be stored. A text over the
    word limit is saved and flagged; it only blocks submission.
    """
    now = now or timezone.now()
    _require_editable(proposal=proposal, now=now)
    form = FormDefinition.for_group(proposal.group)
    problems = validate_answers(form=form, answers={section_id: text}, for_submission=False)
    if problems:
        raise ValidationError(problems[section_id])
    answer, _created = Answer.objects.get_or_create(proposal=proposal, section_id=section_id)
    # The conditional update is the lock: of two saves based on the same version, one wins.
    updated = Answer.objects.filter(pk=answer.pk, version=base_version).update(
        text=text, version=F("version") + 1, updated_at=now, updated_by=by
    )
    answer.refresh_from_db()
    if not updated:
        raise StaleVersion(answer)
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=now)
    section = form.section_map()[section_id]
    words = count_words(text)
    return SaveResult(answer=answer, words=words, over_limit=words > section.word_limit)


def _require_editable(*, proposal: Proposal, now: datetime) -> None:
    if proposal.status not in Proposal.EDITABLE:
        raise ValidationError(
            _("This proposal is %(status)s and can no longer be changed.")
            % {"status": proposal.get_status_display().lower()}
        )
    _require_open(proposal=proposal, to=None, now=now)


@transaction.atomic
def save_identification(
    *,
    proposal: Proposal,
    base_version: int,
    by,
    title: str,
    category,
    sdgs,
    started_on,
    innovator_kind: str,
    innovators: str,
    replicates: Innovation | None,
    answers: dict[int, str],
    now: datetime | None = None,
) -> Proposal:
    """Save the identification page (title, category, SDGs, start date, innovators, questions).

    Refused with StaleVersion when the page was saved by someone else since `base_version`.
    """
    now = now or timezone.now()
    _require_editable(proposal=proposal, now=now)
    form = FormDefinition.for_group(proposal.group)
    problems = validate_identification(form=form, answers=answers, for_submission=False)
    if problems:
        raise ValidationError({f"question_{pk}": messages for pk, messages in problems.items()})
    updated = Proposal.objects.filter(pk=proposal.pk, version=base_version).update(
        version=F("version") + 1,
        title=" ".join(title.split()),
        category=category,
        replicates=replicates,
        updated_at=now,
    )
    if not updated:
        raise StaleVersion(None)
    proposal.refresh_from_db()
    proposal.sdgs.set(sdgs)
    innovation = proposal.innovation
    innovation.title, innovation.started_on = proposal.title, started_on
    innovation.innovator_kind, innovation.innovators = innovator_kind, innovators
    innovation.save(update_fields=["title", "started_on", "innovator_kind", "innovators"])
    for question_id, value in answers.items():
        IdentificationAnswer.objects.update_or_create(
            proposal=proposal, question_id=question_id, defaults={"value": value}
        )
    return proposal


# --- What is missing -----------------------------------------------------------------------------


def missing_for_submission(proposal: Proposal) -> list[tuple[str, str]]:
    """What stops `proposal` from being submitted, as (message, anchor) pairs for links in the editor."""
    form = FormDefinition.for_group(proposal.group)
    problems: list[tuple[str, str]] = []
    if not proposal.category_id:
        problems.append((_("Choose a category."), "identification"))
    if not proposal.sdgs.exists():
        problems.append((_("Choose at least one SDG."), "identification"))
    if not proposal.innovation.started_on:
        problems.append((_("Enter the date implementation started."), "identification"))
    if proposal.group.kind == Group.Kind.REPLIKASI:
        replicated = proposal.replicates
        if replicated is None:
            problems.append((_("Choose the Top 99 innovation this one replicates."), "identification"))
        elif not replicated.awards.filter(tier__in=TOP_99_TIERS).exists():
            problems.append((_("The innovation you replicate must be a Top 99 innovation."), "identification"))
    identification = dict(proposal.identification_answers.values_list("question_id", "value"))
    for question_id, messages in validate_identification(
        form=form, answers=identification, for_submission=True
    ).items():
        question = IdentificationQuestion.objects.get(pk=question_id)
        problems.append((f"{question}: {' '.join(messages)}", "identification"))
    texts = dict(proposal.answers.values_list("section_id", "text"))
    sections = form.section_map()
    for section_id, messages in validate_answers(form=form, answers=texts, for_submission=True).items():
        problems.append((f"{sections[section_id]}: {' '.join(messages)}", f"section-{section_id}"))
    counts: dict[int, int] = {}
    for type_id in proposal.attachments.filter(attachment_type__isnull=False).values_list(
        "attachment_type_id", flat=True
    ):
        counts[type_id] = counts.get(type_id, 0) + 1
    for kind in form.attachment_types:
        if kind.required and not counts.get(kind.pk):
            problems.append((_("Attach: %(name)s.") % {"name": kind}, "attachments"))
    if not proposal.truthfulness_declared_at:
        problems.append((_("Declare that the information is true."), "submit"))
    return problems


# --- The chain -----------------------------------------------------------------------------------


@transaction.atomic
def transition(*, proposal: Proposal, to: str, by, comment: str = "", now: datetime | None = None) -> Proposal:
    """Move `proposal` to status `to`: the one place a proposal's status changes.

    Checks the move, the deadline (entry for the agency's moves, Admin Lokal review for forward and
    return), completeness on submission and the group's quota per agency on forwarding. Side
    effects: a ProposalEvent, and emails/in-app notices to the people next in the chain.
    A repeated request for the move already made (a double click) changes nothing.
    """
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("innovation__agency", "innovation__unit", "group", "edition")
        .get(pk=proposal.pk)
    )
    if proposal.status == to:
        return proposal
    if to not in MOVES[proposal.status]:
        raise ValidationError(
            _("A proposal that is “%(current)s” cannot become “%(target)s”.")
            % {"current": proposal.get_status_display(), "target": S(to).label}
        )
    if to in AGENCY_MOVES or to in ADMIN_LOKAL_MOVES:
        _require_open(proposal=proposal, to=to, now=now)
    if to == S.SUBMITTED:
        missing = missing_for_submission(proposal)
        if missing:
            raise ValidationError([message for message, _anchor in missing])
    if to == S.RETURNED and not comment.strip():
        raise ValidationError(_("Say what needs to change; the UPP receives your comments."))
    if to == S.FORWARDED:
        _check_quota(proposal)

    previous = proposal.status
    proposal.status = to
    fields = ["status", "updated_at"]
    if to == S.SUBMITTED:
        proposal.submitted_at = now
        fields.append("submitted_at")
    if to == S.FORWARDED:
        proposal.forwarded_at = now
        fields.append("forwarded_at")
    proposal.save(update_fields=fields)
    event = ProposalEvent.objects.create(
        proposal=proposal, from_status=previous, to_status=to, actor=by, comment=comment.strip(), at=now
    )
    _notify(proposal=proposal, event=event, by=by)
    return proposal


def _check_quota(proposal: Proposal) -> None:
    quota = proposal.group.quota_for(proposal.innovation.agency)
    if quota is None:
        return
    used = (
        Proposal.objects.counting_towards_quota()
        .filter(edition=proposal.edition, group=proposal.group, innovation__agency=proposal.innovation.agency)
        .count()
    )
    if used >= quota:
        raise ValidationError(
            _("Your agency has already forwarded %(used)d of its %(quota)d proposals in %(group)s.")
            % {"used": used, "quota": quota, "group": proposal.group}
        )


@transaction.atomic
def return_with_comments(
    *, proposal: Proposal, by, comment: str, section_comments: dict[int, str], now: datetime | None = None
) -> Proposal:
    """The Admin Lokal returns a proposal for revision with an overall comment and per-section ones.

    Side effects: the transition (ProposalEvent, email to the UPP) and ReviewComment rows.
    """
    section_comments = {pk: text.strip() for pk, text in section_comments.items() if text and text.strip()}
    overall = comment.strip()
    if not overall and section_comments:
        overall = _("See the comments on the sections.")
    proposal = transition(proposal=proposal, to=S.RETURNED, by=by, comment=overall, now=now)
    event = proposal.events.latest("at", "pk")
    ReviewComment.objects.bulk_create(
        [
            ReviewComment(proposal=proposal, section_id=pk, event=event, author=by, text=text)
            for pk, text in section_comments.items()
        ]
    )
    return proposal


def _people_of_unit(proposal: Proposal):
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(unit=proposal.innovation.unit, role=Membership.Role.UPP_STAFF, user__is_active=True)
        .select_related("user")
    ]


def _admins_of(agency: Agency):
    managing = [agency.pk] + ([agency.parent_id] if agency.kind == Agency.Kind.BUMD and agency.parent_id else [])
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(agency__in=managing, role=Membership.Role.ADMIN_LOKAL, user__is_active=True)
        .select_related("user")
    ]


def _notify(*, proposal: Proposal, event: ProposalEvent, by) -> None:
    url = reverse("submissions:detail", args=[proposal.pk])
    key = f"proposal-{proposal.pk}-event-{event.pk}"
    agency = proposal.innovation.agency
    if event.to_status == S.SUBMITTED:
        notify(
            event="proposal_submitted",
            recipients=_admins_of(agency),
            context={
                "proposal_title": proposal.title,
                "unit": proposal.innovation.unit.name,
                "submitted_by": by.get_full_name() if by else "",
            },
            url=url,
            dedupe_key=key,
        )
    elif event.to_status == S.RETURNED:
        notify(
            event="proposal_returned",
            recipients=_people_of_unit(proposal),
            context={
                "proposal_title": proposal.title,
                "comments": event.comment,
                "returned_by": by.get_full_name() if by else "",
            },
            url=url,
            dedupe_key=key,
        )
    elif event.to_status == S.FORWARDED:
        notify(
            event="proposal_forwarded",
            recipients=_people_of_unit(proposal),
            context={"proposal_title": proposal.title, "agency": agency.name, "edition": str(proposal.edition)},
            url=url,
            dedupe_key=key,
        )


@transaction.atomic
def declare_truthfulness(*, proposal: Proposal, by, now: datetime | None = None) -> None:
    """Record the mandatory declaration that the proposal's information is true."""
    _require_editable(proposal=proposal, now=now or timezone.now())
    Proposal.objects.filter(pk=proposal.pk).update(truthfulness_declared_at=now or timezone.now())


@transaction.atomic
def grant_entry_extension(*, edition: Edition, agency: Agency, until: datetime, reason: str, by) -> EntryExtension:
    """Give one agency more time to enter proposals (e.g. its network was down on the closing day)."""
    extension = EntryExtension.objects.filter(edition=edition, agency=agency).first() or EntryExtension(
        edition=edition, agency=agency
    )
    extension.until, extension.reason, extension.granted_by = until, reason.strip(), by
    extension.full_clean()
    extension.save()
    return extension


# --- Reminders -----------------------------------------------------------------------------------


def remind_about_deadlines(*, now: datetime | None = None) -> int:
    """Email one digest per person about proposals not yet sent on, 7 days, 3 days, 1 day and 6 hours
    before entry closes for their agency. UPP staff hear about their unit's drafts and returned
    proposals; the Admin Lokal also about proposals waiting for them to forward. Running it again in
    the same moment sends nothing new (dedupe keys). Returns the number of messages queued.
    """
    from notifications.reminders import due_reminder, reminder_key
    from notifications.services import notify_digest

    now = now or timezone.now()
    waiting = (S.DRAFT, S.RETURNED, S.SUBMITTED)
    queued = 0
    for edition in Edition.objects.filter(status=Edition.Status.PUBLISHED).prefetch_related("stages"):
        if not edition.is_entry_open(now) and not EntryExtension.objects.filter(edition=edition).exists():
            continue
        proposals = (
            Proposal.objects.filter(edition=edition, status__in=waiting)
            .select_related("innovation__agency", "innovation__unit")
            .order_by("innovation__agency_id", "title")
        )
        by_agency: dict[int, list[Proposal]] = {}
        for proposal in proposals:
            by_agency.setdefault(proposal.innovation.agency_id, []).append(proposal)
        for agency_proposals in by_agency.values():
            agency = agency_proposals[0].innovation.agency
            closes = entry_closes_for(edition=edition, agency=agency)
            offset = due_reminder(closes_at=closes, now=now) if closes else None
            if offset is None:
                continue
            pairs = []
            staff = {}
            for membership in (
                Membership.objects.active()
                .filter(
                    unit__in={p.innovation.unit_id for p in agency_proposals},
                    role=Membership.Role.UPP_STAFF,
                    user__is_active=True,
                )
                .select_related("user")
            ):
                staff.setdefault(membership.unit_id, []).append(membership.user)
            admins = _admins_of(agency)
            for proposal in agency_proposals:
                line = f"{proposal.title} ({proposal.innovation.unit.name}): {proposal.get_status_display()}"
                if proposal.status != S.SUBMITTED:
                    pairs += [(user, line) for user in staff.get(proposal.innovation.unit_id, [])]
                pairs += [(user, line) for user in admins]
            queued += len(
                notify_digest(
                    event="deadline_reminder",
                    items=pairs,
                    context={"edition": str(edition), "stage": str(edition.entry_stage), "closes_at": closes},
                    url=reverse("submissions:list"),
                    dedupe_key=reminder_key(prefix=f"drafts-{edition.pk}-{agency.pk}", offset=offset),
                )
            )
    return queued
