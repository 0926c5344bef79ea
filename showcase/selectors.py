"""Reads of the showcase: the filtered and searched list with its facet counts, highlights,
statistics and the participation funnel.

Every read here costs a fixed number of queries whatever the page size: one count and one page of
cards, one GROUP BY per facet (cached per filter state and showcase version), a handful for the
highlights. Filters read the denormalised columns of PublicProfile and its two child tables.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from competitions.models import Edition, Group, Sdg
from showcase import caching
from showcase.models import TIER_RANK, ProfileAward, ProfileSdg, PublicProfile
from showcase.search import Search, apply_search, build_search, clean_query
from showcase.services import public_awards
from submissions.models import Award, Innovation, Proposal

PAGE_SIZE = 24
API_PAGE_SIZE = 25
API_MAX_PAGE_SIZE = 100
NATIONAL = "pusat"  # the province value of agencies without one (ministries, agencies, BUMN)
FILTERS = ["year", "tier", "category", "group", "kind", "province", "sdg", "replicated", "lifecycle", "area"]
SORTS = {
    "newest": ["-latest_year", "-tier_rank", "title", "pk"],
    "tier": ["-tier_rank", "-latest_year", "title", "pk"],
    "title": ["title", "pk"],
    "relevance": ["-relevance", "-latest_year", "-tier_rank", "title", "pk"],
}
SORT_LABELS = {
    "relevance": _("Best match"),
    "newest": _("Newest award"),
    "tier": _("Highest award"),
    "title": _("Title (A to Z)"),
}
FACET_LABELS = {
    "year": _("Year"),
    "tier": _("Award"),
    "category": _("Category"),
    "group": _("Group"),
    "kind": _("Agency type"),
    "province": _("Province"),
    "sdg": _("SDG"),
    "replicated": _("Replicated"),
    "lifecycle": _("Status"),
    "area": _("Region"),
}
YES_NO = {"yes": _("Replicated elsewhere"), "no": _("Not replicated yet")}
AREAS = {"eastern": _("Eastern Indonesia"), "3t": _("3T regions (frontier, outermost, disadvantaged)")}


def _valid(name: str, value: str) -> bool:
    if name == "year":
        return value.isdigit() and 2000 <= int(value) <= 2100
    if name == "sdg":
        return value.isdigit() and 1 <= int(value) <= 17
    allowed = {
        "tier": Award.Tier.values,
        "group": Group.Kind.values,
        "kind": Agency.Kind.values,
        "replicated": list(YES_NO),
        "lifecycle": Innovation.Lifecycle.values,
        "area": list(AREAS),
    }.get(name)
    if allowed is not None:
        return value in allowed
    if name == "province":
        return value == NATIONAL or bool(re.fullmatch(r"\d{2}", value))
    return 0 < len(value) <= 200  # category names


@dataclass
class Criteria:
    """What a visitor asked for: search text, one value per filter, sort order and page."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    page: str = "1"
    invalid: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict) -> "Criteria":
        filters, invalid = {}, []
        for name in FILTERS:
            value = (params.get(name) or "").strip()
            if value and _valid(name, value):
                filters[name] = value
            elif value:
                invalid.append(name)
        q = clean_query(params.get("q", ""))
        sort = params.get("sort", "")
        if sort and sort not in SORTS:
            invalid.append("sort")
        if sort not in SORTS or (sort == "relevance" and not q):
            sort = "relevance" if q else "newest"
        return cls(q=q, filters=filters, sort=sort, page=params.get("page", "1"), invalid=invalid)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.filters)

    def facet_key(self) -> str:
        return urlencode([("q", self.q), *sorted(self.filters.items())])

    def query_string(self, **changes) -> str:
        """This request's query string with `changes` (None removes a parameter); the page resets to 1
        unless `page` is given."""
        values = {"q": self.q, **self.filters, "sort": self.sort}
        if self.sort == ("relevance" if self.q else "newest"):
            values.pop("sort")
        changes.setdefault("page", None)
        values.update(changes)
        if values.get("page") in ("1", 1):
            values.pop("page")
        return urlencode([(key, value) for key, value in values.items() if value not in (None, "")])


def filtered(queryset: QuerySet, criteria: Criteria, search: Search | None, *, skip: tuple[str, ...] = ()) -> QuerySet:
    """`queryset` narrowed by the search and every filter of `criteria` except those in `skip`."""
    queryset = apply_search(queryset, search)
    values = {name: value for name, value in criteria.filters.items() if name not in skip}
    award = {}
    if "year" in values:
        award["year"] = int(values["year"])
    if "tier" in values:
        award["tier"] = values["tier"]
    if award:
        queryset = queryset.filter(Exists(ProfileAward.objects.filter(profile=OuterRef("pk"), **award)))
    if "sdg" in values:
        queryset = queryset.filter(Exists(ProfileSdg.objects.filter(profile=OuterRef("pk"), number=int(values["sdg"]))))
    columns = {"category": "category_name", "group": "group_kind", "kind": "agency_kind", "lifecycle": "lifecycle"}
    for name, column in columns.items():
        if name in values:
            queryset = queryset.filter(**{column: values[name]})
    if "province" in values:
        queryset = queryset.filter(province_code="" if values["province"] == NATIONAL else values["province"])
    if "replicated" in values:
        queryset = queryset.filter(is_replicated=values["replicated"] == "yes")
    if values.get("area") == "eastern":
        queryset = queryset.filter(is_eastern=True)
    elif values.get("area") == "3t":
        queryset = queryset.filter(is_3t=True)
    return queryset


# --- The list ------------------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    lang: str = ""  # "id" when an English page shows an Indonesian name


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


@dataclass
class Listing:
    criteria: Criteria
    page: Page
    facets: list[Facet]
    total: int
    sort_options: list[tuple[str, str]]


def search_and_filter(criteria: Criteria) -> tuple[QuerySet, Search | None]:
    """The published profiles matching `criteria`, in its order, and the search it made."""
    base = PublicProfile.objects.published()
    search = build_search(criteria.q, base) if criteria.q else None
    queryset = filtered(base, criteria, search)
    if search is not None:
        queryset = queryset.annotate(relevance=search.relevance)
    return queryset.order_by(*SORTS[criteria.sort]), search


def listing(criteria: Criteria, *, page_size: int = PAGE_SIZE) -> Listing:
    queryset, search = search_and_filter(criteria)
    paginator = Paginator(queryset.for_cards(), page_size)
    page = paginator.get_page(criteria.page)
    sorts = [key for key in SORTS if key != "relevance" or criteria.q]
    return Listing(
        criteria=criteria,
        page=page,
        facets=facets(criteria, search),
        total=paginator.count,
        sort_options=[(key, SORT_LABELS[key]) for key in sorts],
    )


def facet_counts(criteria: Criteria, search: Search | None) -> dict[str, list]:
    """Counts per value of every facet, each counted with all the other filters applied (so a
    visitor sees what choosing another value would give). Cached per filter state and version."""
    return caching.cached_value("facets", criteria.facet_key(), lambda: _count_facets(criteria, search))


def _count_facets(criteria: Criteria, search: Search | None) -> dict[str, list]:
    base = PublicProfile.objects.published()

    def scope(*skip: str) -> QuerySet:
        return filtered(base, criteria, search, skip=skip).order_by()

    def by_column(name: str, *columns: str) -> list:
        rows = scope(name).values(*columns).annotate(n=Count("pk")).order_by()
        return [(*(row[column] for column in columns), row["n"]) for row in rows]

    award_filter = {}
    counts = {}
    # Award and SDG rows carry the published flag: with nothing else chosen they are counted alone.
    awards = ProfileAward.objects.filter(published=True)
    if search is not None or set(criteria.filters) - {"year", "tier"}:
        awards = awards.filter(profile__in=scope("year", "tier").values("pk"))
    sdgs = ProfileSdg.objects.filter(published=True)
    if search is not None or set(criteria.filters) - {"sdg"}:
        sdgs = sdgs.filter(profile__in=scope("sdg").values("pk"))
    if "tier" in criteria.filters:
        award_filter = {"tier": criteria.filters["tier"]}
    counts["year"] = [
        (row["year"], row["n"])
        for row in awards.filter(**award_filter).values("year").annotate(n=Count("profile", distinct=True)).order_by()
    ]
    award_filter = {"year": int(criteria.filters["year"])} if "year" in criteria.filters else {}
    counts["tier"] = [
        (row["tier"], row["n"])
        for row in awards.filter(**award_filter).values("tier").annotate(n=Count("profile", distinct=True)).order_by()
    ]
    counts["category"] = by_column("category", "category_name", "category_name_en")
    counts["group"] = by_column("group", "group_kind")
    counts["kind"] = by_column("kind", "agency_kind")
    counts["province"] = by_column("province", "province_code", "province_name")
    counts["replicated"] = by_column("replicated", "is_replicated")
    counts["lifecycle"] = by_column("lifecycle", "lifecycle")
    counts["sdg"] = [(row["number"], row["n"]) for row in sdgs.values("number").annotate(n=Count("profile")).order_by()]
    area = scope("area").aggregate(eastern=Count("pk", filter=Q(is_eastern=True)), t3=Count("pk", filter=Q(is_3t=True)))
    counts["area"] = [("eastern", area["eastern"]), ("3t", area["t3"])]
    return counts


def facets(criteria: Criteria, search: Search | None) -> list[Facet]:
    counts = facet_counts(criteria, search)
    chosen = criteria.filters
    english = _english()
    sdg_names = {sdg.number: sdg for sdg in Sdg.objects.all()}

    def option(name: str, value, label, count: int, lang: str = "") -> FacetOption:
        value = str(value)
        return FacetOption(value=value, label=str(label), count=count, selected=chosen.get(name) == value, lang=lang)

    result = {
        "year": [option("year", year, year, n) for year, n in sorted(counts["year"], reverse=True)],
        "tier": [
            option("tier", tier, Award.Tier(tier).label, n)
            for tier, n in sorted(counts["tier"], key=lambda row: -TIER_RANK.get(row[0], 0))
        ],
        "category": [
            option(
                "category", name, name_en if english and name_en else name, n, "id" if english and not name_en else ""
            )
            for name, name_en, n in sorted(counts["category"], key=lambda row: row[0])
            if name
        ],
        "group": [
            option("group", kind, Group.Kind(kind).label, n) for kind, n in _in_order(counts["group"], Group.Kind)
        ],
        "kind": [
            option("kind", kind, Agency.Kind(kind).label, n) for kind, n in _in_order(counts["kind"], Agency.Kind)
        ],
        "province": [
            option("province", code or NATIONAL, name or _("National (no province)"), n)
            for code, name, n in sorted(counts["province"], key=lambda row: (not row[0], row[1]))
        ],
        "sdg": [
            option(
                "sdg", number, f"{number}. {sdg_names[number].localized('name')}" if number in sdg_names else number, n
            )
            for number, n in sorted(counts["sdg"])
        ],
        "replicated": [
            option("replicated", "yes" if flag else "no", YES_NO["yes" if flag else "no"], n)
            for flag, n in sorted(counts["replicated"], reverse=True)
        ],
        "lifecycle": [
            option("lifecycle", value, Innovation.Lifecycle(value).label, n)
            for value, n in _in_order(counts["lifecycle"], Innovation.Lifecycle)
        ],
        "area": [
            option("area", value, AREAS[value], n) for value, n in counts["area"] if n or chosen.get("area") == value
        ],
    }
    for name, value in chosen.items():
        if not any(opt.selected for opt in result[name]):
            result[name].insert(0, option(name, value, value, 0))
    return [Facet(name=name, label=str(FACET_LABELS[name]), options=result[name]) for name in FILTERS]


def _in_order(rows: list, choices) -> list:
    order = {value: index for index, value in enumerate(choices.values)}
    return sorted((row for row in rows if row[0] in order), key=lambda row: order[row[0]])


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


# --- Highlights ----------------------------------------------------------------------------------


@dataclass
class Highlights:
    total: int
    agencies: int
    provinces: int
    years: int
    latest_year: int | None
    winners: list[PublicProfile]


def highlights() -> Highlights:
    """Counts and the best innovations of the latest published year, for the top of the showcase."""
    published = PublicProfile.objects.published()
    totals = published.aggregate(
        total=Count("pk"),
        agencies=Count("agency_name", distinct=True),
        provinces=Count("province_code", distinct=True, filter=~Q(province_code="")),
    )
    years = list(
        ProfileAward.objects.filter(published=True).values_list("year", flat=True).distinct().order_by("-year")
    )
    latest = years[0] if years else None
    winners = list(
        published.filter(latest_year=latest, tier_rank__gte=TIER_RANK[Award.Tier.TOP_45])
        .for_cards()
        .order_by("-tier_rank", "title")[:4]
    )
    return Highlights(
        total=totals["total"],
        agencies=totals["agencies"],
        provinces=totals["provinces"],
        years=len(years),
        latest_year=latest,
        winners=winners,
    )


# --- One profile ---------------------------------------------------------------------------------


def profile_page(profile: PublicProfile) -> dict:
    """What the innovation page shows beyond the profile row: awards by year, photos, SDGs."""
    awards = list(profile.awards.all())
    by_year: dict[int, list[ProfileAward]] = {}
    for award in sorted(awards, key=lambda award: (-award.year, -award.rank)):
        by_year.setdefault(award.year, []).append(award)
    numbers = list(profile.sdg_links.values_list("number", flat=True))
    return {
        "awards_by_year": sorted(by_year.items(), reverse=True),
        "photos": list(profile.photos.all()),
        "sdgs": list(Sdg.objects.filter(number__in=numbers)) if numbers else [],
        "replicated_by": [entry for entry in profile.replications if entry["direction"] == "by"],
        "replication_of": [entry for entry in profile.replications if entry["direction"] == "of"],
    }


# --- Statistics ----------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    lang: str = ""
    url: str = ""


def _bars(rows: list[tuple[str, int, str, str]]) -> list[Bar]:
    largest = max((count for _label, count, _lang, _url in rows), default=0) or 1
    return [
        Bar(label=label, count=count, percent=round(100 * count / largest, 1), lang=lang, url=url)
        for label, count, lang, url in rows
    ]


def statistics() -> dict:
    """Published innovations by province, category, year and agency type, and each public edition's
    participation funnel."""
    return caching.cached_value("statistics", _language_key(), _statistics)


def _language_key() -> str:
    from django.utils.translation import get_language

    return get_language() or ""


def _statistics() -> dict:
    published = PublicProfile.objects.published().order_by()
    english = _english()
    provinces = (
        published.values("province_code", "province_name").annotate(n=Count("pk")).order_by("-n", "province_name")
    )
    categories = (
        published.exclude(category_name="")
        .values("category_name", "category_name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", "category_name")
    )
    kinds = published.values("agency_kind").annotate(n=Count("pk")).order_by("-n")
    years = (
        ProfileAward.objects.filter(published=True)
        .values("year")
        .annotate(n=Count("profile", distinct=True))
        .order_by("year")
    )
    return {
        "provinces": _bars(
            [
                (
                    row["province_name"] or str(_("National (no province)")),
                    row["n"],
                    "",
                    "?" + urlencode({"province": row["province_code"] or NATIONAL}),
                )
                for row in provinces
            ]
        ),
        "categories": _bars(
            [
                (
                    row["category_name_en"] if english and row["category_name_en"] else row["category_name"],
                    row["n"],
                    "id" if english and not row["category_name_en"] else "",
                    "?" + urlencode({"category": row["category_name"]}),
                )
                for row in categories
            ]
        ),
        "kinds": _bars(
            [
                (
                    str(Agency.Kind(row["agency_kind"]).label),
                    row["n"],
                    "",
                    "?" + urlencode({"kind": row["agency_kind"]}),
                )
                for row in kinds
                if row["agency_kind"]
            ]
        ),
        "years": _bars([(str(row["year"]), row["n"], "", "?" + urlencode({"year": row["year"]})) for row in years]),
        "funnels": funnels(),
    }


@dataclass
class Funnel:
    edition: Edition
    steps: list[Bar]
    results_public: bool


FUNNEL_STEPS = [
    ("started", pgettext_lazy("funnel", "Proposals started")),
    ("sent", pgettext_lazy("funnel", "Sent to the Admin Lokal")),
    ("reached", pgettext_lazy("funnel", "Reached the organiser")),
    ("passed", pgettext_lazy("funnel", "Passed screening")),
    ("top99", pgettext_lazy("funnel", "Top 99 finalists")),
    ("winners", pgettext_lazy("funnel", "Winners (Top 45)")),
    ("outstanding", pgettext_lazy("funnel", "Outstanding Achievement")),
]


def funnels() -> list[Funnel]:
    """For every public edition, how many proposals reached each step (four queries in all).

    Award steps count only once the edition's results are public."""
    editions = list(Edition.objects.public().select_related("showcase_release").order_by("-year", "name"))
    statuses: dict[int, dict[str, int]] = {}
    for row in (
        Proposal.objects.filter(edition__in=editions).values("edition", "status").annotate(n=Count("pk")).order_by()
    ):
        statuses.setdefault(row["edition"], {})[row["status"]] = row["n"]
    tiers: dict[int, dict[str, int]] = {}
    for row in (
        Award.objects.filter(edition__in=editions)
        .filter(public_awards())
        .values("edition", "tier")
        .annotate(n=Count("innovation", distinct=True))
        .order_by()
    ):
        tiers.setdefault(row["edition"], {})[row["tier"]] = row["n"]
    winners = dict(
        Award.objects.filter(edition__in=editions, tier__in=[Award.Tier.TOP_45, Award.Tier.OUTSTANDING])
        .filter(public_awards())
        .values("edition")
        .annotate(n=Count("innovation", distinct=True))
        .values_list("edition", "n")
        .order_by()
    )
    S = Proposal.Status
    result = []
    for edition in editions:
        counts = statuses.get(edition.pk, {})
        awarded = tiers.get(edition.pk, {})
        if not counts and not awarded:
            continue
        public = edition.status == Edition.Status.ARCHIVED or hasattr(edition, "showcase_release")
        values = {
            "started": sum(counts.values()),
            "sent": sum(counts.get(status, 0) for status in (S.SUBMITTED, S.RETURNED, *Proposal.REACHED_ORGANISER)),
            "reached": sum(counts.get(status, 0) for status in Proposal.REACHED_ORGANISER),
            "passed": counts.get(S.PASSED, 0),
            "top99": awarded.get(Award.Tier.TOP_99, 0),
            "winners": winners.get(edition.pk, 0),
            "outstanding": awarded.get(Award.Tier.OUTSTANDING, 0),
        }
        steps = FUNNEL_STEPS if public else FUNNEL_STEPS[:4]
        result.append(
            Funnel(
                edition=edition,
                steps=_bars([(str(label), values[key], "", "") for key, label in steps]),
                results_public=public,
            )
        )
    return result
