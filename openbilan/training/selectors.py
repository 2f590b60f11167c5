"""Reads of the training domain: the certifications that lead to an occupation, their sessions, one certification.

How a certification reaches a ROME 4.0 occupation: the export links it to ROME v3 codes, which are the
`parent_code` of ROME 4.0 occupations, or to whole domains. For an occupation, the linking codes are its own code
("code"), its parent's ("parent"), its domaine professionnel (`K12`, `K1200`: "domaine") and its grand domaine
(`K00`: "grand_domaine"), in that order of precision. Only `current` certifications with a title are offered: a
replaced one never is (its current versions are, through their own links), nor one the sources cannot name.

For the suggestion page and the action plan (see docs/DATA.md, "Certifications and training offers"):
`training_paths(code_rome, level=, max_months=)` gives the fitting certifications and the excluded ones with their
reason; `upcoming_sessions(codes, point=, radius_km=)` the sessions near a person; `current_versions(code)` the
certifications that replaced an old one.
"""

import dataclasses
import datetime
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Min, Q, Subquery
from django.utils import timezone

from openbilan.referential.models import Occupation
from openbilan.training import geo, lheo
from openbilan.training.models import (
    Bloc,
    Certification,
    CertificationImport,
    CertificationRomeCode,
    Certifier,
    FormationCertification,
    OfferFeed,
    Replacement,
    Session,
    Status,
    ValueSource,
)

LINK_ORDER = ("code", "parent", "domaine", "grand_domaine")
CARD_FIELDS = ("code", "title", "level", "kind", "status", "is_active", "valid_until", "vae", "typical_months")
CACHE_SECONDS = 6 * 60 * 60
Row = namedtuple("Row", ("pk", *CARD_FIELDS))


@dataclass(frozen=True)
class CertificationCard:
    """What a page or a suggestion shows of one certification."""

    code: str
    title: str
    level: int | None
    kind: str
    status: str
    is_active: bool | None
    valid_until: datetime.date | None
    vae: bool | None
    typical_months: int | None  # ONISEP's duration of the formations that prepare it
    offer_months: int | None  # the shortest session of the loaded training offers
    link: str = ""  # how it reaches the occupation asked for (LINK_ORDER), "" otherwise
    certifiers: tuple[str, ...] = ()
    blocs: tuple[tuple[str, str], ...] = ()
    replaces: tuple[str, ...] = ()

    @property
    def months(self) -> int | None:
        """The shortest known length, in months (None when no source gives one)."""
        known = [m for m in (self.typical_months, self.offer_months) if m]
        return min(known) if known else None


@dataclass(frozen=True)
class Excluded:
    certification: CertificationCard
    reason: str  # "level_above", "level_below", "level_unknown", "too_long", "length_unknown"


@dataclass(frozen=True)
class TrainingPaths:
    """The current certifications leading to an occupation, sorted into those that fit a person and the others."""

    code_rome: str
    fitting: tuple[CertificationCard, ...]
    excluded: tuple[Excluded, ...]
    untitled: int  # current certifications linked to the occupation that the loaded sources cannot name

    @property
    def why_none(self) -> str:
        """When nothing fits: "no_certification", "level", "length" or "level_and_length"; "" when something fits."""
        if self.fitting:
            return ""
        reasons = {e.reason for e in self.excluded}
        by_level = bool(reasons & {"level_above", "level_below", "level_unknown"})
        by_length = bool(reasons & {"too_long", "length_unknown"})
        if by_level and by_length:
            return "level_and_length"
        if by_level:
            return "level"
        if by_length:
            return "length"
        return "no_certification"


def linking_codes(occupation: Occupation) -> dict[str, str]:
    """The export's ROME codes that reach `occupation` (select_related domaine), with how."""
    domaine = occupation.domaine.code
    codes = {
        f"{domaine[0]}0000": "grand_domaine",
        f"{domaine[0]}00": "grand_domaine",
        f"{domaine}00": "domaine",
        domaine: "domaine",
        occupation.parent_code: "parent",
        occupation.code_rome: "code",
    }
    return codes


def find_occupation(code_rome: str) -> Occupation | None:
    """The active ROME 4.0 occupation with this code (its domaine loaded), or None."""
    return (
        Occupation.objects.filter(code_rome=code_rome.strip().upper(), is_active=True).select_related("domaine").first()
    )


def _formations(codes: Iterable[str]) -> dict[int, list[str]]:
    """Formation id -> the certification codes among `codes` it prepares (one query on the code index)."""
    found: dict[int, list[str]] = defaultdict(list)
    for formation_id, code in FormationCertification.objects.filter(
        code__in=[code.strip().upper() for code in codes]
    ).values_list("formation_id", "code"):
        found[formation_id].append(code)
    return found


def _offer_months(formations: dict[int, list[str]]) -> dict[str, int]:
    """Certification code -> the shortest session of the loaded offers, in months (one query)."""
    if not formations:
        return {}
    shortest: dict[str, int] = {}
    for row in (
        Session.objects.filter(formation_id__in=list(formations), months__isnull=False)
        .values("formation_id")
        .annotate(shortest=Min("months"))
    ):
        for code in formations[row["formation_id"]]:
            shortest[code] = min(shortest.get(code, row["shortest"]), row["shortest"])
    return shortest


def _cards(
    certifications: list, links: dict[int, str] | None = None, months: dict[str, int] | None = None
) -> list[CertificationCard]:
    """Cards for the given rows (certifications, or rows with their CARD_FIELDS and pk), with their certifiers,
    blocs, the codes they replace and their shortest loaded session (`months`, by code: five queries when not
    given, three when given)."""
    ids = [c.pk for c in certifications]
    certifiers, blocs, replaces = defaultdict(list), defaultdict(list), defaultdict(list)
    for certification_id, name in Certifier.objects.filter(certification_id__in=ids).values_list(
        "certification_id", "name"
    ):
        certifiers[certification_id].append(name)
    for certification_id, code, label in Bloc.objects.filter(certification_id__in=ids).values_list(
        "certification_id", "code", "label"
    ):
        blocs[certification_id].append((code, label))
    for new_id, old_code in (
        Replacement.objects.filter(new_id__in=ids).values_list("new_id", "old__code").order_by("old__number")
    ):
        replaces[new_id].append(old_code)
    if months is None:
        months = _offer_months(_formations(c.code for c in certifications))
    return [
        CertificationCard(
            code=c.code,
            title=c.title,
            level=c.level,
            kind=c.kind,
            status=c.status,
            is_active=c.is_active,
            valid_until=c.valid_until,
            vae=c.vae,
            typical_months=c.typical_months,
            offer_months=months.get(c.code),
            link=(links or {}).get(c.pk, ""),
            certifiers=tuple(sorted(set(certifiers[c.pk]))),
            blocs=tuple(sorted(blocs[c.pk])),
            replaces=tuple(replaces[c.pk]),
        )
        for c in certifications
    ]


def _linked(occupation: Occupation) -> tuple[list, dict[int, str], int]:
    """The current certifications with a title linked to the occupation (most precise link first, then by level and
    title), how each is linked, and how many current ones have no title. The links come from one query on the code
    index, the certifications from a second one on their ids (one join would let SQLite walk every current
    certification)."""
    codes = linking_codes(occupation)
    links: dict[int, str] = {}
    for certification_id, code in CertificationRomeCode.objects.filter(code__in=list(codes)).values_list(
        "certification_id", "code"
    ):
        scope = codes[code]
        if certification_id not in links or LINK_ORDER.index(scope) < LINK_ORDER.index(links[certification_id]):
            links[certification_id] = scope
    if not links:
        return [], {}, 0
    rows = [
        Row(*values)
        for values in Certification.objects.filter(pk__in=list(links), status=Status.CURRENT)
        .order_by()
        .values_list("pk", *CARD_FIELDS)
    ]
    titled = sorted(
        (row for row in rows if row.title),
        key=lambda row: (LINK_ORDER.index(links[row.pk]), row.level or 9, row.title, row.code),
    )
    return titled, links, len(rows) - len(titled)


def _resolve(occupation: Occupation | str) -> Occupation | None:
    return occupation if isinstance(occupation, Occupation) else find_occupation(occupation)


def certifications_for_occupation(occupation: Occupation | str) -> list[CertificationCard] | None:
    """Every current certification with a title that leads to the occupation, most precise link first, then by
    level and title. None for an unknown occupation."""
    occupation = _resolve(occupation)
    if occupation is None:
        return None
    rows, links, _ = _linked(occupation)
    return _cards(rows, links)


@dataclass(frozen=True)
class Overview:
    """What the occupation page shows: the first certifications, how many there are, the next sessions."""

    cards: tuple[CertificationCard, ...]
    total: int
    untitled: int
    sessions: tuple["SessionCard", ...]
    session_total: int
    export_date: datetime.date | None


def _cached(key: str, compute):
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def occupation_overview(occupation: Occupation, *, limit: int = 6, sessions: int = 4) -> Overview:
    """The occupation page's section: the `limit` first certifications (with certifiers and blocs), and the
    `sessions` soonest sessions of any current certification leading to it.

    The certifications only change with an import, the formations that prepare them with a feed's import: both are
    cached under keys naming the last imports, read in one query. With a warm cache the section costs that query
    and the two or three of the sessions; without any import, that query only."""
    feeds = OfferFeed.objects.order_by("-imported_at").values("imported_at")[:1]
    last = (
        CertificationImport.objects.annotate(feeds_at=Subquery(feeds))
        .values_list("pk", "finished_at", "export_date", "feeds_at")
        .first()
    )
    if last is None:
        return Overview((), 0, 0, (), 0, None)
    key = f"training:overview:{last[0]}:{last[1].timestamp()}:{occupation.code_rome}"

    def certifications():
        rows, links, untitled = _linked(occupation)
        return tuple(_cards(rows[:limit], links, months={})), len(rows), untitled, [row.code for row in rows]

    cards, total, untitled, codes = _cached(f"{key}:{limit}", certifications)
    if not codes:
        return Overview((), 0, untitled, (), 0, last[2] if untitled else None)

    def offers():
        formations = _formations(codes)
        return formations, _offer_months(formations)

    feeds_at = last[3].timestamp() if last[3] else 0
    formations, months = _cached(f"{key}:offers:{feeds_at}", offers)
    upcoming = _sessions(formations, limit=sessions)
    return Overview(
        cards=tuple(dataclasses.replace(card, offer_months=months.get(card.code)) for card in cards),
        total=total,
        untitled=untitled,
        sessions=tuple(upcoming),
        session_total=_session_count(formations) if len(upcoming) == sessions else len(upcoming),
        export_date=last[2],
    )


def training_paths(
    occupation: Occupation | str,
    *,
    level: int | None = None,
    spread: int = 1,
    max_months: int | None = None,
    include_unknown_length: bool = True,
) -> TrainingPaths | None:
    """The current certifications that lead to the occupation, split into those at or near `level` (within
    `spread` levels of it, either way) and not longer than `max_months` (when a length is known: ONISEP's or the
    shortest loaded session), and the others with the reason. None for an unknown occupation."""
    occupation = _resolve(occupation)
    if occupation is None:
        return None
    rows, links, untitled = _linked(occupation)
    fitting, excluded = [], []
    for card in _cards(rows, links):
        reason = exclusion(card, level=level, spread=spread, max_months=max_months)
        if not reason and max_months is not None and card.months is None and not include_unknown_length:
            reason = "length_unknown"
        if reason:
            excluded.append(Excluded(card, reason))
        else:
            fitting.append(card)
    return TrainingPaths(occupation.code_rome, tuple(fitting), tuple(excluded), untitled)


def exclusion(card: CertificationCard, *, level: int | None, spread: int, max_months: int | None) -> str:
    """Why a certification does not fit a person's level and accepted length ("" when it fits)."""
    if level is not None:
        if card.level is None:
            return "level_unknown"
        if card.level > level + spread:
            return "level_above"
        if card.level < level - spread:
            return "level_below"
    if max_months is not None and card.months is not None and card.months > max_months:
        return "too_long"
    return ""


def current_for_occupation(
    occupation: Occupation | str, *, level: int | None = None, spread: int = 1, max_months: int | None = None
) -> list[CertificationCard] | None:
    """The fitting part of training_paths (the `certifications` command prints it)."""
    paths = training_paths(occupation, level=level, spread=spread, max_months=max_months)
    return None if paths is None else list(paths.fitting)


def current_versions(code: str) -> list[str]:
    """The current certifications that replaced `code`, however many replacements ago ([code] when it is current
    itself, [] when no current version exists). One query per generation of replacements."""
    code = code.strip().upper()
    found = list(Certification.objects.filter(code=code, status=Status.CURRENT).values_list("code", flat=True))
    seen, frontier = {code}, {code}
    while frontier:
        generation = set()
        for new_code, status in Replacement.objects.filter(old__code__in=frontier).values_list(
            "new__code", "new__status"
        ):
            if new_code not in seen:
                seen.add(new_code)
                generation.add(new_code)
                if status == Status.CURRENT:
                    found.append(new_code)
        frontier = generation
    return sorted(found, key=lambda c: (c.rstrip("0123456789"), int(c.lstrip("RNCPS") or 0)))


# --- sessions ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCard:
    pk: int
    reference: str
    certification_codes: tuple[str, ...]
    formation_title: str
    organisation: str
    start: datetime.date | None
    end: datetime.date | None
    months: int | None
    hours: int | None
    rhythm: str
    place_name: str
    city: str
    postcode: str
    insee_code: str
    latitude: float | None
    longitude: float | None
    funders: tuple[tuple[str, str, int | None], ...]  # (LHEO code, label, places funded)
    cpf_code: str
    programmes: tuple[str, ...]
    prerequisites: str
    entry_level: int | None
    exit_level: int | None
    recruitment: str
    contact_phone: str
    contact_email: str
    url: str
    is_demo: bool
    feed: str
    distance_km: float | None = None

    @property
    def cpf_eligible(self) -> bool:
        return bool(self.cpf_code)

    @property
    def regional(self) -> bool:
        """Funded by the Region (LHEO financeur code 2), e.g. within its regional training programme."""
        return any(code == lheo.REGION for code, _, _ in self.funders)

    @property
    def france_travail(self) -> bool:
        return any(code == "4" for code, _, _ in self.funders)


def _upcoming(today: datetime.date) -> Q:
    return Q(end__gte=today) | Q(end__isnull=True, start__gte=today) | Q(end__isnull=True, start__isnull=True)


def upcoming_sessions(
    codes: Iterable[str],
    *,
    point: geo.Point | None = None,
    radius_km: float | None = None,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[SessionCard]:
    """The sessions not yet over that prepare one of the certifications `codes`. With a `point` (latitude,
    longitude), each card has its distance; with a `radius_km` too, only the sessions within it (those whose place
    has no coordinates are left out), nearest first; otherwise soonest first. Three queries: the formations that
    prepare the certifications (code index), their sessions (formation index), what the cards show."""
    return _sessions(_formations(codes), point=point, radius_km=radius_km, today=today, limit=limit)


def _sessions(
    formations: dict[int, list[str]],
    *,
    point: geo.Point | None = None,
    radius_km: float | None = None,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[SessionCard]:
    """A narrow query picks the sessions (ids, start, point: the formation and date index do the work whatever the
    planner's statistics), a second one loads what the cards show for those only."""
    if not formations:
        return []
    picked = Session.objects.filter(
        _upcoming(today or timezone.localdate()), formation_id__in=list(formations)
    ).order_by("start", "pk")
    chosen: list = []
    if point is not None and radius_km is not None:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(point, radius_km)
        near = picked.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon
        ).values_list("pk", "start", "latitude", "longitude")
        for pk, start, latitude, longitude in near:
            distance = geo.distance_km(point, (latitude, longitude))
            if distance <= radius_km:
                chosen.append((pk, distance, start))
        chosen.sort(key=lambda item: (item[1], item[2] or datetime.date.max, item[0]))
        chosen = [(pk, distance) for pk, distance, _ in chosen[: limit or None]]
    else:
        ids = picked.values_list("pk", flat=True)
        chosen = [(pk, None) for pk in (ids[:limit] if limit else ids)]
    rows = Session.objects.select_related("feed", "action", "formation__organisation").in_bulk([pk for pk, _ in chosen])
    cards = []
    for pk, distance in chosen:
        row = rows[pk]
        if point is not None and distance is None and row.latitude is not None and row.longitude is not None:
            distance = geo.distance_km(point, (row.latitude, row.longitude))
        cards.append(_session_card(row, tuple(sorted(formations[row.formation_id])), distance))
    return cards


def _session_card(row: Session, codes: tuple[str, ...], distance: float | None) -> SessionCard:
    action = row.action
    formation = row.formation
    organisation = formation.organisation
    return SessionCard(
        pk=row.pk,
        reference=f"{row.feed.key}/{formation.key}/{action.key}/{row.key}",
        certification_codes=codes,
        formation_title=formation.title,
        organisation=organisation.name,
        start=row.start,
        end=row.end,
        months=row.months,
        hours=action.hours_total,
        rhythm=action.rhythm,
        place_name=action.place_name,
        city=row.city,
        postcode=row.postcode,
        insee_code=row.insee_code,
        latitude=row.latitude,
        longitude=row.longitude,
        funders=tuple((code, lheo.FUNDERS.get(code, code), places) for code, places in action.funders),
        cpf_code=formation.cpf_code,
        programmes=tuple(action.programmes),
        prerequisites=action.prerequisites,
        entry_level=formation.entry_level,
        exit_level=formation.exit_level,
        recruitment=row.recruitment,
        contact_phone=formation.contact_phone or organisation.phone,
        contact_email=formation.contact_email or organisation.email,
        url=formation.url or action.url,
        is_demo=row.feed.is_demo,
        feed=row.feed.label,
        distance_km=distance,
    )


def session_count(codes: Iterable[str], *, today: datetime.date | None = None) -> int:
    """How many sessions not yet over prepare one of the certifications `codes`."""
    return _session_count(_formations(codes), today=today)


def _session_count(formations: dict[int, list[str]], *, today: datetime.date | None = None) -> int:
    if not formations:
        return 0
    return Session.objects.filter(_upcoming(today or timezone.localdate()), formation_id__in=list(formations)).count()


# --- one certification ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificationDetail:
    card: CertificationCard
    title_source: str
    level_source: str
    active_source: str
    nsf: tuple[tuple[str, str], ...]
    formacodes: tuple[tuple[str, str], ...]
    occupations: tuple[tuple[str, str], ...]  # (code_rome, label) reached by an occupation code
    domains: tuple[tuple[str, str], ...]  # (code, scope) of the domain-level links
    replaced_by: tuple[tuple[str, str], ...]  # (code, title)
    replaces: tuple[tuple[str, str], ...]
    current_versions: tuple[tuple[str, str], ...]
    export_date: datetime.date | None = None


def certification_detail(code: str) -> CertificationDetail | None:
    certification = Certification.objects.filter(code=code.strip().upper()).first()
    if certification is None:
        return None
    card = _cards([certification])[0]
    rome = list(certification.rome_codes.values_list("code", "scope"))
    v3 = [code for code, scope in rome if scope == "code"]
    occupations = tuple(
        Occupation.objects.filter(Q(code_rome__in=v3) | Q(parent_code__in=v3), is_active=True)
        .order_by("code_rome")
        .values_list("code_rome", "label")
    )
    titles = dict(
        Certification.objects.filter(
            Q(replaced_by_links__new=certification) | Q(replaces_links__old=certification)
        ).values_list("code", "title")
    )
    replaced_by = tuple(
        (c, titles.get(c, ""))
        for c in certification.replaced_by_links.order_by("new__number").values_list("new__code", flat=True)
    )
    replaces = tuple(
        (c, titles.get(c, ""))
        for c in certification.replaces_links.order_by("old__number").values_list("old__code", flat=True)
    )
    versions = [c for c in current_versions(certification.code) if c != certification.code]
    version_titles = dict(Certification.objects.filter(code__in=versions).values_list("code", "title"))
    labels = dict(ValueSource.choices)
    return CertificationDetail(
        card=card,
        title_source=str(labels.get(certification.title_source, "")),
        level_source=str(labels.get(certification.level_source, "")),
        active_source=str(labels.get(certification.active_source, "")),
        nsf=tuple(tuple(pair) for pair in certification.nsf),
        formacodes=tuple(tuple(pair) for pair in certification.formacodes),
        occupations=occupations,
        domains=tuple((code, scope) for code, scope in rome if scope != "code"),
        replaced_by=replaced_by,
        replaces=replaces,
        current_versions=tuple((c, version_titles.get(c, "")) for c in versions),
        export_date=export_date(),
    )


def export_date() -> datetime.date | None:
    """The date of the loaded RNCP/RS export (for the source line under the certifications); one query."""
    return CertificationImport.objects.values_list("export_date", flat=True).first()
