"""Reads for the proposal pages: what a writer or an Admin Lokal sees of their proposals."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from agencies.models import Agency, Membership, Unit
from competitions.forms_definition import FormDefinition, count_words
from competitions.models import Edition
from submissions import services
from submissions.models import Proposal

COUNTDOWN_FROM = timedelta(days=7)


@dataclass
class SectionView:
    section: object
    text: str
    version: int
    words: int
    comments: list

    @property
    def over_limit(self) -> bool:
        return self.words > self.section.word_limit


def sections_of(proposal: Proposal, form: FormDefinition | None = None) -> list[SectionView]:
    """The proposal's sections in form order with their text, version, word count and comments."""
    form = form or FormDefinition.for_group(proposal.group)
    answers = {answer.section_id: answer for answer in proposal.answers.all()}
    comments: dict[int, list] = {}
    for comment in proposal.review_comments.filter(section__isnull=False).select_related("author"):
        comments.setdefault(comment.section_id, []).append(comment)
    views = []
    for section in form.sections:
        answer = answers.get(section.pk)
        text = answer.text if answer else ""
        views.append(
            SectionView(
                section=section,
                text=text,
                version=answer.version if answer else 0,
                words=count_words(text),
                comments=comments.get(section.pk, []),
            )
        )
    return views


def units_for_writer(user):
    """The UPPs `user` may start proposals for: their own unit(s), or all units of agencies they manage."""
    managed = Agency.objects.managed_by(user).values("pk")
    staff_of = Membership.objects.active().filter(user=user, role=Membership.Role.UPP_STAFF).values("unit")
    return (
        Unit.objects.filter(Q(agency__in=managed) | Q(pk__in=staff_of), is_active=True, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__name", "name")
    )


@dataclass
class QuotaUse:
    group: object
    used: int
    quota: int | None


def quota_use(*, edition: Edition, agency: Agency) -> list[QuotaUse]:
    """How many proposals `agency` has forwarded per group of `edition`, against its quota."""
    used = dict(
        Proposal.objects.counting_towards_quota()
        .filter(edition=edition, innovation__agency=agency)
        .values_list("group")
        .annotate(n=Count("pk"))
    )
    return [
        QuotaUse(group=group, used=used.get(group.pk, 0), quota=group.quota_for(agency))
        for group in edition.groups.all()
    ]


@dataclass
class Countdown:
    closes_at: datetime
    remaining: timedelta


def countdown(*, edition: Edition, agency: Agency | None, now: datetime) -> Countdown | None:
    """The closing time to announce in a banner, from seven days before it until it passes."""
    closes = services.entry_closes_for(edition=edition, agency=agency) if agency else edition.entry_closes_at
    if closes is None or edition.status != Edition.Status.PUBLISHED:
        return None
    remaining = closes - now
    if timedelta(0) < remaining <= COUNTDOWN_FROM:
        return Countdown(closes_at=closes, remaining=remaining)
    return None
