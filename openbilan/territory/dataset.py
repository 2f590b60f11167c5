"""Cross-check the files read by sources.py and shape what the importer writes. Pure Python (no Django import).

- FAP 2021 labels: one label per code and level, each code under one parent.
- The DARES crosswalk: one FAP code per (ROME code, qualification level), every FAP code known; the BMO family of a
  detailed FAP code is the code without its final lowercase letter (A0X41a -> A0X41).
- A BMO survey: every family code is a FAP 2021 family (a survey coded in FAP 2009, 2023 and before, is refused as a
  whole), one row per family, bassin and département; the rows of a bassin are summed (figures.py) and each family
  gets its place on the bassin's 1-5 demand scale.
- Geography: one zone d'emploi, one bassin and one point per commune; the communes are La Poste's (the ones a person
  can pick from a postcode) plus INSEE's.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from openbilan.referential.sources import SourceError, gettext_noop
from openbilan.territory import sources
from openbilan.territory.figures import Figures, demand_levels
from openbilan.territory.names import display_name

FAP_2009_CODE = re.compile(r"^[A-Z]\d[Z]\d{2}$")


def family_of(fap_code: str) -> str:
    """The BMO family of a FAP 2021 code: the code without its final lowercase letter."""
    return fap_code[:-1] if fap_code[-1:].islower() else fap_code


# --- FAP 2021 labels ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FapEntry:
    level: int
    code: str
    label: str
    parent: str


def build_fap(found: list[sources.FapRow], name: str) -> dict[tuple[int, str], FapEntry]:
    entries: dict[tuple[int, str], FapEntry] = {}
    first_line: dict[tuple[int, str], int] = {}
    for row in found:
        for index, level in enumerate(sources.FAP_LEVELS):
            code, label = row.codes[index], row.labels[index]
            parent = row.codes[index + 1] if index + 1 < len(sources.FAP_LEVELS) else ""
            key = (level, code)
            entry = FapEntry(level, code, label, parent)
            known = entries.get(key)
            if known is None:
                entries[key] = entry
                first_line[key] = row.line
            elif known.parent != parent or known.label.casefold() != label.casefold():
                raise SourceError(
                    name,
                    row.line,
                    gettext_noop("le code FAP « %(code)s » est décrit autrement qu'à la ligne %(first)d"),
                    code=code,
                    first=first_line[key],
                )
    if not entries:
        raise SourceError(name, None, gettext_noop("aucune ligne"))
    return entries


# --- crosswalk ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrosswalkEntry:
    rome: str
    qualification: int
    fap: str
    family: str


def build_crosswalk(found: list[sources.CrosswalkRow], name: str, fap_codes: set[str]) -> list[CrosswalkEntry]:
    entries = []
    seen: dict[tuple[str, int], int] = {}
    for row in found:
        key = (row.rome, row.qualification)
        if key in seen:
            raise SourceError(
                name,
                row.line,
                gettext_noop("même code ROME et même niveau de qualification qu'à la ligne %(first)d"),
                first=seen[key],
            )
        seen[key] = row.line
        if row.fap not in fap_codes:
            raise SourceError(
                name, row.line, gettext_noop("code FAP « %(code)s » absent de la nomenclature FAP 2021"), code=row.fap
            )
        entries.append(CrosswalkEntry(row.rome, row.qualification, row.fap, family_of(row.fap)))
    if not entries:
        raise SourceError(name, None, gettext_noop("aucune ligne"))
    return entries


# --- BMO ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demand:
    family: str
    bassin: str
    region: str
    figures: Figures
    level: int | None


@dataclass
class Vintage:
    year: int
    name: str
    rows: int
    demand: list[Demand]
    bassins: dict[str, tuple[str, str, str]]  # code -> (name, region, main département)
    regions: dict[str, str]  # code -> name
    departements: dict[str, tuple[str, str]]  # code -> (name, region)

    @property
    def families(self) -> list[str]:
        return sorted({d.family for d in self.demand})


FAP_2009_MESSAGE = gettext_noop(
    "l'enquête BMO %(year)d est codée en FAP 2009 (par exemple « %(example)s ») : seules les enquêtes codées en "
    "FAP 2021 (BMO 2024 et suivantes) peuvent être importées, car la table de passage de la DARES relie les métiers "
    "ROME aux familles FAP 2021"
)


def build_vintage(bmo: sources.BmoFile, families: set[str]) -> Vintage:
    """Check a survey against the FAP 2021 families and sum each bassin's rows."""
    unknown = [row for row in bmo.rows if row.family not in families]
    if unknown:
        old = [row for row in bmo.rows if FAP_2009_CODE.match(row.family)]
        if len(old) * 2 >= len(bmo.rows):
            raise SourceError(bmo.name, None, FAP_2009_MESSAGE, year=bmo.year, example=old[0].family)
        raise SourceError(
            bmo.name,
            unknown[0].line,
            gettext_noop("colonne « %(column)s » : « %(code)s » n'est pas une famille de la nomenclature FAP 2021"),
            column=sources.BMO_CODE_COLUMN,
            code=unknown[0].family[:40],
        )
    if not bmo.rows:
        raise SourceError(bmo.name, None, gettext_noop("aucune ligne"))
    seen: dict[tuple[str, str, str], int] = {}
    parts: dict[tuple[str, str], list[Figures]] = defaultdict(list)
    bassin_region: dict[str, tuple[str, int]] = {}
    bassin_names: dict[str, str] = {}
    bassin_departements: dict[str, Counter] = defaultdict(Counter)
    regions: dict[str, str] = {}
    departements: dict[str, tuple[str, str]] = {}
    for row in bmo.rows:
        key = (row.family, row.bassin, row.departement)
        if key in seen:
            raise SourceError(
                bmo.name,
                row.line,
                gettext_noop("même famille, même bassin et même département qu'à la ligne %(first)d"),
                first=seen[key],
            )
        seen[key] = row.line
        region, first = bassin_region.setdefault(row.bassin, (row.region, row.line))
        if region != row.region:
            raise SourceError(
                bmo.name,
                row.line,
                gettext_noop("le bassin %(bassin)s est dans la région %(region)s à la ligne %(first)d"),
                bassin=row.bassin,
                region=region,
                first=first,
            )
        bassin_names.setdefault(row.bassin, row.bassin_name)
        bassin_departements[row.bassin][row.departement] += 1
        regions.setdefault(row.region, row.region_name)
        departements.setdefault(row.departement, (row.departement_name, row.region))
        parts[(row.family, row.bassin)].append(Figures(row.projects, row.difficult, row.seasonal))
    totals = {key: Figures.total(found) for key, found in parts.items()}
    by_bassin: dict[str, dict[str, int | None]] = defaultdict(dict)
    for (family, bassin), figures in totals.items():
        by_bassin[bassin][family] = figures.projects.value
    levels = {bassin: demand_levels(values) for bassin, values in by_bassin.items()}
    demand = [
        Demand(family, bassin, bassin_region[bassin][0], figures, levels[bassin][family])
        for (family, bassin), figures in sorted(totals.items())
    ]
    bassins = {
        code: (bassin_names[code], bassin_region[code][0], bassin_departements[code].most_common(1)[0][0])
        for code in bassin_names
    }
    return Vintage(bmo.year, bmo.name, len(bmo.rows), demand, bassins, regions, departements)


# --- geography ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneData:
    name: str
    departement: str
    region: str
    latitude: float | None
    longitude: float | None
    bassin: str
    zone: str


@dataclass
class Geography:
    communes: dict[str, CommuneData]
    postcodes: set[tuple[str, str]]
    zones: dict[str, str]
    bassins: dict[str, tuple[str, str, str]]  # code -> (name, region, main département)
    departements: dict[str, str]  # code -> region
    ignored: dict[str, int] = field(default_factory=dict)


def departement_of(insee: str) -> str:
    """The département of a commune from its INSEE code (three characters overseas)."""
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


def _one_per_commune(rows, name: str, column: str, value) -> dict[str, object]:
    found: dict[str, tuple[object, int]] = {}
    for row in rows:
        insee = row[column]
        current = value(row)
        known = found.setdefault(insee, (current, row.line))
        if known[0] != current:
            raise SourceError(
                name,
                row.line,
                gettext_noop("la commune %(insee)s a une autre valeur à la ligne %(first)d"),
                insee=insee,
                first=known[1],
            )
    return {insee: found_value for insee, (found_value, _line) in found.items()}


def build_geography(found: dict[str, tuple[str, list]]) -> Geography:
    """`found`: role -> (file name, rows) for the four geography files."""
    postcode_name, postcode_rows = found[sources.GEO_POSTCODES]
    if not postcode_rows:
        raise SourceError(postcode_name, None, gettext_noop("aucune ligne"))
    la_poste_names: dict[str, str] = {}
    links: set[tuple[str, str]] = set()
    for row in postcode_rows:
        la_poste_names.setdefault(row["Code_commune_INSEE"], row["Nom_de_la_commune"])
        links.add((row["Code_postal"], row["Code_commune_INSEE"]))
    zone_name, zone_rows = found[sources.GEO_ZONES]
    zones_of = _one_per_commune(
        zone_rows, zone_name, "codgeo", lambda r: (r["ze2020"], r["libgeo"], r["dep"], r["reg"])
    )
    zone_names = {row["ze2020"]: row["libze2020"] for row in zone_rows}
    bassin_name, bassin_rows = found[sources.GEO_BASSINS]
    bassins_of = _one_per_commune(
        bassin_rows, bassin_name, "code_commune_insee", lambda r: (r["code_bassin_BMO"], r["reg"])
    )
    bassin_labels: dict[str, str] = {}
    for row in bassin_rows:
        bassin_labels.setdefault(row["code_bassin_BMO"], row["lib_bassin_BMO"])
    point_name, point_rows = found[sources.GEO_POINTS]
    points_of = _one_per_commune(
        point_rows, point_name, "Code_Officiel_Commune", lambda r: (r["latitude"], r["longitude"])
    )
    communes: dict[str, CommuneData] = {}
    departements: dict[str, str] = {}
    for insee in sorted(set(la_poste_names) | set(zones_of)):
        zone = zones_of.get(insee)
        bassin = bassins_of.get(insee)
        point = points_of.get(insee)
        region = zone[3] if zone else (bassin[1] if bassin else "")
        departement = departement_of(insee)
        if region:
            departements.setdefault(departement, region)
        communes[insee] = CommuneData(
            name=zone[1] if zone else display_name(la_poste_names[insee]),
            departement=departement,
            region=region,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            bassin=bassin[0] if bassin else "",
            zone=zone[0] if zone else "",
        )
    bassin_departements: dict[str, Counter] = defaultdict(Counter)
    bassin_regions: dict[str, str] = {}
    for insee, (code, region) in bassins_of.items():
        bassin_regions.setdefault(code, region)
        if insee in communes:
            bassin_departements[code][communes[insee].departement] += 1
    bassins = {
        code: (
            label,
            bassin_regions.get(code, ""),
            bassin_departements[code].most_common(1)[0][0] if bassin_departements[code] else "",
        )
        for code, label in bassin_labels.items()
    }
    ignored = {
        sources.GEO_BASSINS: len(bassins_of.keys() - communes.keys()),
        sources.GEO_POINTS: len(points_of.keys() - communes.keys()),
    }
    return Geography(communes, links, zone_names, bassins, departements, ignored)
