"""Heavy reads of the jury app: the ranking of a round, progress, a juror's queue.

The ranking is computed by the database in one statement (plus one when criteria have their own
minimum score), the same SQL on SQLite and PostgreSQL:

- a review's weighted total out of 100 is stored on the review when it is scored (see
  jury.services.scoring, which uses competitions.scoring.stage_score);
- per proposal: count, mean, median and the population standard deviation of its submitted
  totals. SQLite has no STDDEV, so the variance is AVG(t*t) - AVG(t)^2 and its square root comes
  from SQRT (native on PostgreSQL, registered by Django on SQLite). The median is the mean of the
  middle one or two totals, found with ROW_NUMBER() over the proposal's ordered totals;
- per juror: the mean m_j and population standard deviation s_j of all the totals that juror
  submitted in the round. A review's z-score is (t - m_j) / s_j (0 when s_j is 0: a juror who
  gives everything the same score says nothing about order). A proposal's normalised score is
  the mean z-score of its reviews, which removes jurors' leniency and spread;
- RANK() over the mean (raw) and over the normalised score, side by side.

A proposal is flagged for another review when it has at least two reviews and their standard
deviation reaches the round's threshold. It passes when its mean reaches the stage's passing
grade (if set) and the mean of every criterion reaches that criterion's minimum (if set).

API for later stages (finalists and decisions): `ranking(round, filters=None, order="raw")`
returns a Ranking whose `rows` are RankingRow objects (proposal_id, title, agency, agency_kind,
province, group, category, reviews, mean, median, sd, normalised, rank_raw, rank_normalised,
failed_criteria, flagged, passes, nomination); fetch the Proposal objects you need with
`Proposal.objects.in_bulk([row.proposal_id for row in rows])`. `confirmed_nominees(round)` is the
queryset of proposals confirmed from a round.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, Max, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from agencies.models import Agency, Region
from competitions.models import Criterion
from jury.models import Assignment, Nomination, Review, Round
from jury.services.assignment import eligible_proposals
from submissions.models import Proposal

ORDERS = ("raw", "normalised")
# Below this, a juror's spread counts as none (floating error of AVG(t*t) - AVG(t)^2).
EPSILON = 1e-9


@dataclass
class RankingRow:
    """One proposal of a ranking. Display fields are plain values read in one query (building
    3,500 model instances with their agency, region and category took longer than the maths)."""

    proposal_id: int
    title: str
    agency: str
    agency_kind: str
    province: str
    group: str
    category: str
    reviews: int = 0
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    normalised: float | None = None
    rank_raw: int | None = None
    rank_normalised: int | None = None
    failed_criteria: int = 0
    flagged: bool = False
    passes: bool | None = None
    nomination: str | None = None

    @property
    def agency_kind_label(self) -> str:
        return Agency.Kind(self.agency_kind).label if self.agency_kind in Agency.Kind.values else self.agency_kind


@dataclass
class Ranking:
    round: Round
    rows: list[RankingRow] = field(default_factory=list)
    passing_grade: Decimal | None = None

    @property
    def nominated(self) -> int:
        return sum(1 for row in self.rows if row.nomination)


_STATS_SQL = """
WITH r AS (
    SELECT rv.juror_id AS juror_id, rv.proposal_id AS proposal_id, CAST(rv.total AS DOUBLE PRECISION) AS t
    FROM jury_review rv
    WHERE rv.round_id = %s AND rv.status = 'submitted' AND rv.total IS NOT NULL
),
j AS (
    SELECT juror_id, AVG(t) AS m, AVG(t * t) - AVG(t) * AVG(t) AS v FROM r GROUP BY juror_id
),
z AS (
    SELECT r.proposal_id AS proposal_id, r.t AS t,
           CASE WHEN j.v > {eps} THEN (r.t - j.m) / SQRT(j.v) ELSE 0 END AS z,
           ROW_NUMBER() OVER (PARTITION BY r.proposal_id ORDER BY r.t) AS position,
           COUNT(*) OVER (PARTITION BY r.proposal_id) AS n
    FROM r JOIN j ON j.juror_id = r.juror_id
    WHERE r.proposal_id IN ({proposals})
),
agg AS (
    SELECT proposal_id, COUNT(*) AS n, AVG(t) AS mean, AVG(t * t) - AVG(t) * AVG(t) AS v, AVG(z) AS zmean,
           AVG(CASE WHEN position IN ((n + 1) / 2, (n + 2) / 2) THEN t END) AS median
    FROM z GROUP BY proposal_id
)
SELECT proposal_id, n, mean, median, SQRT(CASE WHEN v > 0 THEN v ELSE 0 END) AS sd, zmean,
       RANK() OVER (ORDER BY mean DESC) AS rank_raw,
       RANK() OVER (ORDER BY zmean DESC) AS rank_normalised
FROM agg
"""

_CRITERIA_SQL = """
SELECT c.proposal_id, COUNT(*) FROM (
    SELECT rv.proposal_id AS proposal_id, s.criterion_id AS criterion_id,
           AVG(CAST(s.value AS DOUBLE PRECISION)) AS v
    FROM jury_score s JOIN jury_review rv ON rv.id = s.review_id
    WHERE rv.round_id = %s AND rv.status = 'submitted' AND s.criterion_id IN ({criteria})
      AND rv.proposal_id IN ({proposals})
    GROUP BY rv.proposal_id, s.criterion_id
) c JOIN competitions_criterion k ON k.id = c.criterion_id
WHERE c.v < CAST(k.passing_grade AS DOUBLE PRECISION)
GROUP BY c.proposal_id
"""


def filtered_proposals(round: Round, filters: dict | None = None):
    """The round's proposals narrowed by category, group, agency type and province."""
    proposals = eligible_proposals(round)
    filters = filters or {}
    if filters.get("category"):
        proposals = proposals.filter(category=filters["category"])
    if filters.get("group"):
        proposals = proposals.filter(group=filters["group"])
    if filters.get("agency_kind"):
        proposals = proposals.filter(innovation__agency__kind=filters["agency_kind"])
    if filters.get("province"):
        province = filters["province"]
        proposals = proposals.filter(
            Q(innovation__agency__region=province)
            | Q(innovation__agency__region__province=province)
            | Q(innovation__agency__parent__region=province)
            | Q(innovation__agency__parent__region__province=province)
        )
    return proposals


def _stats(round: Round, proposals) -> tuple[dict[int, tuple], dict[int, int]]:
    ids_sql, ids_params = proposals.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_STATS_SQL.format(eps=EPSILON, proposals=ids_sql), [round.pk, *ids_params])
        stats = {row[0]: row[1:] for row in cursor.fetchall()}
        failed: dict[int, int] = {}
        with_minimum = list(
            Criterion.objects.filter(stage_id=round.panel.stage_id, passing_grade__isnull=False).values_list(
                "pk", flat=True
            )
        )
        if with_minimum and stats:
            placeholders = ", ".join(["%s"] * len(with_minimum))
            cursor.execute(
                _CRITERIA_SQL.format(criteria=placeholders, proposals=ids_sql),
                [round.pk, *with_minimum, *ids_params],
            )
            failed = dict(cursor.fetchall())
    return stats, failed


def _province_name():
    """The province of the proposal's agency (or of its parent, for a BUMD without a region)."""

    def of(region: str):
        return Case(
            When(**{f"{region}__level": Region.Level.PROVINCE}, then=F(f"{region}__name")),
            default=F(f"{region}__province__name"),
        )

    return Coalesce(of("innovation__agency__region"), of("innovation__agency__parent__region"), Value(""))


def _display_rows(proposals) -> list[tuple]:
    english = (get_language() or "").startswith("en")
    rows = proposals.annotate(province_name=_province_name()).values_list(
        "pk",
        "title",
        "innovation__agency__name",
        "innovation__agency__kind",
        "province_name",
        "group__name",
        "group__name_en",
        "category__name",
        "category__name_en",
    )
    return [
        (
            pk,
            title,
            agency,
            kind,
            province or "",
            (group_en if english and group_en else group) or "",
            (category_en if english and category_en else category) or "",
        )
        for pk, title, agency, kind, province, group, group_en, category, category_en in rows
    ]


def ranking(round: Round, filters: dict | None = None, order: str = "raw") -> Ranking:
    """The round's proposals with their aggregates and ranks (see the module docstring).

    Rows are ordered by raw or normalised rank; proposals without a submitted review come last.
    Ranks count within the filtered proposals (e.g. within a category).
    """
    proposals = filtered_proposals(round, filters)
    stats, failed = _stats(round, proposals)
    threshold = float(round.disagreement_threshold)
    passing = round.panel.stage.passing_grade
    nominations = dict(Nomination.objects.filter(round=round).values_list("proposal_id", "status"))
    rows = []
    for pk, title, agency, kind, province, group, category in _display_rows(proposals):
        row = RankingRow(
            proposal_id=pk,
            title=title,
            agency=agency,
            agency_kind=kind,
            province=province,
            group=group,
            category=category,
            nomination=nominations.get(pk),
        )
        if pk in stats:
            n, mean, median, sd, zmean, rank_raw, rank_normalised = stats[pk]
            row.reviews, row.mean, row.median, row.sd, row.normalised = int(n), mean, median, sd, zmean
            row.rank_raw, row.rank_normalised = int(rank_raw), int(rank_normalised)
            row.failed_criteria = int(failed.get(pk, 0))
            row.flagged = row.reviews >= 2 and sd is not None and sd >= threshold - EPSILON
            row.passes = row.failed_criteria == 0 and (passing is None or mean >= float(passing) - EPSILON)
        rows.append(row)
    key = "rank_normalised" if order == "normalised" else "rank_raw"
    rows.sort(key=lambda row: (getattr(row, key) is None, getattr(row, key) or 0, row.proposal_id))
    return Ranking(round=round, rows=rows, passing_grade=passing)


def confirmed_nominees(round: Round):
    """Proposals whose nomination from `round` the secretariat confirmed."""
    return Proposal.objects.filter(jury_nominations__round=round, jury_nominations__status=Nomination.Status.CONFIRMED)


def provinces():
    return Region.objects.provinces().order_by("name")


@dataclass
class JurorProgress:
    juror: object
    assigned: int
    started: int
    submitted: int
    last_activity: object

    @property
    def not_started(self) -> int:
        return self.assigned - self.started

    @property
    def remaining(self) -> int:
        return self.assigned - self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 100


def progress(round: Round) -> list[JurorProgress]:
    """Per juror of the round: assigned, started, submitted, last activity; most behind first."""
    from django.contrib.auth import get_user_model

    reviews = Review.objects.filter(round=round)
    rows = (
        get_user_model()
        .objects.filter(jury_assignments__round=round)
        .annotate(assigned=Count("jury_assignments", filter=Q(jury_assignments__round=round), distinct=True))
        .order_by("full_name", "pk")
    )
    counts = {
        row["juror_id"]: row
        for row in reviews.values("juror_id").annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=Review.Status.SUBMITTED)),
            last=Max("updated_at"),
        )
    }
    result = [
        JurorProgress(
            juror=user,
            assigned=user.assigned,
            started=counts.get(user.pk, {}).get("started", 0),
            submitted=counts.get(user.pk, {}).get("submitted", 0),
            last_activity=counts.get(user.pk, {}).get("last"),
        )
        for user in rows
    ]
    result.sort(key=lambda row: (-row.remaining, row.juror.full_name, row.juror.pk))
    return result


@dataclass
class QueueItem:
    assignment: Assignment
    title: str
    review: Review | None

    @property
    def state(self) -> str:
        if self.review is None:
            return "not_started"
        return self.review.status


@dataclass
class QueueRound:
    round: Round
    items: list[QueueItem]

    @property
    def submitted(self) -> int:
        return sum(1 for item in self.items if item.state == Review.Status.SUBMITTED)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / len(self.items)) if self.items else 0


def juror_queue(user) -> list[QueueRound]:
    """The rounds in which `user` has assignments, each with its proposals and review state."""
    from jury.blind import RELATED, displayed_title

    assignments = (
        Assignment.objects.filter(juror=user)
        .select_related(
            "round__panel__edition",
            "round__panel__stage",
            *(f"proposal__{path}" for path in RELATED),
            "proposal__innovation__agency__parent__region",
        )
        .order_by("-round__opens_at", "round_id", "proposal__title", "pk")
    )
    reviews = {(r.round_id, r.proposal_id): r for r in Review.objects.filter(juror=user)}
    rounds: dict[int, QueueRound] = {}
    for assignment in assignments:
        queue_round = rounds.setdefault(assignment.round_id, QueueRound(round=assignment.round, items=[]))
        queue_round.items.append(
            QueueItem(
                assignment=assignment,
                title=displayed_title(assignment.proposal, blind=assignment.round.is_blind),
                review=reviews.get((assignment.round_id, assignment.proposal_id)),
            )
        )
    return list(rounds.values())
