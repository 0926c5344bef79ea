"""Writes for finalists and decisions (issue 8): drafting a balanced Top N from a jury round and
overriding it by hand.

The round's ranking (jury.selectors.ranking) becomes judging.shortlist.Candidate rows; the exact
integer programme in judging.shortlist chooses the Top N; the result is stored as a ShortlistDraft.
"""

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Membership
from competitions.models import Announcement, Stage
from judging import shortlist
from judging.models import Decision, DecisionBatch, ShortlistDraft, ShortlistOverride
from jury.models import Round
from jury.selectors import ranking
from notifications.services import notify
from submissions.models import Award, Proposal


def _favoured_ids(proposal_ids: list[int]) -> set[int]:
    """Proposals whose agency's region (or its parent agency's, for a BUMD), or that region's
    province, is in eastern Indonesia or is a 3T region."""
    flagged = Q()
    for region in ("innovation__agency__region", "innovation__agency__parent__region"):
        for flag in ("is_eastern", "is_3t"):
            flagged |= Q(**{f"{region}__{flag}": True}) | Q(**{f"{region}__province__{flag}": True})
    return set(Proposal.objects.filter(pk__in=proposal_ids).filter(flagged).values_list("pk", flat=True))


def shortlist_candidates(round: Round) -> list[shortlist.Candidate]:
    """The round's scored proposals as candidates: the raw mean score, the category by name, the
    group by kind, the agency type and the province by name (as the rules name them)."""
    rows = [row for row in ranking(round).rows if row.mean is not None]
    ids = [row.proposal_id for row in rows]
    keys = {
        pk: (category or "", kind or "")
        for pk, category, kind in Proposal.objects.filter(pk__in=ids).values_list("pk", "category__name", "group__kind")
    }
    favoured = _favoured_ids(ids)
    return [
        shortlist.Candidate(
            key=row.proposal_id,
            score=float(row.mean),
            category=keys[row.proposal_id][0],
            group=keys[row.proposal_id][1],
            agency_kind=row.agency_kind or "",
            province=row.province or "",
            favoured_region=row.proposal_id in favoured,
        )
        for row in rows
    ]


def _rules_from(data: dict, size: int) -> shortlist.Rules:
    return shortlist.Rules(
        size=size,
        minimum={family: dict(values) for family, values in (data.get("minimum") or {}).items() if values},
        maximum={family: dict(values) for family, values in (data.get("maximum") or {}).items() if values},
        province_cap=data.get("province_cap"),
        favoured_minimum=data.get("favoured_minimum") or 0,
    )


def _moves(moves: list[shortlist.Move], titles: dict[int, str]) -> list[dict]:
    return [
        {
            "proposal": move.candidate.key,
            "title": titles.get(move.candidate.key, ""),
            "score": move.candidate.score,
            "reasons": move.reasons,
        }
        for move in moves
    ]


@transaction.atomic
def build_shortlist_draft(*, round: Round, size: int, rules: dict, by) -> ShortlistDraft:
    """Choose the best Top `size` of `round` under `rules` and store it as a new draft.

    `rules` is {"minimum": {family: {value: n}}, "maximum": {...}, "province_cap": n | None,
    "favoured_minimum": n}. Side effects: creates one ShortlistDraft (with the problems instead of a
    selection when the rules cannot all be met).
    """
    if size < 1:
        raise ValidationError({"size": _("Choose at least one proposal.")})
    candidates = shortlist_candidates(round)
    result = shortlist.build(candidates, _rules_from(rules, size))
    titles = dict(Proposal.objects.filter(pk__in=[c.key for c in candidates]).values_list("pk", "title"))
    return ShortlistDraft.objects.create(
        edition_id=round.panel.edition_id,
        round=round,
        size=size,
        rules=rules,
        selected=[candidate.key for candidate in result.selected],
        scores={str(candidate.key): candidate.score for candidate in candidates},
        total=result.total,
        moved_in=_moves(result.moved_in, titles),
        moved_out=_moves(result.moved_out, titles),
        problems=result.problems,
        created_by=by,
    )


def override_shortlist(
    *, draft: ShortlistDraft, proposal: Proposal, action: str, justification: str, by
) -> ShortlistOverride:
    """Add a proposal to, or remove one from, the draft's list by hand, with a written reason.

    Only proposals scored in the draft's round may be added; adding one already on the list or
    removing one not on it is refused. Side effects: creates one ShortlistOverride.
    """
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("Write why this proposal is added or removed by hand.")})
    if not draft.feasible:
        raise ValidationError(_("This draft has no list to change: its rules cannot all be met."))
    on_list = proposal.pk in draft.final_ids()
    if action == ShortlistOverride.Action.ADD:
        if on_list:
            raise ValidationError({"proposal": _("This proposal is already on the list.")})
        if proposal.pk not in {candidate.key for candidate in shortlist_candidates(draft.round)}:
            raise ValidationError({"proposal": _("Only proposals scored in the draft's round can be added.")})
    elif action == ShortlistOverride.Action.REMOVE:
        if not on_list:
            raise ValidationError({"proposal": _("This proposal is not on the list.")})
    else:
        raise ValidationError({"action": _("Choose whether to add or remove the proposal.")})
    return ShortlistOverride.objects.create(
        draft=draft, proposal=proposal, action=action, justification=justification, created_by=by
    )


# Finalist tiers open the public objection period; the others are final results.
FINALIST_TIERS = (Award.Tier.TOP_99, Award.Tier.KHUSUS_FINALIST)


@transaction.atomic
def apply_decisions(
    *, draft: ShortlistDraft, tier: str, number: str, letter_date: date, by, now: datetime | None = None
) -> DecisionBatch:
    """Give every proposal of the draft's final list `tier`, in one batch. Idempotent per edition and
    tier: applying the same tier again returns the existing batch and changes nothing.

    Side effects, in one transaction: a DecisionBatch and one Decision per proposal; an Award
    (the innovation's award history) per proposal for the edition's year; the PDF letter listing
    the proposals and a competitions Announcement carrying it (public on the edition page); a
    `finalists_announced` (Top 99, Khusus finalist) or `results` message to the Admin Lokal and
    UPP staff of each proposal.
    """
    from judging.pdf_decisions import render_decision_letter

    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Enter the announcement number.")})
    if tier not in Award.Tier.values:
        raise ValidationError({"tier": _("Choose a tier.")})
    if not draft.feasible:
        raise ValidationError(_("This draft has no list to decide: its rules cannot all be met."))
    existing = DecisionBatch.objects.filter(edition_id=draft.edition_id, tier=tier).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    edition = draft.edition
    ids = draft.final_ids()
    proposals = list(
        Proposal.objects.filter(pk__in=ids)
        .select_related("innovation__agency", "innovation__unit", "group")
        .order_by("group__order", "group_id", "innovation__agency__name", "title")
    )
    batch = DecisionBatch.objects.create(
        edition=edition, draft=draft, tier=tier, number=number, letter_date=letter_date, applied_by=by
    )
    Decision.objects.bulk_create([Decision(batch=batch, proposal=proposal, tier=tier) for proposal in proposals])
    for proposal in proposals:
        Award.objects.get_or_create(
            innovation_id=proposal.innovation_id, year=edition.year, tier=tier, defaults={"edition": edition}
        )
    with translation.override(settings.LANGUAGE_CODE):
        # Official letters are in Indonesian only (see competitions.Announcement).
        tier_label = str(Award.Tier(tier).label)
        title = _("%(tier)s of %(edition)s") % {"tier": tier_label, "edition": edition.name}
        body = _(
            "Following the evaluation of the proposals entered in %(edition)s, the %(count)d proposals "
            "listed below are decided as %(tier)s."
        ) % {"edition": edition.name, "count": len(proposals), "tier": tier_label}
        pdf = render_decision_letter(batch=batch, proposals=proposals, title=title, body=body)
    announcement = Announcement(edition=edition, number=number, title=title, body=body, published_at=now)
    announcement.file.save(f"keputusan-{tier}-{edition.slug}.pdf", ContentFile(pdf), save=False)
    announcement.save()
    batch.announcement = announcement
    batch.save(update_fields=["announcement"])
    _notify_decisions(batch=batch, proposals=proposals)
    return batch


def _notify_decisions(*, batch: DecisionBatch, proposals: list[Proposal]) -> None:
    edition = batch.edition
    agencies = {proposal.innovation.agency_id for proposal in proposals}
    units = {proposal.innovation.unit_id for proposal in proposals}
    admins: dict[int, list] = defaultdict(list)
    staff: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.active().filter(user__is_active=True).select_related("user")
    for membership in memberships.filter(role=Membership.Role.ADMIN_LOKAL, agency__in=agencies):
        admins[membership.agency_id].append(membership.user)
    for membership in memberships.filter(role=Membership.Role.UPP_STAFF, unit__in=units):
        staff[membership.unit_id].append(membership.user)
    objection = Stage.objects.filter(edition=edition, kind=Stage.Kind.PUBLIC_OBJECTION).first()
    # An aware datetime: notify shows it in WIB, in each recipient's language.
    closes = objection.ends_at if objection else ""
    for proposal in proposals:
        recipients = admins[proposal.innovation.agency_id] + staff[proposal.innovation.unit_id]
        if batch.tier in FINALIST_TIERS:
            event, context = "finalists_announced", {"edition": str(edition), "objections_close_at": closes}
        else:
            event = "results"
            context = {"edition": str(edition), "proposal_title": proposal.title, "tier": batch.get_tier_display()}
        notify(
            event=event,
            recipients=recipients,
            context=context,
            url=edition.get_absolute_url(),
            dedupe_key=f"decision-{batch.pk}-proposal-{proposal.pk}",
        )


def publish_winners(*, edition, by) -> int:
    """Make the edition's decided results public: draft a showcase profile for every awarded
    innovation that has none, then publish the edition's results in the showcase
    (showcase.services.publish_profiles: the release, and every approved profile). Idempotent.

    Refused until at least one batch of decisions was applied. Returns how many profiles were
    published by this call. Side effects: those of the two showcase services.
    """
    from showcase.services import draft_profiles_for, publish_profiles

    if not DecisionBatch.objects.filter(edition=edition).exists():
        raise ValidationError(_("Apply a decision before publishing the results."))
    draft_profiles_for(edition=edition, by=by)
    return publish_profiles(edition=edition, by=by)
