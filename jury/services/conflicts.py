"""Conflicts of interest: which juror may not score which proposal, and why.

Two sources. Declared: a ConflictDeclaration row (the juror recused themself, or the secretariat
recorded a conflict), naming a proposal or a whole agency. Detected: the round's rules applied to
the juror's home agency (JurorProfile.agency) and the proposal's agency:

- own agency: the juror works for the agency that entered the proposal;
- parent agency: one agency owns the other (a local government and its BUMD);
- same province: both are local governments (or BUMDs) of the same province.

The rules are evaluated live at every check, so a profile changed yesterday counts today; the
detected pairs are also written down (record_detected_conflicts) for the assignment page.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from agencies.models import Agency
from jury.models import ConflictDeclaration, JurorProfile, Round
from submissions.models import Proposal

# Local governments and the enterprises they own: the same-province rule applies to them only.
LOCAL_KINDS = frozenset({Agency.Kind.PROVINSI, Agency.Kind.KABUPATEN, Agency.Kind.KOTA, Agency.Kind.BUMD})
AGENCY_RELATED = ("region__province", "parent__region__province")


@dataclass(frozen=True)
class Affiliation:
    agency_id: int
    parent_id: int | None
    province_id: int | None
    is_local: bool


@dataclass(frozen=True)
class Conflict:
    reason: str
    source: str


def affiliation_of(agency: Agency | None) -> Affiliation | None:
    if agency is None:
        return None
    province = agency.province
    return Affiliation(
        agency_id=agency.pk,
        parent_id=agency.parent_id,
        province_id=province.pk if province else None,
        is_local=agency.kind in LOCAL_KINDS,
    )


def rule_reason(round: Round, juror: Affiliation | None, proposal: Affiliation | None) -> str | None:
    """Why the round's rules keep this juror from this proposal, or None."""
    if juror is None or proposal is None:
        return None
    if round.conflict_own_agency and juror.agency_id == proposal.agency_id:
        return _("The juror works for the agency that entered the proposal.")
    if round.conflict_parent_agency and (
        juror.agency_id == proposal.parent_id or (juror.parent_id and juror.parent_id == proposal.agency_id)
    ):
        return _("The juror's agency and the proposal's agency belong together (parent and child).")
    if (
        round.conflict_same_province
        and juror.is_local
        and proposal.is_local
        and juror.province_id
        and juror.province_id == proposal.province_id
    ):
        return _("The juror works for a local government of the same province.")
    return None


def _juror_affiliations(juror_ids: Iterable[int]) -> dict[int, Affiliation]:
    profiles = JurorProfile.objects.filter(user_id__in=list(juror_ids), agency__isnull=False).select_related(
        *(f"agency__{path}" for path in AGENCY_RELATED), "agency"
    )
    return {profile.user_id: affiliation_of(profile.agency) for profile in profiles}


def _declared(round: Round, juror_ids: Iterable[int] | None = None):
    rows = ConflictDeclaration.objects.filter(edition_id=round.panel.edition_id).filter(
        Q(round__isnull=True) | Q(round=round)
    )
    if juror_ids is not None:
        rows = rows.filter(juror_id__in=list(juror_ids))
    return rows.filter(source=ConflictDeclaration.Source.DECLARED)


def conflicts_for_round(
    round: Round, *, juror_ids: Iterable[int], proposals: Iterable[Proposal]
) -> dict[tuple[int, int], Conflict]:
    """Every conflicted (juror id, proposal id) pair among `juror_ids` and `proposals`, with its reason.

    `proposals` must come with `innovation__agency` (and its region, parent) loaded; jurors
    without a home agency and without declarations have no conflicts.
    """
    juror_ids = list(juror_ids)
    proposals = list(proposals)
    found: dict[tuple[int, int], Conflict] = {}
    for row in _declared(round, juror_ids):
        for proposal in proposals:
            if row.proposal_id == proposal.pk or (row.agency_id and row.agency_id == proposal.innovation.agency_id):
                found.setdefault((row.juror_id, proposal.pk), Conflict(row.reason, row.source))

    jurors = _juror_affiliations(juror_ids)
    if not jurors:
        return found
    # Index the proposals by what the rules compare, so each juror looks at a handful, not all.
    by_agency, by_parent, by_province = defaultdict(list), defaultdict(list), defaultdict(list)
    affiliations = {}
    for proposal in proposals:
        affiliation = affiliation_of(proposal.innovation.agency)
        affiliations[proposal.pk] = affiliation
        by_agency[affiliation.agency_id].append(proposal)
        if affiliation.parent_id:
            by_parent[affiliation.parent_id].append(proposal)
        if affiliation.is_local and affiliation.province_id:
            by_province[affiliation.province_id].append(proposal)
    for juror_id, juror in jurors.items():
        candidates = by_agency[juror.agency_id] + by_parent[juror.agency_id]
        if juror.parent_id:
            candidates += by_agency[juror.parent_id]
        if juror.is_local and juror.province_id:
            candidates += by_province[juror.province_id]
        for proposal in candidates:
            reason = rule_reason(round, juror, affiliations[proposal.pk])
            if reason and (juror_id, proposal.pk) not in found:
                found[(juror_id, proposal.pk)] = Conflict(reason, ConflictDeclaration.Source.DETECTED)
    return found


def conflict_reason(round: Round, *, juror_id: int, proposal: Proposal) -> str | None:
    """Why `juror_id` may not score `proposal` in `round`, or None when they may."""
    agency = Agency.objects.select_related("region__province", "parent__region__province").get(
        pk=proposal.innovation.agency_id
    )
    declared = (
        _declared(round, [juror_id])
        .filter(Q(proposal=proposal) | Q(agency_id=agency.pk))
        .values_list("reason", flat=True)
        .first()
    )
    if declared is not None:
        return declared
    juror = _juror_affiliations([juror_id]).get(juror_id)
    return rule_reason(round, juror, affiliation_of(agency))


def record_detected_conflicts(round: Round, conflicts: dict[tuple[int, int], Conflict]) -> int:
    """Replace the round's detected-conflict rows with those in `conflicts`; returns how many.

    Side effects: deletes and writes ConflictDeclaration rows with source `detected` for `round`.
    """
    ConflictDeclaration.objects.filter(round=round, source=ConflictDeclaration.Source.DETECTED).delete()
    rows = [
        ConflictDeclaration(
            edition_id=round.panel.edition_id,
            round=round,
            juror_id=juror_id,
            proposal_id=proposal_id,
            reason=conflict.reason,
            source=ConflictDeclaration.Source.DETECTED,
        )
        for (juror_id, proposal_id), conflict in sorted(conflicts.items())
        if conflict.source == ConflictDeclaration.Source.DETECTED
    ]
    ConflictDeclaration.objects.bulk_create(rows)
    return len(rows)


def declare_conflict(
    *, edition, juror, reason: str, by, proposal: Proposal | None = None, agency: Agency | None = None
) -> ConflictDeclaration:
    """Record a conflict the juror reported (to the secretariat, or by recusing themself).

    Side effects: a declared ConflictDeclaration for every round of the edition; the juror's
    assignments and reviews of the proposals concerned are deleted in rounds that have not closed
    (closed rounds are history and keep them; their score audit always stays).
    """
    from django.utils import timezone

    from jury.models import Assignment, Review

    if proposal is None and agency is None:
        raise ValueError("a conflict names a proposal or an agency")
    declaration = ConflictDeclaration.objects.create(
        edition=edition,
        juror=juror,
        proposal=proposal,
        agency=agency,
        reason=reason.strip(),
        source=ConflictDeclaration.Source.DECLARED,
        created_by=by,
    )
    concerned = Q(proposal=proposal) if proposal else Q(proposal__innovation__agency=agency)
    now = timezone.now()
    open_rounds = [r.pk for r in Round.objects.filter(panel__edition=edition) if not r.has_closed(now)]
    Review.objects.filter(concerned, round_id__in=open_rounds, juror=juror).delete()
    Assignment.objects.filter(concerned, round_id__in=open_rounds, juror=juror).delete()
    return declaration
