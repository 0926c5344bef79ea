"""Competitions as data: organisers, editions and everything an edition configures.

Split by sub-domain: organisers (who runs a competition), editions (status and schedule), entry
(groups, categories, SDGs: what a proposal enters into), form (what a proposal answers), criteria
(what juries score) and publicity (documents and announcements).
"""

from competitions.models.criteria import Criterion
from competitions.models.editions import (
    SCORED_STAGE_KINDS,
    STAGE_SEQUENCE,
    Edition,
    EditionStatusChange,
    Stage,
    StageExtension,
    StageKind,
)
from competitions.models.entry import Category, Group, GroupInvitation, Sdg
from competitions.models.form import AttachmentType, FormSection, IdentificationQuestion
from competitions.models.organisers import Organiser, OrganiserMembership
from competitions.models.publicity import Announcement, EditionDocument

__all__ = [
    "SCORED_STAGE_KINDS",
    "STAGE_SEQUENCE",
    "Announcement",
    "AttachmentType",
    "Category",
    "Criterion",
    "Edition",
    "EditionDocument",
    "EditionStatusChange",
    "FormSection",
    "Group",
    "GroupInvitation",
    "IdentificationQuestion",
    "Organiser",
    "OrganiserMembership",
    "Sdg",
    "Stage",
    "StageExtension",
    "StageKind",
]
