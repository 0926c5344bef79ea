"""Reads for the publications: what goes into an edition's book, its participation figures, and
the recipients of its certificates.

A book's entries are the innovations awarded in the edition whose public profile the secretariat
approved (or already published): the book prints the approved public text, photos and facts of
the showcase. The one exception is "Results": the opening of the proposal's impact section
(Signifikansi), written under the truthfulness declaration, because the public profile has no
such part. The whole content is read in a fixed number of queries, whatever the number of entries.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation

from agencies.models import Agency
from competitions.models import Category, Edition, Sdg
from publications.models import Book, PrintImage
from showcase.models import TIER_RANK, PublicProfile, ShowcaseRelease
from submissions.models import Answer, Award, Proposal

# The section of the 2023-era form that tells the impact (before/after and how it was measured).
RESULTS_SECTION = "signifikansi"
RESULTS_WORDS = 130
PRINTABLE = (PublicProfile.Status.APPROVED, PublicProfile.Status.PUBLISHED)
NATIONAL = "pusat"


@dataclass
class Entry:
    profile: PublicProfile
    anchor: str
    title: str
    title_en: str
    unit: str
    agency: str
    agency_kind: str
    region: str
    province: str
    province_code: str
    category: Category | None
    tiers: list[str]
    sdgs: list[Sdg]
    summary: str
    summary_en: str
    results: str
    url: str
    photo: PrintImage | None = None
    photo_uri: str = ""
    qr: str = ""

    @property
    def tier_labels(self) -> list[str]:
        return [Award.Tier(tier).label for tier in self.tiers]


@dataclass
class Chapter:
    anchor: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""
    entries: list[Entry] = field(default_factory=list)


@dataclass
class ProvinceGroup:
    name: str
    entries: list[Entry]


@dataclass
class Figures:
    """How the edition ran, in numbers: the funnel from proposals entered to winners."""

    started: int
    reached: int
    passed: int
    agencies: int
    provinces: int
    finalists: int
    winners: int
    outstanding: int
    khusus: int
    eastern: int
    three_t: int


@dataclass
class BookContent:
    book: Book
    edition: Edition
    chapters: list[Chapter]
    provinces: list[ProvinceGroup]
    figures: Figures
    left_out: int  # awarded innovations without an approved profile

    @property
    def entries(self) -> list[Entry]:
        return [entry for chapter in self.chapters for entry in chapter.entries]


def results_are_public(edition: Edition) -> bool:
    """Whether the edition's awards are public: archived, or released in the showcase."""
    return edition.status == Edition.Status.ARCHIVED or ShowcaseRelease.objects.filter(edition=edition).exists()


def awarded_tiers(edition: Edition) -> dict[int, list[str]]:
    """{innovation id: the tiers it received in `edition`, best first}."""
    tiers: dict[int, list[str]] = {}
    for innovation_id, tier in Award.objects.filter(edition=edition).values_list("innovation_id", "tier"):
        tiers.setdefault(innovation_id, []).append(tier)
    return {key: sorted(values, key=lambda tier: -TIER_RANK.get(tier, 0)) for key, values in tiers.items()}


def book_content(book: Book) -> BookContent:
    """Everything the book prints, grouped into chapters and indexed by province (14 queries,
    whatever the number of entries)."""
    edition = Edition.objects.select_related("organiser").get(pk=book.edition_id)
    tiers = awarded_tiers(edition)
    profiles = list(
        PublicProfile.objects.filter(innovation_id__in=tiers, status__in=PRINTABLE)
        .select_related("cover__print_image")
        .prefetch_related("sdg_links")
        .order_by("title", "pk")
    )
    proposals = {
        proposal.innovation_id: proposal
        for proposal in Proposal.objects.filter(edition=edition, innovation_id__in=tiers)
        .select_related("category")
        .prefetch_related("sdgs")
    }
    results = _results(proposals.values())
    sdgs = {sdg.number: sdg for sdg in Sdg.objects.all()}
    categories = list(Category.objects.filter(edition=edition).order_by("order", "pk"))
    language = "en" if book.language == Book.Language.ENGLISH else "id"
    entries = [
        _entry(profile, tiers[profile.innovation_id], proposals.get(profile.innovation_id), results, sdgs, language)
        for profile in profiles
    ]
    if book.grouping == Book.Grouping.AGENCY_KIND:
        chapters = _by_agency_kind(entries)
    else:
        chapters = _by_category(entries, categories)
    ordered = [entry for chapter in chapters for entry in chapter.entries]
    return BookContent(
        book=book,
        edition=edition,
        chapters=chapters,
        provinces=_by_province(ordered),
        figures=figures(edition),
        left_out=len(tiers) - len(profiles),
    )


def _entry(profile, tiers, proposal, results, sdgs, language) -> Entry:
    numbers = sorted({sdg.number for sdg in proposal.sdgs.all()}) if proposal else profile.sdg_list
    with translation.override(language):
        url = settings.SITE_URL.rstrip("/") + profile.get_absolute_url()
    category = proposal.category if proposal and proposal.category_id else None
    if category is None and profile.category_name:
        # An award without a proposal in this edition (a Khusus finalist invited back): the
        # category of the proposal its profile was written from.
        category = Category(name=profile.category_name, name_en=profile.category_name_en)
    return Entry(
        profile=profile,
        anchor=f"entry-{profile.pk}",
        title=profile.title,
        title_en=profile.title_en,
        unit=profile.unit_name,
        agency=profile.agency_name,
        agency_kind=profile.agency_kind,
        region=profile.region_name,
        province=profile.province_name,
        province_code=profile.province_code,
        category=category,
        tiers=tiers,
        sdgs=[sdgs[number] for number in numbers if number in sdgs],
        summary=profile.summary.strip(),
        summary_en=profile.summary_en.strip(),
        results=results.get(proposal.pk, "") if proposal else "",
        url=url,
    )


def _results(proposals) -> dict[int, str]:
    answers = Answer.objects.filter(
        proposal__in=[proposal.pk for proposal in proposals], section__title__istartswith=RESULTS_SECTION
    ).values_list("proposal_id", "text")
    return {proposal_id: excerpt(text, RESULTS_WORDS) for proposal_id, text in answers if text.strip()}


def excerpt(text: str, limit: int) -> str:
    """The first whole sentences of `text` that fit in `limit` words, paragraphs kept; " …" when cut."""
    kept, count = [], 0
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        taken = []
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(paragraph.split())):
            words = sentence.split()
            if count + len(words) > limit:
                if count == 0:  # a first sentence longer than the limit: cut it at the limit
                    taken.append(" ".join(words[:limit]))
                if taken:
                    kept.append(" ".join(taken))
                return "\n\n".join(kept) + " …"
            taken.append(sentence)
            count += len(words)
        if taken and taken != [""]:
            kept.append(" ".join(taken))
    return "\n\n".join(kept)


def _by_category(entries: list[Entry], categories: list[Category]) -> list[Chapter]:
    chapters = {
        category.name: Chapter(
            anchor=f"chapter-{index}",
            title=category.name,
            title_en=category.name_en,
            description=category.description,
            description_en=category.description_en,
        )
        for index, category in enumerate(categories, start=1)
    }
    other = []
    for entry in entries:
        name = entry.category.name if entry.category else ""
        if name and name not in chapters:
            chapters[name] = Chapter(anchor=f"chapter-{len(chapters) + 1}", title=name, title_en=entry.category.name_en)
        (chapters[name].entries if name else other).append(entry)
    result = [chapter for chapter in chapters.values() if chapter.entries]
    if other:
        with translation.override("id"):
            title = translation.gettext("Other innovations")
        with translation.override("en"):
            title_en = translation.gettext("Other innovations")
        result.append(Chapter(anchor=f"chapter-{len(chapters) + 1}", title=title, title_en=title_en, entries=other))
    return result


def _by_agency_kind(entries: list[Entry]) -> list[Chapter]:
    result = []
    for index, kind in enumerate(Agency.Kind, start=1):
        members = [entry for entry in entries if entry.agency_kind == kind]
        if members:
            with translation.override("id"):
                title = str(kind.label)
            with translation.override("en"):
                title_en = str(kind.label)
            result.append(Chapter(anchor=f"chapter-{index}", title=title, title_en=title_en, entries=members))
    unknown = [entry for entry in entries if entry.agency_kind not in Agency.Kind.values]
    if unknown:
        result.append(Chapter(anchor="chapter-other", title="—", title_en="—", entries=unknown))
    return result


def _by_province(entries: list[Entry]) -> list[ProvinceGroup]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.province or NATIONAL, []).append(entry)
    named = sorted((name for name in groups if name != NATIONAL), key=str.casefold)
    result = [
        ProvinceGroup(name=name, entries=sorted(groups[name], key=lambda e: e.title.casefold())) for name in named
    ]
    if NATIONAL in groups:
        # Ministries, agencies and state-owned enterprises: no province; listed last.
        result.append(ProvinceGroup(name="", entries=sorted(groups[NATIONAL], key=lambda e: e.title.casefold())))
    return result


def figures(edition: Edition) -> Figures:
    """The participation figures printed in the book (5 queries)."""
    S = Proposal.Status
    statuses = dict(
        Proposal.objects.filter(edition=edition).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    reached = Proposal.objects.filter(edition=edition, status__in=Proposal.REACHED_ORGANISER)
    agencies = reached.values("innovation__agency").distinct().count()
    # A provincial government's region is the province itself; other regions name their province.
    regions = reached.values_list("innovation__agency__region", "innovation__agency__region__province").distinct()
    provinces = {province or region for region, province in regions if region}
    tiers = dict(
        Award.objects.filter(edition=edition)
        .values("tier")
        .annotate(n=Count("innovation", distinct=True))
        .values_list("tier", "n")
    )
    finalists = Award.objects.filter(edition=edition, tier=Award.Tier.TOP_99)
    areas = finalists.aggregate(
        eastern=Count(
            "innovation",
            distinct=True,
            filter=Q(innovation__agency__region__is_eastern=True)
            | Q(innovation__agency__region__province__is_eastern=True),
        ),
        three_t=Count("innovation", distinct=True, filter=Q(innovation__agency__region__is_3t=True)),
    )
    return Figures(
        started=sum(statuses.values()),
        reached=sum(statuses.get(status, 0) for status in Proposal.REACHED_ORGANISER),
        passed=statuses.get(S.PASSED, 0),
        agencies=agencies,
        provinces=len(provinces),
        finalists=tiers.get(Award.Tier.TOP_99, 0),
        winners=tiers.get(Award.Tier.TOP_45, 0),
        outstanding=tiers.get(Award.Tier.OUTSTANDING, 0),
        khusus=tiers.get(Award.Tier.KHUSUS_FINALIST, 0),
        eastern=areas["eastern"],
        three_t=areas["three_t"],
    )
