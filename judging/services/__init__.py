"""Writes of the judging app. Screening lives in judging.services.screening; jury rounds and
scoring get modules of their own beside it."""

from judging.services.decisions import (
    apply_decisions,
    build_shortlist_draft,
    override_shortlist,
    publish_winners,
    shortlist_candidates,
)
from judging.services.screening import (
    is_locked,
    publish_screening_results,
    record_decision,
    record_decisions,
    request_publication,
    request_screening_checks,
    retry_publication,
    run_screening_checks,
    screened_proposals,
)

__all__ = [
    "apply_decisions",
    "build_shortlist_draft",
    "is_locked",
    "override_shortlist",
    "publish_screening_results",
    "publish_winners",
    "record_decision",
    "record_decisions",
    "request_publication",
    "request_screening_checks",
    "retry_publication",
    "run_screening_checks",
    "screened_proposals",
    "shortlist_candidates",
]
