"""Writes of the competitions app: edition status, stage extensions, cloning an edition.

Views, admin actions, the demo and management commands all call these; none of the rules below
lives anywhere else.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from competitions.models import (
    AttachmentType,
    Category,
    Criterion,
    Edition,
    EditionStatusChange,
    FormSection,
    IdentificationQuestion,
    Stage,
    StageExtension,
)
from competitions.timing import shift_years_wib, truncate_to_second
from competitions.validation import SECONDS_FORMAT, edition_problems, schedule_errors
from sinovik.templatetags.sinovik import wib

Status = Edition.Status


@transaction.atomic
def change_edition_status(
    *, edition: Edition, to: str, by: User | None, note: str = "", now: datetime | None = None
) -> EditionStatusChange:
    """Move `edition` to status `to`; the only place an edition's status changes.

    Allowed moves: draft → published, when edition_problems() finds nothing; published → archived,
    once the last stage has closed; published → draft, only before the first stage starts (to
    withdraw an edition published by mistake). Raises ValidationError with the reasons otherwise.

    Side effects: saves `edition.status`; writes an EditionStatusChange row (who, when, note).
    """
    now = now or timezone.now()
    # Lock the row so two secretariat members cannot publish and archive at the same moment.
    current = Edition.objects.select_for_update().values_list("status", flat=True).get(pk=edition.pk)
    move = (current, to)
    if move == (Status.DRAFT, Status.PUBLISHED):
        problems = edition_problems(edition)
        if problems:
            raise ValidationError(problems)
    elif move == (Status.PUBLISHED, Status.ARCHIVED):
        if not edition.has_finished(now):
            raise ValidationError(_("An edition can be archived only after its last stage has closed."))
    elif move == (Status.PUBLISHED, Status.DRAFT):
        if any(stage.starts_at <= now for stage in edition.stages.all()):
            raise ValidationError(
                _("The edition has already started; it can no longer return to draft. Extend or archive it instead.")
            )
    else:
        raise ValidationError(
            _("An edition cannot go from %(from)s to %(to)s.")
            % {"from": Status(current).label, "to": Status(to).label if to in Status.values else to}
        )
    edition.status = to
    edition.save(update_fields=["status", "updated_at"])
    return EditionStatusChange.objects.create(
        edition=edition, from_status=current, to_status=to, note=note, created_by=by
    )


@transaction.atomic
def extend_stage(
    *, stage: Stage, new_end: datetime, reason: str, by: User | None, shift_following: bool = False
) -> StageExtension:
    """Give `stage` a later end, e.g. proposal entry by four days because the system was down.

    Refused (ValidationError): no reason; an end that is not later than the current one (a stage
    is never shortened this way: edit a draft instead); an archived edition; and an end that
    reaches into the next stage, unless `shift_following` is set: then every later stage moves by
    the same amount, keeping its length and the gaps between stages.

    Side effects: saves the stage (and the later stages when shifted); writes a StageExtension with
    the reason, and one per shifted stage pointing back at it (`caused_by`).
    """
    if timezone.is_naive(new_end):
        raise ValueError("new_end must be an aware datetime")
    stages = list(Stage.objects.select_for_update().filter(edition_id=stage.edition_id).order_by("starts_at"))
    stage = next(row for row in stages if row.pk == stage.pk)
    new_end = truncate_to_second(new_end)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the extension; it is shown to participants."))
    if stage.edition.status == Status.ARCHIVED:
        raise ValidationError(_("The edition is archived; its stages can no longer change."))
    if new_end <= stage.ends_at:
        raise ValidationError(
            _("The new end must be later than the current end (%(end)s); an extension cannot shorten a stage.")
            % {"end": wib(stage.ends_at, SECONDS_FORMAT)}
        )
    later = [row for row in stages if row.starts_at > stage.ends_at]
    if later and new_end >= later[0].starts_at and not shift_following:
        raise ValidationError(
            _(
                "The new end reaches into “%(next)s”, which starts %(start)s. Move the later stages along "
                "with it, or choose an earlier end."
            )
            % {"next": later[0].title, "start": wib(later[0].starts_at, SECONDS_FORMAT)}
        )
    delta = new_end - stage.ends_at
    extension = _move(stage, starts_at=stage.starts_at, ends_at=new_end, reason=reason, by=by)
    if shift_following:
        for row in later:
            _move(
                row,
                starts_at=row.starts_at + delta,
                ends_at=row.ends_at + delta,
                reason=reason,
                by=by,
                caused_by=extension,
            )
    problems = schedule_errors(Stage.objects.filter(edition_id=stage.edition_id))
    if problems:  # a guard: the checks above should make this impossible
        raise ValidationError(problems)
    return extension


def _move(stage: Stage, *, starts_at: datetime, ends_at: datetime, reason: str, by, caused_by=None) -> StageExtension:
    previous = (stage.starts_at, stage.ends_at)
    stage.starts_at, stage.ends_at = starts_at, ends_at
    stage.save(update_fields=["starts_at", "ends_at"])
    return StageExtension.objects.create(
        stage=stage,
        previous_starts_at=previous[0],
        previous_ends_at=previous[1],
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        caused_by=caused_by,
        created_by=by,
    )


@transaction.atomic
def clone_edition(
    *, edition: Edition, by: User | None, year: int | None = None, slug: str | None = None, name: str | None = None
) -> Edition:
    """Copy the structure of `edition` into a new draft edition for `year` (default: the next year).

    Copied: stages (moved by the difference in years, same WIB wall-clock times; 29 February
    becomes 28 February), groups with quotas and minimum ages, categories, form sections,
    identification questions (with their conditions), attachment types, criteria and the shares of
    the final score. Not copied, because they belong to one year: the theme, the legal basis,
    documents, announcements, invitations, extensions and the status history. The name and web
    address get the new year in place of the old one unless given.

    Side effects: creates the edition and its rows; `cloned_from` records the source.
    Raises ValidationError when the web address is taken.
    """
    year = year or edition.year + 1
    years = year - edition.year
    slug = slug or _with_year(edition.slug, edition.year, year, joiner="-")
    if Edition.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("There is already an edition at /kompetisi/%(slug)s/; choose another web address.") % {"slug": slug}
        )
    clone = Edition.objects.create(
        organiser=edition.organiser,
        name=name or _with_year(edition.name, edition.year, year),
        short_name=_with_year(edition.short_name, edition.year, year) if edition.short_name else "",
        slug=slug,
        year=year,
        description=edition.description,
        description_en=edition.description_en,
        helpdesk=edition.helpdesk,
        status=Status.DRAFT,
        cloned_from=edition,
    )
    stages = _copy(
        edition.stages.all(),
        edition=clone,
        starts_at=lambda row: shift_years_wib(row.starts_at, years),
        ends_at=lambda row: shift_years_wib(row.ends_at, years),
    )
    groups = _copy(edition.groups.all(), edition=clone)
    _copy(Category.objects.filter(edition=edition), edition=clone)
    _copy(FormSection.objects.filter(edition=edition), edition=clone, group_id=lambda row: groups[row.group_id])
    questions = _copy(
        IdentificationQuestion.objects.filter(edition=edition),
        edition=clone,
        group_id=lambda row: groups.get(row.group_id),
        shown_if_id=lambda row: None,
    )
    conditional = list(IdentificationQuestion.objects.filter(edition=edition, shown_if__isnull=False))
    IdentificationQuestion.objects.bulk_update(
        [IdentificationQuestion(pk=questions[row.pk], shown_if_id=questions[row.shown_if_id]) for row in conditional],
        ["shown_if"],
    )
    _copy(AttachmentType.objects.filter(edition=edition), edition=clone, group_id=lambda row: groups.get(row.group_id))
    _copy(
        Criterion.objects.filter(edition=edition),
        edition=clone,
        stage_id=lambda row: stages[row.stage_id],
        group_id=lambda row: groups.get(row.group_id),
    )
    return clone


def _copy(rows, **changes) -> dict[int, int]:
    """Insert copies of `rows` with `changes` (values, or functions of the original row).

    Returns {original pk: copy pk}, so later copies can point at the new rows.
    """
    originals = list(rows)
    copies = []
    for row in originals:
        copy = type(row)(**{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields})
        copy.pk = None
        for name, value in changes.items():
            setattr(copy, name, value(row) if callable(value) else value)
        copies.append(copy)
    created = type(originals[0]).objects.bulk_create(copies) if originals else []
    return {original.pk: copy.pk for original, copy in zip(originals, created, strict=True)}


def _with_year(text: str, old: int, new: int, joiner: str = " ") -> str:
    return text.replace(str(old), str(new)) if str(old) in text else f"{text}{joiner}{new}"
