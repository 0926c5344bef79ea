"""Demo screening: for every edition with forwarded proposals, run the checks once (so the queue
shows findings), and where administrative screening has started, record a few decisions.
Idempotent, and quiet when there is nothing to screen (the submissions demo decides what exists)."""

from django.utils import timezone

from accounts.demo import demo_user
from competitions.models import Edition, StageKind
from judging import services
from judging.models import FailReason, ScreeningDecision, ScreeningRun
from submissions.models import Proposal


def seed() -> None:
    secretariat = demo_user("sekretariat", "Rina Kusumawati")
    now = timezone.now()
    for edition in Edition.objects.with_schedule():
        forwarded = services.screened_proposals(edition).filter(status=Proposal.Status.FORWARDED)
        if services.is_locked(edition) or not forwarded.exists():
            continue
        if not ScreeningRun.objects.filter(edition=edition, status=ScreeningRun.Status.DONE).exists():
            services.run_screening_checks(edition=edition)
        stage = edition.stage_of(StageKind.ADMINISTRATIVE_SCREENING)
        started = stage is not None and stage.starts_at <= now
        if not started or ScreeningDecision.objects.filter(proposal__edition=edition).exists():
            continue
        _decide_a_few(edition, forwarded, by=secretariat)


def _decide_a_few(edition: Edition, forwarded, *, by) -> None:
    """Pass the clean proposals among the first few; fail those the checks found in breach of a rule."""
    for proposal in forwarded.select_related("screening_result", "edition").order_by("pk")[:6]:
        result = getattr(proposal, "screening_result", None)
        reason = result.suggested_reason if result else ""
        if reason and result.severity >= 3:
            services.record_decision(
                proposal=proposal,
                outcome=ScreeningDecision.Outcome.FAIL,
                reason=reason,
                note="Hasil pemeriksaan otomatis dikonfirmasi oleh sekretariat.",
                by=by,
            )
        elif reason != FailReason.COPIED:
            services.record_decision(proposal=proposal, outcome=ScreeningDecision.Outcome.PASS, by=by)
