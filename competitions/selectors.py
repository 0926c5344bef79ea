"""Reads for the public competition pages, each in a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects

from competitions.models import (
    Announcement,
    AttachmentType,
    Category,
    Edition,
    EditionDocument,
    FormSection,
    Group,
    Stage,
    StageExtension,
)
from competitions.permissions import can_manage_edition


@dataclass
class Milestone:
    """Where one stage stands at a given moment, for the timeline."""

    stage: Stage
    state: str  # "closed", "open" or "upcoming"
    first_extension: StageExtension | None = None
    latest_extension: StageExtension | None = None

    @property
    def original_ends_at(self) -> datetime | None:
        return self.first_extension.previous_ends_at if self.first_extension else None


@dataclass
class EditionCard:
    edition: Edition
    current: Stage | None
    upcoming: Stage | None
    finished: bool


@dataclass
class GroupSummary:
    group: Group
    sections: list[FormSection]
    attachment_types: list[AttachmentType]
    latest_start_date: object = None


@dataclass
class EditionPage:
    edition: Edition
    now: datetime
    milestones: list[Milestone]
    current: Stage | None
    upcoming: Stage | None
    groups: list[GroupSummary]
    categories: list[Category]
    documents: list[EditionDocument]
    announcements: list[Announcement]
    can_manage: bool
    finished: bool = field(default=False)


def edition_cards(*, user, now: datetime) -> dict[str, list[EditionCard]]:
    """The editions `user` may see, split into 'running' (published, not finished), 'past' and 'drafts'."""
    cards: dict[str, list[EditionCard]] = {"running": [], "past": [], "drafts": []}
    for edition in Edition.objects.visible_to(user).with_schedule().order_by("-year", "name"):
        card = EditionCard(
            edition=edition,
            current=edition.current_stage(now),
            upcoming=edition.next_stage(now),
            finished=edition.has_finished(now),
        )
        if edition.status == Edition.Status.DRAFT:
            cards["drafts"].append(card)
        elif edition.status == Edition.Status.ARCHIVED or card.finished:
            cards["past"].append(card)
        else:
            cards["running"].append(card)
    return cards


def edition_page(*, edition: Edition, user, now: datetime) -> EditionPage:
    """Everything the public page of `edition` shows (the secretariat also sees what is hidden)."""
    manage = can_manage_edition(user, edition)
    # Edition.current_stage() and friends read edition.stages.all(): load it once, with extensions.
    prefetch_related_objects(
        [edition],
        Prefetch(
            "stages",
            queryset=Stage.objects.prefetch_related(
                Prefetch("extensions", queryset=StageExtension.objects.order_by("created_at", "pk"))
            ),
        ),
    )
    milestones = []
    for stage in edition.schedule:
        extensions = list(stage.extensions.all())
        milestones.append(
            Milestone(
                stage=stage,
                state=stage.state(now),
                first_extension=extensions[0] if extensions else None,
                latest_extension=extensions[-1] if extensions else None,
            )
        )
    attachment_types = list(AttachmentType.objects.filter(edition=edition).order_by("order", "pk"))
    groups = []
    for group in edition.groups.prefetch_related(
        Prefetch("sections", queryset=FormSection.objects.order_by("order", "pk"))
    ).order_by("order", "pk"):
        group.edition = edition  # latest_start_date() reads the schedule loaded above
        groups.append(
            GroupSummary(
                group=group,
                sections=list(group.sections.all()),
                attachment_types=[kind for kind in attachment_types if kind.group_id in (None, group.pk)],
                latest_start_date=group.latest_start_date(),
            )
        )
    documents = edition.documents.order_by("order", "pk")
    announcements = edition.announcements.all()
    if not manage:
        documents = documents.filter(is_public=True)
        announcements = announcements.published(now)
    return EditionPage(
        edition=edition,
        now=now,
        milestones=milestones,
        current=edition.current_stage(now),
        upcoming=edition.next_stage(now),
        groups=groups,
        categories=list(edition.categories.order_by("order", "pk")),
        documents=list(documents),
        announcements=list(announcements),
        can_manage=manage,
        finished=edition.has_finished(now),
    )
