"""How proposals are judged. Screening (the secretariat's administrative check) lives in
judging.models.screening; jury rounds and scoring get modules of their own beside it."""

from judging.models.decisions import ShortlistDraft, ShortlistOverride
from judging.models.screening import (
    FailReason,
    FindingCode,
    NearDuplicatePair,
    ProposalFingerprint,
    ScreeningAnnouncement,
    ScreeningDecision,
    ScreeningDecisionChange,
    ScreeningResult,
    ScreeningRules,
    ScreeningRun,
    Severity,
)

__all__ = [
    "FailReason",
    "FindingCode",
    "NearDuplicatePair",
    "ProposalFingerprint",
    "ScreeningAnnouncement",
    "ScreeningDecision",
    "ScreeningDecisionChange",
    "ScreeningResult",
    "ScreeningRules",
    "ScreeningRun",
    "Severity",
    "ShortlistDraft",
    "ShortlistOverride",
]
