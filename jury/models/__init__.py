"""Jury scoring rounds: who scores (panels of the organiser's jury pool), when (rounds), what
(assignments, kept apart from conflicts of interest), and the scores themselves with their audit.

Split by sub-domain: panels (jurors, panels, rounds) and reviews (assignments, conflicts,
reviews with their scores and score changes, nominations to the next stage).
"""

from jury.models.panels import JurorProfile, Panel, PanelMember, Round, juror_role_for
from jury.models.reviews import Assignment, ConflictDeclaration, Nomination, Review, Score, ScoreChange

__all__ = [
    "Assignment",
    "ConflictDeclaration",
    "JurorProfile",
    "Nomination",
    "Panel",
    "PanelMember",
    "Review",
    "Round",
    "Score",
    "ScoreChange",
    "juror_role_for",
]
