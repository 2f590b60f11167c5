"""Reads of the territory domain: places, the person's place, and the hiring demand of occupations in a bassin.

The chain from an occupation to its figures: a ROME 4.0 code -> its `code_rome_parent` (the 532 codes of the previous
ROME) -> DARES's crosswalk at the qualification levels asked (every level when the person has not said) -> FAP 2021
codes -> BMO families (the code without its final lowercase letter) -> the survey's figures for those families. The
figures are a family's: several occupations share them, and they are shown as the family's, never divided.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Value

from openbilan.accounts.models import User
from openbilan.programmes import selectors as programmes
from openbilan.referential.models import Occupation
from openbilan.territory import distance
from openbilan.territory.figures import Change, Count, Figures, change
from openbilan.territory.models import (
    ALL_QUALIFICATIONS,
    Bassin,
    BmoSurvey,
    Commune,
    Departement,
    FapFamily,
    HiringDemand,
    PersonPlace,
    PostcodeCommune,
    Region,
    RomeFap,
    ZoneEmploi,
)
from openbilan.territory.names import display_name

# --- places ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A commune and the areas it belongs to."""

    commune: Commune
    bassin: Bassin | None
    zone_emploi: ZoneEmploi | None
    departement: Departement
    region: Region | None


def _area(commune: Commune) -> Area:
    return Area(
        commune=commune,
        bassin=commune.bassin,
        zone_emploi=commune.zone_emploi,
        departement=commune.departement,
        region=commune.departement.region,
    )


AREA_RELATED = ("bassin", "bassin__region", "zone_emploi", "departement", "departement__region")


def area_of(commune_code: str) -> Area | None:
    commune = Commune.objects.select_related(*AREA_RELATED).filter(insee_code=commune_code).first()
    return _area(commune) if commune else None


def areas_of_communes(commune_codes: Iterable[str]) -> dict[str, Area]:
    """INSEE code -> Area, in one query (unknown codes are left out)."""
    communes = Commune.objects.select_related(*AREA_RELATED).filter(insee_code__in=set(commune_codes))
    return {commune.insee_code: _area(commune) for commune in communes}


def communes_of_postcode(postcode: str) -> list[Commune]:
    """The active communes a postcode covers, by name (one query)."""
    if not (len(postcode) == 5 and postcode.isdigit()):
        return []
    return list(
        Commune.objects.filter(postcodes__postcode=postcode, is_active=True)
        .select_related("bassin", "departement")
        .order_by("name", "insee_code")
    )


@dataclass(frozen=True)
class PostcodeArea:
    """What a postcode tells about where a person lives. A postcode may cover communes of several zones d'emploi
    (or, rarely, départements): `zone_emploi` and `departement` are set only when they are the same for all."""

    postcode: str
    communes: tuple[str, ...]
    zones: tuple[ZoneEmploi, ...]
    departements: tuple[Departement, ...]
    bassins: tuple[Bassin, ...]

    @property
    def zone_emploi(self) -> ZoneEmploi | None:
        return self.zones[0] if len(self.zones) == 1 else None

    @property
    def departement(self) -> Departement | None:
        return self.departements[0] if len(self.departements) == 1 else None

    @property
    def bassin(self) -> Bassin | None:
        return self.bassins[0] if len(self.bassins) == 1 else None


def areas_of_postcodes(postcodes: Iterable[str]) -> dict[str, PostcodeArea]:
    """Postcode -> PostcodeArea for every known postcode, in one query: what the funder's report needs to break a
    cohort down by zone d'emploi and département from the postcodes of its enrolments."""
    wanted = {p for p in postcodes if p}
    links = (
        PostcodeCommune.objects.filter(postcode__in=wanted, commune__is_active=True)
        .select_related("commune__zone_emploi", "commune__departement__region", "commune__bassin")
        .order_by("postcode", "commune__insee_code")
    )
    grouped: dict[str, list[Commune]] = defaultdict(list)
    for link in links:
        grouped[link.postcode].append(link.commune)

    def distinct(items):
        seen = {}
        for item in items:
            if item is not None:
                seen.setdefault(item.pk, item)
        return tuple(sorted(seen.values(), key=lambda i: i.code))

    return {
        postcode: PostcodeArea(
            postcode=postcode,
            communes=tuple(c.insee_code for c in communes),
            zones=distinct(c.zone_emploi for c in communes),
            departements=distinct(c.departement for c in communes),
            bassins=distinct(c.bassin for c in communes),
        )
        for postcode, communes in grouped.items()
    }


def bassin(code: str) -> Bassin | None:
    return Bassin.objects.select_related("region", "departement").filter(code=code).first() if code else None


def bassin_names(codes: Iterable[str]) -> list[str]:
    """The official names of these bassins, in alphabetical order. One query."""
    return list(Bassin.objects.filter(code__in=set(codes)).order_by("name").values_list("name", flat=True))


def bassins_of_region(region_id: int | None, survey: BmoSurvey | None) -> list[Bassin]:
    """The bassins of a region that `survey` covers, by département and name (the visitor's picker). One query."""
    if region_id is None or survey is None:
        return []
    covered = set(survey.bassins)
    found = (
        Bassin.objects.filter(region_id=region_id).select_related("departement").order_by("departement__code", "name")
    )
    return [b for b in found if b.code in covered]


# --- the person's place ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceView:
    place: PersonPlace
    area: Area

    @property
    def travel_minutes(self) -> int | None:
        km = self.place.travel_km
        return distance.minutes_estimate(km) if km else None


def place_of(person: User) -> PlaceView | None:
    """The person's place with its bassin, zone d'emploi, département and région (one query)."""
    if not person.is_authenticated:
        return None
    place = (
        PersonPlace.objects.select_related(*(f"commune__{name}" for name in AREA_RELATED)).filter(person=person).first()
    )
    return PlaceView(place, _area(place.commune)) if place else None


def default_postcode(person: User) -> str:
    """The postcode to start from: the person's place, else the latest enrolment that carries one."""
    place = PersonPlace.objects.filter(person=person).values_list("postcode", flat=True).first()
    if place:
        return place
    enrolment = (
        programmes.enrolments_of(person).exclude(postcode="").order_by("-pk").values_list("postcode", flat=True).first()
    )
    return enrolment or ""


def bassins_within(commune: Commune, road_km: int) -> list[str]:
    """Codes of the bassins with at least one commune within reach of `commune` (road distance, estimated from the
    straight line: distance.py), the commune's own bassin first. One query."""
    if commune.latitude is None or commune.longitude is None:
        return [commune.bassin.code] if commune.bassin_id else []
    radius = distance.straight_radius_km(road_km)
    min_lat, max_lat, min_lon, max_lon = distance.bounding_box(commune.latitude, commune.longitude, radius)
    near = (
        Commune.objects.filter(
            is_active=True,
            bassin__isnull=False,
            latitude__range=(min_lat, max_lat),
            longitude__range=(min_lon, max_lon),
        )
        .values_list("bassin__code", "latitude", "longitude")
        .order_by()
    )
    closest: dict[str, float] = {}
    for code, lat, lon in near:
        km = distance.haversine_km(commune.latitude, commune.longitude, lat, lon)
        if km <= radius and km < closest.get(code, float("inf")):
            closest[code] = km
    own = commune.bassin.code if commune.bassin_id else None
    ordered = sorted(closest, key=lambda code: (code != own, closest[code], code))
    return ordered


# --- hiring demand --------------------------------------------------------------------------------------------------


def surveys(year: int | None = None) -> list[BmoSurvey]:
    """The survey of `year` (the latest by default) and the one before it, newest first. One query."""
    found = BmoSurvey.objects.filter(year__lte=year) if year else BmoSurvey.objects.all()
    return list(found[:2])


def survey_years() -> list[int]:
    return list(BmoSurvey.objects.values_list("year", flat=True))


@dataclass(frozen=True)
class FamilyDemand:
    """One BMO family of an occupation, with its figures. `local` is None when the survey has no figures for the
    bassin or does not cover the family (`covered`); a family absent from a covered bassin has Figures.none()."""

    code: str
    name: str
    qualifications: tuple[int, ...]  # the DARES levels at which the occupation belongs to this family
    covered: bool
    local: Figures | None
    level: int | None
    nearby: Figures | None
    region: Figures | None
    change: Change | None


@dataclass(frozen=True)
class OccupationDemand:
    code_rome: str
    year: int | None
    bassin: Bassin | None
    families: tuple[FamilyDemand, ...]

    @property
    def bassin_name(self) -> str:
        return display_name(self.bassin.name) if self.bassin else ""

    @property
    def strongest_level(self) -> int | None:
        """The highest 1-5 demand level among the occupation's families in the bassin (None when none is known)."""
        levels = [f.level for f in self.families if f.level is not None]
        return max(levels) if levels else None


def families_of(
    codes: Sequence[str], qualifications: Iterable[int] = ALL_QUALIFICATIONS, parents: dict[str, str] | None = None
) -> dict[str, dict[str, tuple]]:
    """ROME 4.0 code -> {BMO family: the qualification levels that lead to it}, in two queries (one when the caller
    gives the codes' `parents`, code -> code_rome_parent, as the occupation page already holds them)."""
    if parents is None:
        parents = dict(Occupation.objects.filter(code_rome__in=codes).values_list("code_rome", "parent_code"))
    links: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for rome, qualification, family in RomeFap.objects.filter(
        rome_code__in=set(parents.values()), qualification__in=tuple(qualifications)
    ).values_list("rome_code", "qualification", "family"):
        links[rome][family].append(qualification)
    return {
        code: {family: tuple(sorted(levels)) for family, levels in links.get(parent, {}).items()}
        for code, parent in parents.items()
    }


DEMAND_COLUMNS = ("projects", "projects_published", "difficult", "difficult_published", "seasonal")
DEMAND_COLUMNS += ("seasonal_published", "level")


@dataclass(frozen=True)
class _Row:
    figures: Figures
    level: int | None


def _row(values: tuple) -> _Row:
    projects, projects_published, difficult, difficult_published, seasonal, seasonal_published, level = values
    return _Row(
        Figures(
            Count(projects, projects_published),
            Count(difficult, difficult_published),
            Count(seasonal, seasonal_published),
        ),
        level,
    )


def demand_for(
    codes: Sequence[str],
    *,
    bassin_code: str,
    qualifications: Iterable[int] = ALL_QUALIFICATIONS,
    year: int | None = None,
    nearby_bassins: Sequence[str] = (),
    read_surveys: list[BmoSurvey] | None = None,
    parents: dict[str, str] | None = None,
    read_bassin: Bassin | None = None,
) -> dict[str, OccupationDemand]:
    """The hiring demand of each occupation (ROME 4.0 codes) in a bassin, per BMO family, in six queries whatever
    the number of codes: for one survey year (the latest by default), with the region's total, the change from the
    previous survey when one is loaded, and the total over `nearby_bassins` (the bassins within reach) when given.

    Unknown codes are left out. The recommendations and the project's feasibility read the same structure:
    `OccupationDemand.strongest_level` is the family's place on the bassin's 1-5 scale. A caller that already holds
    `surveys(year)`, the codes' parents or the bassin (with its region) passes them: one query less each."""
    qualifications = tuple(qualifications)
    per_code = families_of(codes, qualifications, parents)
    loaded = read_surveys if read_surveys is not None else surveys(year)
    current = loaded[0] if loaded else None
    previous = loaded[1] if len(loaded) > 1 else None
    place = read_bassin if read_bassin is not None and read_bassin.code == bassin_code else bassin(bassin_code)
    families = {family for links in per_code.values() for family in links}
    names = dict(FapFamily.objects.filter(level=228, code__in=families).values_list("code", "label"))
    rows: dict[tuple[int, str, str], _Row] = {}
    region_rows: dict[str, list[Figures]] = defaultdict(list)
    if current and place and families:
        wanted_bassins = {place.code, *nearby_bassins}
        columns = ("survey_id", "bassin_code", "family", *DEMAND_COLUMNS)
        # Two parts, each on its own index (an OR would scan the table), read as one statement.
        local_rows = HiringDemand.objects.filter(
            survey_id__in=[s.pk for s in (current, previous) if s], bassin_code__in=wanted_bassins, family__in=families
        ).annotate(part=Value(0))
        found = local_rows.values_list("part", *columns)
        if place.region:
            region_part = HiringDemand.objects.filter(
                survey=current, region_code=place.region.code, family__in=families
            ).annotate(part=Value(1))
            found = found.union(region_part.values_list("part", *columns), all=True)
        for part, survey_id, code, family, *values in found:
            row = _row(values)
            if part == 0:
                rows[(survey_id, code, family)] = row
            else:
                region_rows[family].append(row.figures)

    covers = {s.pk: (set(s.bassins), set(s.families)) for s in loaded}

    def local(survey: BmoSurvey | None, bassin_code: str, family: str) -> Figures | None:
        if survey is None or bassin_code not in covers[survey.pk][0] or family not in covers[survey.pk][1]:
            return None
        row = rows.get((survey.pk, bassin_code, family))
        return row.figures if row else Figures.none()

    result = {}
    for code, links in per_code.items():
        items = []
        for family, levels in links.items():
            covered = bool(current) and family in covers[current.pk][1]
            here = local(current, place.code, family) if (current and place) else None
            row = rows.get((current.pk, place.code, family)) if (current and place) else None
            before = local(previous, place.code, family) if (previous and place) else None
            nearby = None
            if nearby_bassins and current and place:
                parts = [local(current, b, family) for b in dict.fromkeys((place.code, *nearby_bassins))]
                known = [p for p in parts if p is not None]
                nearby = Figures.total(known) if known else None
            region = None
            if covered and place and place.region:
                region = Figures.total(region_rows.get(family, []))
            items.append(
                FamilyDemand(
                    code=family,
                    name=names.get(family, family),
                    qualifications=levels,
                    covered=covered,
                    local=here,
                    level=row.level if row else None,
                    nearby=nearby,
                    region=region,
                    change=change(here.projects, before.projects, previous.year) if here and before else None,
                )
            )
        items.sort(key=lambda f: (min(f.qualifications), f.code))
        result[code] = OccupationDemand(code, current.year if current else None, place, tuple(items))
    return result


def demand_levels(*, bassin_code: str, qualifications: Iterable[int] = ALL_QUALIFICATIONS) -> dict[str, int | None]:
    """Every active ROME 4.0 code -> the highest 1-5 demand level of its families in the bassin, in the latest
    survey (None when no family has a published count there), in three queries: what a ranking factor reads once
    per person before scoring every occupation."""
    if not bassin_code:
        return {}
    latest = BmoSurvey.objects.order_by("-year").values("pk")[:1]
    levels = dict(
        HiringDemand.objects.filter(survey__in=latest, bassin_code=bassin_code, level__isnull=False).values_list(
            "family", "level"
        )
    )
    by_parent: dict[str, int | None] = {}
    for rome, family in RomeFap.objects.filter(qualification__in=tuple(qualifications)).values_list(
        "rome_code", "family"
    ):
        level = levels.get(family)
        if level is not None and (by_parent.get(rome) or 0) < level:
            by_parent[rome] = level
    parents = Occupation.objects.filter(is_active=True).values_list("code_rome", "parent_code")
    return {code: by_parent.get(parent) for code, parent in parents}


@dataclass(frozen=True)
class CodeDemand:
    """An occupation's strongest BMO family in a bassin: its 1-5 level and its count of projects (the family's)."""

    level: int
    family: str
    family_name: str
    projects: Count


@dataclass(frozen=True)
class LocalDemand:
    """Every occupation's strongest family in one bassin, for one survey: what the ranking's demand factor reads."""

    year: int
    bassin_code: str
    bassin_name: str
    by_code: dict[str, CodeDemand]


def local_demand(*, bassin_code: str, qualifications: Iterable[int] = ALL_QUALIFICATIONS) -> LocalDemand | None:
    """Every active ROME 4.0 code -> its family with the highest 1-5 level in the bassin (latest survey), with that
    family's count of projects. Codes with no family of known level are left out. None without a survey or bassin.

    The answer changes only with an import: it is cached under the survey's key (one query with a warm cache, six
    without)."""
    if not bassin_code:
        return None
    survey = BmoSurvey.objects.order_by("-year").values_list("pk", "year", "imported_at").first()
    if survey is None:
        return None
    qualifications = tuple(sorted(set(qualifications)))
    key = f"territory:local:{survey[0]}:{survey[2].timestamp()}:{bassin_code}:{','.join(map(str, qualifications))}"
    found = cache.get(key)
    if found is None:
        found = _local_demand(survey[0], survey[1], bassin_code, qualifications)
        cache.set(key, found, timeout=6 * 60 * 60)
    return found or None


def _local_demand(survey_id: int, year: int, bassin_code: str, qualifications: tuple[int, ...]):
    place = Bassin.objects.filter(code=bassin_code).values_list("name", flat=True).first()
    if place is None:
        return False  # cached as "nothing" (None is a cache miss)
    rows = {
        family: (level, Count(projects, projects_published))
        for family, level, projects, projects_published in HiringDemand.objects.filter(
            survey_id=survey_id, bassin_code=bassin_code, level__isnull=False
        ).values_list("family", "level", "projects", "projects_published")
    }
    best_of_parent: dict[str, str] = {}
    for rome, family in RomeFap.objects.filter(qualification__in=qualifications).values_list("rome_code", "family"):
        if family in rows:
            best = best_of_parent.get(rome)
            if best is None or (rows[family][0], family) > (rows[best][0], best):
                best_of_parent[rome] = family
    names = dict(
        FapFamily.objects.filter(level=228, code__in=set(best_of_parent.values())).values_list("code", "label")
    )
    by_code = {}
    for code, parent in Occupation.objects.filter(is_active=True).values_list("code_rome", "parent_code"):
        family = best_of_parent.get(parent)
        if family is not None:
            level, projects = rows[family]
            by_code[code] = CodeDemand(level, family, names.get(family, family), projects)
    return LocalDemand(year, bassin_code, display_name(place), by_code)
