"""How proposals are judged. Screening (the secretariat's administrative check) lives in
judging.models.screening; jury rounds and scoring get modules of their own beside it."""

from judging.models.decisions import Decision, DecisionBatch, ShortlistDraft, ShortlistOverride
from judging.models.objections import Objection
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
    "Decision",
    "DecisionBatch",
    "FailReason",
    "FindingCode",
    "NearDuplicatePair",
    "Objection",
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
