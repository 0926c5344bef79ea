"""Full-text search over the public profiles, on PostgreSQL and on SQLite.

PostgreSQL: a tsvector kept in PublicProfile.search_vector (title A, agency and UPP B, summary C;
English text beside the Indonesian) with a GIN index, matched with websearch syntax ("quoted
phrases", -excluded, or) in the `indonesian` configuration (Snowball stemmer, PostgreSQL 12+; `simple`
where it is missing). When the words match nothing (a typo), pg_trgm word similarity on the title and
the agency, also indexed, finds the innovation instead. Ranking runs only over the matching rows.

SQLite (a laptop, the test suite): every word must appear in one of the fields (icontains), and a
word that appears nowhere is widened to the close words of the titles and agency names (difflib),
which gives the same typo tolerance on the small data a laptop holds.
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Expression, F, IntegerField, Q, QuerySet, Value, When

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
TEXT_FIELDS = ["title", "title_en", "agency_name", "unit_name", "summary", "summary_en"]
_configs: dict[str, str] = {}


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_config() -> str:
    """'indonesian' where the server has it (PostgreSQL 12+), 'simple' otherwise; asked once per database."""
    alias = connection.alias
    if alias not in _configs:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
            _configs[alias] = "indonesian" if cursor.fetchone() else "simple"
    return _configs[alias]


def search_vector():
    """The expression that fills PublicProfile.search_vector (PostgreSQL only)."""
    config = search_config()
    return (
        SearchVector("title", "title_en", weight="A", config=config)
        + SearchVector("agency_name", "unit_name", weight="B", config=config)
        + SearchVector("summary", "summary_en", weight="C", config=config)
    )


def clean_query(text: str) -> str:
    return " ".join((text or "").split())[:200]


@dataclass
class Search:
    """A search made once per request and reused by the result list and every facet count."""

    text: str
    condition: Q
    relevance: Expression


def build_search(text: str, candidates: QuerySet) -> Search | None:
    """The match condition and relevance expression for `text` (None when there is nothing to find).

    Costs one query: on PostgreSQL, whether the words match any candidate; on SQLite, the words of
    the candidates' titles and agency names, for the typo tolerance."""
    text = clean_query(text)
    if not text:
        return None
    if is_postgresql():
        return _postgresql(text, candidates)
    return _sqlite(text, candidates)


def apply_search(queryset: QuerySet, search: Search | None, *, rank: bool = False) -> QuerySet:
    if search is None:
        return queryset
    queryset = queryset.filter(search.condition)
    return queryset.annotate(relevance=search.relevance) if rank else queryset


def _postgresql(text: str, candidates: QuerySet) -> Search:
    """Full-text match when the words are found; pg_trgm word similarity (typos) only when they are
    not. Or'ing the two in every query would cost the trigram recheck on each count (4x slower)."""
    query = SearchQuery(text, config=search_config(), search_type="websearch")
    words = Q(search_vector=query)
    if candidates.filter(words).exists():
        return Search(text=text, condition=words, relevance=SearchRank(F("search_vector"), query))
    similar = Q(title__trigram_word_similar=text) | Q(agency_name__trigram_word_similar=text)
    return Search(text=text, condition=similar, relevance=TrigramWordSimilarity(text, "title"))


def _sqlite(text: str, candidates: QuerySet) -> Search | None:
    words = [word.lower() for word in WORD.findall(text) if len(word) > 1][:MAX_WORDS]
    if not words:
        return None
    vocabulary = _vocabulary(candidates)
    condition = Q()
    for word in words:
        alternatives = {word}
        if not any(word in known for known in vocabulary):
            alternatives.update(difflib.get_close_matches(word, vocabulary, n=3, cutoff=0.75))
        either = Q()
        for alternative in sorted(alternatives):
            for field in TEXT_FIELDS:
                either |= Q(**{f"{field}__icontains": alternative})
        condition &= either
    first = words[0]
    relevance = Case(
        When(title__icontains=first, then=Value(3)),
        When(agency_name__icontains=first, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Search(text=text, condition=condition, relevance=relevance)


def _vocabulary(queryset: QuerySet) -> list[str]:
    """The distinct lower-case words of the titles and agency names among the candidates (one query)."""
    words: set[str] = set()
    for title, title_en, agency in queryset.values_list("title", "title_en", "agency_name"):
        words.update(word.lower() for word in WORD.findall(f"{title} {title_en} {agency}") if len(word) > 2)
    return sorted(words)
