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

When nothing matches, the search tolerates typing mistakes ("devlopeur" finds "développeur"), as tier 5:

- on PostgreSQL, trigram word similarity (`pg_trgm`, enabled by migration referential 0002) between the query and
  each title, best first;
- elsewhere (SQLite), each query word that no title contains is replaced by the closest words of the titles'
  vocabulary (difflib's ratio, at least FUZZY_CUTOFF), then matched as above. Accents and case never count, since
  both sides are normalised.
"""

import difflib
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When

from openbilan.referential.models import SearchTitle
from openbilan.referential.text import normalise

MIN_LENGTH = 2
MAX_WORDS = 8
MAX_QUERY_LENGTH = 100
FUZZY_TIER = 5
FUZZY_MIN_WORD = 4  # shorter words are too ambiguous to correct
FUZZY_CUTOFF = 0.75  # difflib ratio: "devlopeur" / "developpeur" is 0.9
FUZZY_ALTERNATIVES = 3
TRIGRAM_THRESHOLD = 0.5  # pg_trgm word_similarity


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


def fuzzy_titles(query: Query, titles: QuerySet[SearchTitle], vocabulary=None) -> QuerySet[SearchTitle] | None:
    """Titles close to a mistyped query, with `tier` FUZZY_TIER, best first; None when there is nothing to try.

    `vocabulary` is a callable giving every word of the titles (only used without PostgreSQL).
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            titles.annotate(similarity=TrigramWordSimilarity(Value(query.text), "search_text"))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .annotate(tier=Value(FUZZY_TIER, output_field=IntegerField()))
            .order_by("-similarity", "rarely_used", "-is_principal", "text_length", "sort_rank")
        )
    words = vocabulary() if vocabulary else set()
    alternatives = corrections(query.words, words)
    if alternatives is None:
        return None
    condition = Q()
    for options in alternatives:
        either = Q()
        for option in options:
            either |= Q(search_text__contains=option)
        condition &= either
    # The titles holding the most likely correction first, then the usual order.
    first = [options[0] for options in alternatives if len(options) > 0]
    closeness = Case(
        When(Q(*[Q(search_text__contains=word) for word in first]), then=Value(0.0)),
        default=Value(1.0),
        output_field=FloatField(),
    )
    return (
        titles.filter(condition)
        .annotate(tier=Value(FUZZY_TIER, output_field=IntegerField()), similarity=closeness)
        .order_by("similarity", "rarely_used", "-is_principal", "text_length", "sort_rank")
    )


def corrections(words: tuple[str, ...], vocabulary) -> list[tuple[str, ...]] | None:
    """For each query word, the words to look for: itself when some title word contains it, else its closest
    vocabulary words. None when a word has no close match, or when no word needed a correction.

    >>> corrections(("devlopeur",), {"analyste", "developpeur", "developpeuse"})
    [('developpeur', 'developpeuse')]
    """
    result, changed = [], False
    for word in words:
        if any(word in known for known in vocabulary):
            result.append((word,))
            continue
        if len(word) < FUZZY_MIN_WORD:
            return None
        # A ratio of FUZZY_CUTOFF or more needs lengths within a third of each other: skip the others early.
        near = [known for known in vocabulary if abs(len(known) - len(word)) * 3 <= len(word)]
        close = difflib.get_close_matches(word, near, n=FUZZY_ALTERNATIVES, cutoff=FUZZY_CUTOFF)
        if not close:
            return None
        result.append(tuple(close))
        changed = True
    return result if changed else None
