"""Reads for the organiser dashboard: an edition's funnel by province and agency type, One Agency,
One Innovation compliance, and jury progress.

Every figure comes from a few GROUP BY queries (agencies, proposals, provinces, rounds), so the
dashboard costs the same number of queries for 10 proposals as for 3,500.

The funnel counts how far proposals have come, each stage including the ones after it:

- started: every proposal of the edition, from draft on (withdrawn ones included);
- submitted: ever sent to the Admin Lokal (still there, returned, forwarded or screened);
- forwarded: reached the organiser (forwarded, passed or failed screening);
- passed: passed administrative screening;
- nominated: put forward by a jury round, with the nomination confirmed by the secretariat;
- finalists: given any award of this edition (Top 99, Khusus finalist, and the winners);
- winners: Top 45 or Outstanding Achievement in this edition.

Agencies registered are verified, active agencies; "without a proposal" are those of them with no
proposal in the edition other than withdrawn ones (One Agency, One Innovation).
"""

from dataclasses import dataclass, field, fields

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, Region
from competitions.models import Edition
from jury.models import Assignment, Nomination, Review, Round
from submissions.models import Award, Proposal

S = Proposal.Status
SUBMITTED_OR_LATER = (S.SUBMITTED, S.RETURNED, *Proposal.REACHED_ORGANISER)
FINALIST_TIERS = tuple(Award.Tier.values)
WINNER_TIERS = (Award.Tier.TOP_45, Award.Tier.OUTSTANDING)

NO_PROVINCE = ""


class Missing:
    """What an agency lacks to count as taking part (the compliance list's filter)."""

    PROPOSAL = "proposal"
    FORWARDED = "forwarded"

    choices = [
        (PROPOSAL, _("No proposal")),
        (FORWARDED, _("Nothing forwarded")),
    ]


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    help: str


STAGES = [
    Stage("agencies", _("Agencies registered"), _("Verified agencies, whether or not they take part.")),
    Stage("started", _("Proposals started"), _("Every proposal, from draft on.")),
    Stage("submitted", _("Submitted to the Admin Lokal"), _("Sent by the UPP to its Admin Lokal at least once.")),
    Stage("forwarded", _("Forwarded to the organiser"), _("Reached the organiser (and counts towards the quota).")),
    Stage("passed", _("Passed screening"), _("Passed the administrative screening.")),
    Stage("nominated", _("Nominated by the jury"), _("Put forward by a jury round, confirmed by the secretariat.")),
    Stage("finalists", _("Finalists"), _("Top 99 and Khusus finalists of this edition, winners included.")),
    Stage("winners", _("Winners"), _("Top 45 and Outstanding Achievement of this edition.")),
]
PROPOSAL_STAGE_KEYS = [stage.key for stage in STAGES[1:]]


@dataclass
class Counts:
    agencies: int = 0
    without_proposal: int = 0
    without_forwarded: int = 0
    started: int = 0
    submitted: int = 0
    forwarded: int = 0
    passed: int = 0
    nominated: int = 0
    finalists: int = 0
    winners: int = 0

    def add(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, getattr(self, name) + (value or 0))

    def __iadd__(self, other: "Counts") -> "Counts":
        self.add({item.name: getattr(other, item.name) for item in fields(self)})
        return self

    @property
    def with_proposal(self) -> int:
        return self.agencies - self.without_proposal

    @property
    def compliance_percent(self) -> float | None:
        """Share of verified agencies with a proposal in the edition, or None without agencies."""
        return round(100 * self.with_proposal / self.agencies, 1) if self.agencies else None


@dataclass
class FunnelRow:
    """The funnel of one province or one agency type. `key` is the province's id or the agency type
    (NO_PROVINCE for central agencies, which belong to no province)."""

    key: str
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class Funnel:
    total: Counts
    by_kind: list[FunnelRow]
    by_province: list[FunnelRow]


@dataclass
class FunnelStep:
    stage: Stage
    value: int
    of_started: float | None
    of_previous: float | None


def province_of(prefix: str = "") -> Coalesce:
    """SQL for the id of the province an agency (at `prefix`) belongs to, as Agency.province says:
    its region's province, or its parent's for a BUMD without a region; NULL for central agencies."""
    province_level = Region.Level.PROVINCE
    return Coalesce(
        F(f"{prefix}region__province_id"),
        Case(When(**{f"{prefix}region__level": province_level}, then=F(f"{prefix}region_id"))),
        F(f"{prefix}parent__region__province_id"),
        Case(When(**{f"{prefix}parent__region__level": province_level}, then=F(f"{prefix}parent__region_id"))),
        output_field=BigIntegerField(),
    )


def _entered(edition: Edition):
    """The edition's live proposals of the agency in the outer query."""
    return Proposal.objects.filter(edition=edition, innovation__agency=OuterRef("pk")).exclude(status=S.WITHDRAWN)


def _agency_counts(edition: Edition) -> list[dict]:
    entered = _entered(edition)
    return list(
        Agency.objects.verified()
        .annotate(
            province_key=province_of(),
            has_proposal=Exists(entered),
            has_forwarded=Exists(entered.filter(status__in=Proposal.REACHED_ORGANISER)),
        )
        .values("province_key", "kind")
        .annotate(
            agencies=Count("pk"),
            without_proposal=Count("pk", filter=Q(has_proposal=False)),
            without_forwarded=Count("pk", filter=Q(has_forwarded=False)),
        )
        .order_by()
    )


def _proposal_counts(edition: Edition) -> list[dict]:
    nominated = Nomination.objects.confirmed().filter(proposal=OuterRef("pk"), round__panel__edition=edition)
    awards = Award.objects.filter(innovation=OuterRef("innovation"), edition=edition)
    return list(
        Proposal.objects.filter(edition=edition)
        .annotate(
            province_key=province_of("innovation__agency__"),
            kind=F("innovation__agency__kind"),
            is_nominated=Exists(nominated),
            is_finalist=Exists(awards.filter(tier__in=FINALIST_TIERS)),
            is_winner=Exists(awards.filter(tier__in=WINNER_TIERS)),
        )
        .values("province_key", "kind")
        .annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=SUBMITTED_OR_LATER) | Q(submitted_at__isnull=False)),
            forwarded=Count("pk", filter=Q(status__in=Proposal.REACHED_ORGANISER)),
            passed=Count("pk", filter=Q(status=S.PASSED)),
            nominated=Count("pk", filter=Q(is_nominated=True)),
            finalists=Count("pk", filter=Q(is_finalist=True)),
            winners=Count("pk", filter=Q(is_winner=True)),
        )
        .order_by()
    )


def edition_funnel(edition: Edition) -> Funnel:
    """The funnel of `edition` in total, per agency type (in Agency.Kind order) and per province (in
    the Ministry of Home Affairs' code order, roughly west to east; every province is listed, then
    the agencies of no province when there are any). Three queries."""
    kinds = {kind: FunnelRow(key=kind, label=str(label)) for kind, label in Agency.Kind.choices}
    provinces = {
        str(pk): FunnelRow(key=str(pk), label=name)
        for pk, name in Region.objects.provinces().order_by("code").values_list("pk", "name")
    }
    central = FunnelRow(key=NO_PROVINCE, label=str(_("No province (central agencies)")))
    total = Counts()
    for row in [*_agency_counts(edition), *_proposal_counts(edition)]:
        province_key, kind = row.pop("province_key"), row.pop("kind")
        province = provinces.get(str(province_key), central) if province_key is not None else central
        province.counts.add(row)
        kinds[kind].counts.add(row)
        total.add(row)
    by_province = list(provinces.values())
    if central.counts != Counts():
        by_province.append(central)
    return Funnel(total=total, by_kind=list(kinds.values()), by_province=by_province)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def funnel_steps(counts: Counts) -> list[FunnelStep]:
    """The funnel's stages with their share of the proposals started and of the stage before.

    Agencies and proposals are different things, so proposals started get no share of agencies.
    """
    steps = []
    previous = None
    for stage in STAGES:
        value = getattr(counts, stage.key)
        is_proposal_stage = stage.key in PROPOSAL_STAGE_KEYS
        steps.append(
            FunnelStep(
                stage=stage,
                value=value,
                of_started=_percent(value, counts.started) if is_proposal_stage else None,
                of_previous=_percent(value, previous) if previous is not None else None,
            )
        )
        previous = value if is_proposal_stage else None
    return steps


# --- One Agency, One Innovation -----------------------------------------------------------------


def verified_agencies(*, province: Region | None = None, kind: str = "") -> QuerySet[Agency]:
    agencies = Agency.objects.verified().annotate(province_key=province_of())
    if province is not None:
        agencies = agencies.filter(province_key=province.pk)
    if kind:
        agencies = agencies.filter(kind=kind)
    return agencies


def agencies_without_proposal(
    edition: Edition, *, missing: str = Missing.PROPOSAL, province: Region | None = None, kind: str = ""
) -> QuerySet[Agency]:
    """Verified agencies with no proposal in `edition` (or, with `missing=forwarded`, none that
    reached the organiser), with their province, their Admin Lokal and how many live proposals
    they have started, ordered by name."""
    entered = _entered(edition)
    if missing == Missing.FORWARDED:
        entered = entered.filter(status__in=Proposal.REACHED_ORGANISER)
    started = _entered(edition).order_by().values("innovation__agency").annotate(count=Count("pk")).values("count")
    admins = Membership.objects.active().filter(role=Membership.Role.ADMIN_LOKAL).select_related("user")
    return (
        verified_agencies(province=province, kind=kind)
        .filter(~Exists(entered))
        .annotate(proposals_started=Coalesce(Subquery(started), Value(0)))
        .select_related("region__province", "parent__region__province")
        .prefetch_related(Prefetch("memberships", queryset=admins.order_by("user__full_name"), to_attr="admins"))
        .order_by("name", "pk")
    )


# --- Jury ----------------------------------------------------------------------------------------


@dataclass
class RoundProgress:
    round: Round
    assigned: int
    done: int
    nominated: int

    @property
    def percent(self) -> float | None:
        return _percent(self.done, self.assigned)


def jury_progress(edition: Edition) -> list[RoundProgress]:
    """Each jury round of the edition with its assignments done (the juror's review submitted) out
    of all, and its confirmed nominations. Three queries."""
    rounds = list(
        Round.objects.filter(panel__edition=edition).select_related("panel__stage").order_by("opens_at", "pk")
    )
    submitted = Review.objects.submitted().filter(
        round=OuterRef("round"), juror=OuterRef("juror"), proposal=OuterRef("proposal")
    )
    work = {
        row["round"]: row
        for row in Assignment.objects.filter(round__panel__edition=edition)
        .annotate(is_done=Exists(submitted))
        .values("round")
        .annotate(assigned=Count("pk"), done=Count("pk", filter=Q(is_done=True)))
        .order_by()
    }
    nominations = dict(
        Nomination.objects.confirmed()
        .filter(round__panel__edition=edition)
        .values_list("round")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        RoundProgress(
            round=item,
            assigned=work.get(item.pk, {}).get("assigned", 0),
            done=work.get(item.pk, {}).get("done", 0),
            nominated=nominations.get(item.pk, 0),
        )
        for item in rounds
    ]
