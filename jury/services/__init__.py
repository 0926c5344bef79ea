"""Writes of the jury app. Views, admin actions, tasks and the demo all call these functions.

- conflicts: which juror may not score which proposal, and why.
- assignment: automatic balanced assignment, manual changes, CSV import.
- scoring: autosaved scores and comments, submission, recusal; every change audited.
- nominations: nominate to the next stage, confirm in one batch.
- reminders: scoring reminders to the jurors who are behind.
"""

from jury.services.assignment import (
    AssignmentReport,
    ImportResult,
    Impossible,
    active_members,
    add_reviewer_to_flagged,
    assign_automatically,
    assign_juror,
    eligible_proposals,
    import_assignments,
    move_assignment,
    unassign,
)
from jury.services.conflicts import (
    conflict_reason,
    conflicts_for_round,
    declare_conflict,
    record_detected_conflicts,
)
from jury.services.nominations import confirm_nominations, nominate, withdraw_nominations
from jury.services.reminders import send_due_reminders, send_scoring_reminders
from jury.services.scoring import (
    RoundClosed,
    criteria_for,
    recuse,
    review_for,
    save_overall_comment,
    save_score,
    submit_review,
)

__all__ = [
    "AssignmentReport",
    "ImportResult",
    "Impossible",
    "RoundClosed",
    "active_members",
    "add_reviewer_to_flagged",
    "assign_automatically",
    "assign_juror",
    "confirm_nominations",
    "conflict_reason",
    "conflicts_for_round",
    "criteria_for",
    "declare_conflict",
    "eligible_proposals",
    "import_assignments",
    "move_assignment",
    "nominate",
    "record_detected_conflicts",
    "recuse",
    "review_for",
    "save_overall_comment",
    "save_score",
    "send_due_reminders",
    "send_scoring_reminders",
    "submit_review",
    "unassign",
    "withdraw_nominations",
]
