"""Rules an edition's configuration must keep, as pure functions over model instances.

The admin's inline formsets call them on the rows being edited (saved or not), the services call
them on what is stored, and `edition_problems` gathers everything that must hold before an
edition is published. Each returns a list of translated, human-readable messages; empty means fine.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise

from django.db import router
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from competitions.models import Criterion, Edition, Group, Stage, StageKind
from competitions.timing import truncate_to_second
from sinovik.templatetags.sinovik import wib

SECONDS_FORMAT = "j F Y, H:i:s"


def schedule_errors(stages: Iterable[Stage]) -> list[str]:
    """Reversed, repeated, overlapping or out-of-order stages.

    A stage includes its `ends_at` second, so the next stage may start one second later at the
    earliest (23:59:59 then 00:00:00). Stages follow the order of StageKind.
    """
    errors = []
    complete = [stage for stage in stages if stage.starts_at and stage.ends_at and stage.kind]
    for stage in complete:
        if truncate_to_second(stage.ends_at) <= truncate_to_second(stage.starts_at):
            errors.append(_("“%(stage)s” ends before it starts.") % {"stage": _title(stage)})
    seen = set()
    for stage in complete:
        if stage.kind in seen:
            errors.append(_("“%(stage)s” appears more than once.") % {"stage": _title(stage)})
        seen.add(stage.kind)
    ordered = sorted(complete, key=lambda stage: (stage.starts_at, stage.sequence))
    for previous, following in pairwise(ordered):
        if truncate_to_second(following.starts_at) <= truncate_to_second(previous.ends_at):
            errors.append(
                _(
                    "“%(first)s” (until %(end)s) and “%(second)s” (from %(start)s) overlap; a stage may start "
                    "one second after the previous one ends at the earliest."
                )
                % {
                    "first": _title(previous),
                    "end": wib(previous.ends_at, SECONDS_FORMAT),
                    "second": _title(following),
                    "start": wib(following.starts_at, SECONDS_FORMAT),
                }
            )
        if following.sequence < previous.sequence:
            errors.append(
                _("“%(later)s” must come after “%(earlier)s”.")
                % {"later": _title(previous), "earlier": _title(following)}
            )
    return errors


def criteria_weight_errors(criteria: Iterable[Criterion], groups: Iterable[Group]) -> list[str]:
    """Stages whose criteria do not weigh 100 in total for some group.

    The criteria of a stage that apply to a group are those without a group plus that group's
    own; for every group their weights add up to 100 (or there are none: the stage does not score
    that group).
    """
    groups = list(groups)
    by_stage: dict[Stage, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        by_stage[criterion.stage].append(criterion)
    errors = []
    for stage, rows in sorted(by_stage.items(), key=lambda item: (item[0].starts_at, item[0].sequence)):
        common = sum(row.weight or 0 for row in rows if row.group_id is None)
        per_group = defaultdict(int)
        for row in rows:
            if row.group_id is not None:
                per_group[row.group_id] += row.weight or 0
        if not per_group:
            if common != 100:
                errors.append(
                    _("The criteria of “%(stage)s” weigh %(total)d in total; they must weigh 100.")
                    % {"stage": _title(stage), "total": common}
                )
            continue
        for group in groups:
            total = common + per_group.get(group.pk, 0)
            if total not in (0, 100):
                errors.append(
                    _("The criteria of “%(stage)s” for “%(group)s” weigh %(total)d in total; they must weigh 100.")
                    % {"stage": _title(stage), "group": group, "total": total}
                )
    return errors


def final_weight_errors(stages: Iterable[Stage]) -> list[str]:
    """The shares of the final score, if any are set, must add up to 100%."""
    total = sum(stage.final_weight or 0 for stage in stages)
    if total in (0, 100):
        return []
    return [_("The shares of the final score add up to %(total)d%%; they must add up to 100%%.") % {"total": total}]


def edition_problems(edition: Edition) -> list[str]:
    """Everything that keeps `edition` from being published, read from the database."""
    stages = list(edition.stages.all())
    groups = list(edition.groups.prefetch_related("sections"))
    criteria = list(edition.criteria.select_related("stage"))
    problems = []
    if not any(stage.kind == StageKind.PROPOSAL_ENTRY for stage in stages):
        problems.append(_("Add a proposal-entry stage: it decides when agencies may enter proposals."))
    problems += schedule_errors(stages)
    if not groups:
        problems.append(_("Add at least one group (e.g. Kelompok Umum)."))
    for group in groups:
        if not group.sections.all():
            problems.append(_("“%(group)s” has no form sections yet.") % {"group": group})
    if not edition.categories.exists():
        problems.append(_("Add at least one category."))
    problems += criteria_weight_errors(criteria, groups)
    problems += final_weight_errors(stages)
    scored = {criterion.stage_id for criterion in criteria}
    for stage in stages:
        if stage.final_weight and stage.pk not in scored:
            problems.append(_("“%(stage)s” counts in the final score but has no criteria.") % {"stage": _title(stage)})
    if scored and not any(stage.final_weight for stage in stages):
        problems.append(
            _(
                "Set each scored stage's share of the final score, e.g. 70 for the desk evaluation and 30 for "
                "the interview."
            )
        )
    return problems


def deletion_problem(instance: Model) -> str | None:
    """Why `instance` cannot be deleted, or None when it can.

    Rows that others point at with on_delete=PROTECT (answers of proposals point at form sections,
    proposals at categories) must stay: past proposals keep the form they were written on. Also
    catches rows reached through a cascade, e.g. a group whose sections have answers.
    """
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except ProtectedError as error:
        blockers = error.protected_objects
    except RestrictedError as error:
        blockers = error.restricted_objects
    else:
        return None
    counts = Counter(type(blocker) for blocker in blockers)
    dependents = get_text_list(
        [
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in sorted(counts.items(), key=lambda item: str(item[0]._meta.verbose_name))
        ],
        _("and"),
    )
    message = _("“%(name)s” cannot be deleted: %(dependents)s refer to it.") % {
        "name": instance,
        "dependents": dependents,
    }
    if any(model._meta.app_label != "competitions" for model in counts):
        message += " " + _("Proposals keep the form they were written on; change next year's form instead.")
    return message


def _title(stage: Stage) -> str:
    return stage.title if stage.kind else _("a stage")
