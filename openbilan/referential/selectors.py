"""Reads of the referential: search, filters, one occupation's page, and compact arrays for ranking.

The referential is public reference data: there is no permission rule, but only active occupations are shown.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from openbilan.referential import search
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    CoreLevel,
    DomaineProfessionnel,
    GrandDomaine,
    Mobility,
    Occupation,
    OccupationCentreInteret,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
    SkillKind,
    WorkContext,
)
from openbilan.referential.profiles import INTEREST_LETTERS, WORK_VALUE_KEYS
from openbilan.referential.text import normalise


def active_occupations() -> QuerySet[Occupation]:
    return Occupation.objects.filter(is_active=True)


def grands_domaines_with_domaines() -> list[GrandDomaine]:
    """The 14 grands domaines, each with its domaines professionnels (two queries)."""
    return list(
        GrandDomaine.objects.prefetch_related(
            Prefetch("domaines", queryset=DomaineProfessionnel.objects.order_by("code"))
        )
    )


def centres_interet() -> list[CentreInteret]:
    return list(CentreInteret.objects.order_by("code"))


@dataclass(frozen=True)
class Filters:
    domaine: str = ""  # a grand domaine letter (A) or a domaine professionnel code (A11)
    centre: int | None = None
    riasec: str = ""  # riasec_majeur letter

    def apply(self, occupations: QuerySet[Occupation]) -> QuerySet[Occupation]:
        if len(self.domaine) == 1:
            occupations = occupations.filter(domaine__grand_domaine__code=self.domaine)
        elif self.domaine:
            occupations = occupations.filter(domaine__code=self.domaine)
        if self.riasec:
            occupations = occupations.filter(riasec_majeur=self.riasec)
        if self.centre is not None:
            link = OccupationCentreInteret.objects.filter(occupation=OuterRef("pk"), centre__code=self.centre)
            occupations = occupations.filter(Exists(link))
        return occupations

    def __bool__(self) -> bool:
        return bool(self.domaine or self.centre is not None or self.riasec)


@dataclass(frozen=True)
class Hit:
    occupation: Occupation
    title: str  # the best matching title ("" when listing without a query)
    tier: int | None


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    per_page: int
    approximate: bool = False  # no title held the query: these are the closest spellings

    @property
    def start(self) -> int:
        """The rank of the page's first hit (for <ol start>)."""
        return (self.page - 1) * self.per_page + 1


def search_occupations(
    raw_query: str, filters: Filters = Filters(), *, page: int = 1, per_page: int = 20
) -> SearchPage:
    """Occupations matching the query (ranked, once each) and the filters; all active occupations when both are empty.

    Three queries: the ranked title ids, the occupations of the page, nothing else.
    """
    query = search.parse(raw_query)
    approximate = False
    if query:
        titles = SearchTitle.objects.filter(occupation__is_active=True)
        if filters:
            titles = titles.filter(occupation__in=filters.apply(active_occupations()).values("pk"))
        rows = search.ranked_titles(query, titles).values_list("occupation_id", "pk", "tier")
        best = search.best_per_occupation(rows)
        if not best:
            fuzzy = search.fuzzy_titles(query, titles, vocabulary=title_vocabulary)
            if fuzzy is not None:
                best = search.best_per_occupation(fuzzy.values_list("occupation_id", "pk", "tier"))
                approximate = bool(best)
    else:
        ids = filters.apply(active_occupations()).order_by("code_rome").values_list("pk", flat=True)
        best = [(pk, None, None) for pk in ids]
    total = len(best)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    chosen = best[(page - 1) * per_page : page * per_page]
    title_ids = [title_id for _, title_id, _ in chosen if title_id is not None]
    occupations = Occupation.objects.select_related("domaine").in_bulk([pk for pk, _, _ in chosen])
    labels = dict(SearchTitle.objects.filter(pk__in=title_ids).values_list("pk", "label")) if title_ids else {}
    hits = [Hit(occupations[pk], labels.get(title_id, ""), tier) for pk, title_id, tier in chosen]
    return SearchPage(hits=hits, total=total, page=page, pages=pages, per_page=per_page, approximate=approximate)


_VOCABULARY: dict[tuple, tuple[str, ...]] = {}


def title_vocabulary() -> tuple[str, ...]:
    """Every word of the search titles, for typo correction without PostgreSQL; computed once per import."""
    key = tuple(ReferentialImport.objects.values_list("pk", "checksum", "finished_at").first() or ())
    if key not in _VOCABULARY:
        words = set()
        for text in SearchTitle.objects.values_list("search_text", flat=True).iterator(chunk_size=5000):
            words.update(text.split())
        _VOCABULARY.clear()
        _VOCABULARY[key] = tuple(sorted(words))
    return _VOCABULARY[key]


# --- one occupation --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationDetail:
    occupation: Occupation
    appellations: list[str]
    core_skills: dict[str, list[tuple[str, bool]]]  # kind label -> [(skill label, emerging)]
    contexts: list[tuple[str, list[str]]]  # (type label, [context labels]) in ROME's type order
    centres: list[tuple[CentreInteret, bool]]  # (centre, principal) principal first
    mobilities: list[Occupation]
    sectors: list[tuple[str, bool]]


def occupation_detail(code_rome: str) -> OccupationDetail | None:
    """Everything the occupation page shows, in a fixed number of queries; None for an unknown or retired code."""
    occupation = (
        active_occupations().select_related("domaine__grand_domaine").filter(code_rome=code_rome.upper()).first()
    )
    if occupation is None:
        return None
    appellations = sorted(
        occupation.appellations.filter(is_active=True, is_principal=False).values_list("label", flat=True),
        key=lambda label: (normalise(label), label),
    )
    core_skills: dict[str, list[tuple[str, bool]]] = {}
    kinds = dict(SkillKind.choices)
    skill_rows = (
        OccupationSkill.objects.filter(occupation=occupation)
        .exclude(core=CoreLevel.NONE)
        .values_list("skill__kind", "skill__label", "core")
        .order_by("skill__kind", "core", "skill__label")
    )
    for kind in SkillKind.values:
        labels = [(label, core == CoreLevel.EMERGING) for k, label, core in skill_rows if k == kind]
        if labels:
            core_skills[str(kinds[kind])] = labels
    grouped: dict[tuple[int, str], list[str]] = defaultdict(list)
    for type_code, type_label, label in (
        OccupationWorkContext.objects.filter(occupation=occupation)
        .values_list("context__type_code", "context__type_label", "context__label")
        .order_by("context__type_code", "context__label")
    ):
        grouped[(type_code, type_label)].append(label)
    contexts = [(type_label, labels) for (_, type_label), labels in sorted(grouped.items())]
    centres = [
        (link.centre, link.is_principal)
        for link in occupation.centre_links.select_related("centre").order_by("-is_principal", "centre__code")
    ]
    mobilities = [
        mobility.target
        for mobility in Mobility.objects.filter(source=occupation, target__is_active=True)
        .select_related("target")
        .order_by("order", "target__code_rome")
    ]
    sectors = list(
        occupation.sector_links.order_by("-is_principal", "sector__label").values_list("sector__label", "is_principal")
    )
    return OccupationDetail(occupation, appellations, core_skills, contexts, centres, mobilities, sectors)


ROME_CODE_PATTERN = r"^[A-Na-n]\d{4}$"


def appellation_for(text: str) -> tuple[int, str] | None:
    """What a person typed for a past job -> (appellation code_ogr, its label), or None when nothing fits well.

    Accepts an appellation code ("38745"), a ROME code ("D1106": its principal title) or a job title, looked up with
    the explorer's search; only a close match counts (the exact title, a title starting with it, or a word starting
    with it), never a guess from a typo, so that a past job is never counted as another one.
    """
    text = text.strip()
    if not text:
        return None
    appellations = Appellation.objects.filter(is_active=True, occupation__is_active=True)
    if text.isdigit():
        found = appellations.filter(code_ogr=int(text)).values_list("code_ogr", "label").first()
        return tuple(found) if found else None
    if re.match(ROME_CODE_PATTERN, text):
        found = (
            appellations.filter(occupation__code_rome=text.upper())
            .order_by("-is_principal", "rarely_used", "label")
            .values_list("code_ogr", "label")
            .first()
        )
        return tuple(found) if found else None
    # The exact title, as the form shows a stored job again (the search ranks a long title with "/" too low).
    found = appellations.filter(label__iexact=text).values_list("code_ogr", "label").first()
    if found:
        return tuple(found)
    query = search.parse(text)
    if not query:
        return None
    titles = SearchTitle.objects.filter(appellation__isnull=False, appellation__is_active=True)
    best = search.ranked_titles(query, titles).filter(tier__lte=2).values_list("appellation__code_ogr", "label")
    found = best.first()
    return tuple(found) if found else None


def occupation_labels(codes) -> dict[str, str]:
    """ROME code -> the occupation's label, for the codes given (one query; none for no code)."""
    codes = list(codes)
    if not codes:
        return {}
    return dict(Occupation.objects.filter(code_rome__in=codes).values_list("code_rome", "label"))


def last_import() -> ReferentialImport | None:
    return ReferentialImport.objects.first()


def rome_version() -> str:
    """The ROME version of the last import ("460"), for the source attribution; one query."""
    return ReferentialImport.objects.values_list("rome_version", flat=True).first() or ""


# --- compact arrays for the recommendation engine --------------------------------------------------------------


@dataclass(frozen=True)
class OccupationVectors:
    """Every active occupation as parallel tuples (same index = same occupation), ordered by code_rome.

    interests: six O*NET interest scores (R, I, A, S, E, C; 1-7) or None; work_values: six O*NET work values
    (WORK_VALUE_KEYS order; 1-7) or None; the sources say where each profile came from (direct, parent, siblings).
    """

    codes: tuple[str, ...]
    labels: tuple[str, ...]
    riasec_majeur: tuple[str, ...]
    riasec_mineur: tuple[str, ...]
    interests: tuple[tuple[float, ...] | None, ...]
    interest_sources: tuple[str, ...]
    work_values: tuple[tuple[float, ...] | None, ...]
    values_sources: tuple[str, ...]
    domaines: tuple[str, ...]
    centre_principal: tuple[int | None, ...]

    letters = INTEREST_LETTERS
    value_keys = WORK_VALUE_KEYS

    def index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}


def occupation_vectors() -> OccupationVectors:
    """What ranking needs per occupation, in two queries."""
    fields = (
        "code_rome", "label", "riasec_majeur", "riasec_mineur", *Occupation.INTEREST_FIELDS, "interest_source",
        *Occupation.VALUE_FIELDS, "values_source", "domaine__code",
    )  # fmt: skip
    rows = list(active_occupations().order_by("code_rome").values_list("pk", *fields))
    principal = dict(
        OccupationCentreInteret.objects.filter(is_principal=True, occupation__is_active=True).values_list(
            "occupation_id", "centre__code"
        )
    )

    def six(row, start):
        values = row[start : start + 6]
        return None if values[0] is None else tuple(values)

    return OccupationVectors(
        codes=tuple(r[1] for r in rows),
        labels=tuple(r[2] for r in rows),
        riasec_majeur=tuple(r[3] for r in rows),
        riasec_mineur=tuple(r[4] for r in rows),
        interests=tuple(six(r, 5) for r in rows),
        interest_sources=tuple(r[11] for r in rows),
        work_values=tuple(six(r, 12) for r in rows),
        values_sources=tuple(r[18] for r in rows),
        domaines=tuple(r[19] for r in rows),
        centre_principal=tuple(principal.get(r[0]) for r in rows),
    )


def _links_by_code(queryset, value_field: str) -> dict[str, tuple]:
    grouped: dict[str, list] = defaultdict(list)
    for code, value in queryset.order_by("occupation__code_rome", value_field).values_list(
        "occupation__code_rome", value_field
    ):
        grouped[code].append(value)
    return {code: tuple(values) for code, values in grouped.items()}


def core_skills_by_code() -> dict[str, tuple[int, ...]]:
    """code_rome -> code_ogr of its core skills (main and emerging), one query."""
    return _links_by_code(
        OccupationSkill.objects.filter(occupation__is_active=True).exclude(core=CoreLevel.NONE), "skill__code_ogr"
    )


def work_contexts_by_code() -> dict[str, tuple[int, ...]]:
    """code_rome -> code_ogr of its work contexts (night work, public contact...), one query."""
    return _links_by_code(OccupationWorkContext.objects.filter(occupation__is_active=True), "context__code_ogr")


def centres_by_code() -> dict[str, tuple[int, ...]]:
    """code_rome -> codes of its centres d'intérêt, one query."""
    return _links_by_code(OccupationCentreInteret.objects.filter(occupation__is_active=True), "centre__code")


def mobility_targets() -> dict[str, tuple[str, ...]]:
    """code_rome -> target codes in ROME's order, one query."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for source, target in (
        Mobility.objects.filter(source__is_active=True, target__is_active=True)
        .order_by("source__code_rome", "order", "target__code_rome")
        .values_list("source__code_rome", "target__code_rome")
    ):
        grouped[source].append(target)
    return {code: tuple(targets) for code, targets in grouped.items()}


def context_types() -> dict[int, tuple[int, str]]:
    """Work context code_ogr -> (type code, type label), for rules such as "no night work"."""
    return {
        code: (type_code, label)
        for code, type_code, label in WorkContext.objects.values_list("code_ogr", "type_code", "type_label")
    }
