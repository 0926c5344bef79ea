"""Heavy reads of the judging app: the screening queue and its summary, agencies' results, and the
lists of uji publik (objections)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from competitions.models import Edition
from judging.models import (
    Decision,
    NearDuplicatePair,
    Objection,
    ScreeningAnnouncement,
    ScreeningDecision,
    ScreeningRun,
)
from judging.services import screened_proposals
from submissions.models import Proposal

QUEUE_ORDERINGS = {
    "severity": ["-screening_result__severity", "title", "pk"],
    "similarity": ["-screening_result__max_similarity", "title", "pk"],
    "title": ["title", "pk"],
    "agency": ["innovation__agency__name", "title", "pk"],
    "decided": ["-screening_decision__decided_at", "title", "pk"],
}


def screening_queue(*, edition: Edition, filters: dict) -> QuerySet[Proposal]:
    """The edition's screened proposals with their result and decision, filtered and ordered.

    `filters` holds the cleaned values of judging.forms.QueueFilterForm (any may be empty).
    """
    proposals = screened_proposals(edition).select_related(
        "innovation__agency", "innovation__unit", "group", "category", "screening_result", "screening_decision"
    )
    if filters.get("q"):
        words = filters["q"]
        proposals = proposals.filter(
            Q(title__icontains=words)
            | Q(innovation__agency__name__icontains=words)
            | Q(innovation__unit__name__icontains=words)
        )
    if filters.get("group"):
        proposals = proposals.filter(group=filters["group"])
    if filters.get("category"):
        proposals = proposals.filter(category=filters["category"])
    if filters.get("severity") not in (None, ""):
        proposals = proposals.filter(screening_result__severity=int(filters["severity"]))
    if filters.get("check"):
        proposals = proposals.filter(screening_result__codes__contains=f",{filters['check']},")
    decision = filters.get("decision")
    if decision == "undecided":
        proposals = proposals.filter(screening_decision__isnull=True)
    elif decision in ScreeningDecision.Outcome.values:
        proposals = proposals.filter(screening_decision__outcome=decision)
    return proposals.order_by(*QUEUE_ORDERINGS.get(filters.get("sort") or "severity", QUEUE_ORDERINGS["severity"]))


def screening_summary(edition: Edition) -> dict:
    """Counts for the top of the queue: proposals, decided per outcome, undecided, latest run, letter."""
    counts = screened_proposals(edition).aggregate(
        total=Count("pk"),
        passing=Count("pk", filter=Q(screening_decision__outcome=ScreeningDecision.Outcome.PASS)),
        failing=Count("pk", filter=Q(screening_decision__outcome=ScreeningDecision.Outcome.FAIL)),
        undecided=Count("pk", filter=Q(screening_decision__isnull=True)),
        flagged=Count("pk", filter=Q(screening_result__severity__gte=2)),
    )
    return {
        **counts,
        "run": ScreeningRun.objects.filter(edition=edition).select_related("requested_by").first(),
        "announcement": ScreeningAnnouncement.objects.filter(edition=edition).select_related("announcement").first(),
    }


def pairs_of(proposal: Proposal) -> list[NearDuplicatePair]:
    """The near-duplicate pairs a proposal is part of (on either side), most similar first."""
    return list(
        NearDuplicatePair.objects.filter(Q(proposal=proposal) | Q(other=proposal), edition=proposal.edition)
        .select_related(
            "proposal__innovation__agency", "proposal__edition", "other__innovation__agency", "other__edition"
        )
        .order_by("-similarity", "pk")
    )


def agency_results(*, user, edition: Edition) -> QuerySet[Proposal]:
    """The screened proposals of `user`'s agency (Admin Lokal) or unit (UPP staff) in `edition`, with
    their decision, once the result is published; none before."""
    published = ScreeningAnnouncement.objects.filter(
        edition=edition, status=ScreeningAnnouncement.Status.PUBLISHED
    ).exists()
    if not published:
        return Proposal.objects.none()
    return (
        Proposal.objects.visible_to(user)
        .filter(edition=edition, status__in=[Proposal.Status.PASSED, Proposal.Status.FAILED])
        .select_related("innovation__agency", "innovation__unit", "group", "screening_decision")
        .order_by("innovation__agency__name", "innovation__unit__name", "title")
    )


# --- Uji publik (public objections) -------------------------------------------------------------


def objection_list(*, edition: Edition, status: str = "") -> QuerySet[Objection]:
    """The edition's objections for the secretariat: received ones (or those of `status`), newest first."""
    objections = Objection.objects.filter(edition=edition).for_list()
    if status:
        return objections.filter(status=status)
    return objections.received()


def objection_counts(edition: Edition) -> dict[str, int]:
    counts = dict(Objection.objects.filter(edition=edition).order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in Objection.Status.values}


def finalists_for_objection(*, edition: Edition, now) -> list[Proposal]:
    """The announced finalists of `edition`, with their tier, by group, agency and title."""
    from judging.services.objections import FINALIST_TIERS

    decisions = Prefetch(
        "decisions",
        queryset=Decision.objects.filter(batch__edition=edition, tier__in=FINALIST_TIERS),
        to_attr="finalist_decisions",
    )
    return list(
        Proposal.objects.filter(
            decisions__batch__edition=edition,
            decisions__tier__in=FINALIST_TIERS,
            decisions__batch__announcement__published_at__lte=now,
        )
        .distinct()
        .select_related("innovation__agency", "innovation__unit", "group", "category")
        .prefetch_related(decisions)
        .order_by("group__order", "group_id", "innovation__agency__name", "title")
    )


def objection_log(edition: Edition) -> QuerySet[Objection]:
    """The public outcome log: received objections with their finalist and outcome, oldest first.

    Only what the log may show is loaded (never the objector's name, email or contact)."""
    return (
        Objection.objects.filter(edition=edition)
        .received()
        .select_related("proposal__innovation__agency")
        .only(
            "status",
            "decision_reason",
            "disqualifies",
            "decided_at",
            "created_at",
            "edition_id",
            "proposal__title",
            "proposal__innovation__agency__name",
        )
        .order_by("created_at", "pk")
    )


def agency_objections(*, user, edition: Edition) -> QuerySet[Objection]:
    """Received objections of `edition` about the proposals of `user`'s agency or unit."""
    return (
        Objection.objects.filter(edition=edition)
        .concerning(user)
        .select_related("proposal__innovation__agency", "proposal__innovation__unit")
        .defer("name", "email", "contact")
        .order_by("-created_at", "-pk")
    )
