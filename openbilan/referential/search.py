"""Occupation search over every title (appellations and occupation labels), identical on SQLite and PostgreSQL.

The query is normalised in Python like the stored `search_text` (lower case ASCII words), so the database only ever
compares plain ASCII strings with LIKE. A title matches when it contains every word of the query; it is ranked by
tier, then deterministically:

    0 exact       the title, or its masculine or feminine form, is the query ("aide soignant")
    1 prefix      the title or one of its forms starts with the query
    2 word prefix the query starts a word of the title
    3 contains    the query appears inside a word
    4 all words   every word appears, in any order

then common titles before rarely used ones, the occupation's own title before synonyms, shorter titles first, then
the title's position in Python's sort order (`sort_rank`, computed at import). Each occupation appears once, with its
best matching title.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from openbilan.referential.models import SearchTitle
from openbilan.referential.text import normalise

MIN_LENGTH = 2
MAX_WORDS = 8
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Query:
    text: str  # normalised phrase
    words: tuple[str, ...]

    def __bool__(self) -> bool:
        return len(self.text) >= MIN_LENGTH


def parse(raw: str) -> Query:
    """Normalise what the person typed; too short or empty gives a falsy Query."""
    text = normalise(raw[:MAX_QUERY_LENGTH])
    words = tuple(dict.fromkeys(text.split()))[:MAX_WORDS]
    return Query(text=" ".join(text.split()[: MAX_WORDS * 2]), words=words)


def ranked_titles(query: Query, titles: QuerySet[SearchTitle] | None = None) -> QuerySet[SearchTitle]:
    """Matching titles with their `tier`, best first (every ordering key is an integer: same order everywhere)."""
    titles = SearchTitle.objects.all() if titles is None else titles
    condition = Q()
    for word in query.words:
        condition &= Q(search_text__contains=word)
    phrase = query.text
    tier = Case(
        When(forms__contains=f"|{phrase}|", then=Value(0)),
        When(forms__contains=f"|{phrase}", then=Value(1)),
        When(search_text__contains=" " + phrase, then=Value(2)),
        When(search_text__contains=phrase, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return (
        titles.filter(condition)
        .annotate(tier=tier)
        .order_by("tier", "rarely_used", "-is_principal", "text_length", "sort_rank")
    )


def best_per_occupation(rows) -> list[tuple[int, int, int]]:
    """(occupation id, title id, tier) rows in rank order -> the first row of each occupation, in order."""
    seen: set[int] = set()
    best = []
    for occupation_id, title_id, tier in rows:
        if occupation_id not in seen:
            seen.add(occupation_id)
            best.append((occupation_id, title_id, tier))
    return best
