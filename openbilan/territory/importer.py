"""Write checked data (dataset.py) to the database. Called by services inside one transaction.

Places are updated in place, keyed on their official codes, because people's places point at communes: a commune
that leaves the files is marked inactive, never deleted. The FAP labels, the crosswalk and each survey year are
replaced whole (nothing points at them but their own rows).
"""

from django.db import connection
from django.db.models import Q

from openbilan.territory.dataset import CrosswalkEntry, FapEntry, Geography, Vintage
from openbilan.territory.models import (
    Bassin,
    BmoSurvey,
    Commune,
    Departement,
    FapFamily,
    HiringDemand,
    PostcodeCommune,
    Region,
    RomeFap,
    ZoneEmploi,
)

BATCH = 2000


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs with executemany: about ten times faster than bulk_create for the 50,000 rows of a survey, with
    no model instance built per row. Columns are database column names; the values are already clean."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _ensure_regions(codes: set[str]) -> dict[str, int]:
    codes = {code for code in codes if code}
    known = dict(Region.objects.values_list("code", "pk"))
    missing = sorted(codes - known.keys())
    Region.objects.bulk_create([Region(code=code) for code in missing])
    return dict(Region.objects.values_list("code", "pk"))


def _ensure_departements(wanted: dict[str, str], regions: dict[str, int]) -> dict[str, int]:
    """Create or re-attach départements (code -> region code); their names come from the BMO survey."""
    stored = {d.code: d for d in Departement.objects.all()}
    to_create, to_update = [], []
    for code, region in wanted.items():
        region_id = regions.get(region)
        current = stored.get(code)
        if current is None:
            to_create.append(Departement(code=code, region_id=region_id))
        elif region_id and current.region_id != region_id:
            current.region_id = region_id
            to_update.append(current)
    Departement.objects.bulk_create(to_create)
    Departement.objects.bulk_update(to_update, ["region"])
    return dict(Departement.objects.values_list("code", "pk"))


def write_geography(geo: Geography) -> dict[str, int]:
    """Upsert régions, départements, zones, bassins, communes and postcodes. Returns counts of what changed."""
    regions = _ensure_regions(
        set(geo.departements.values())
        | {c.region for c in geo.communes.values()}
        | {b[1] for b in geo.bassins.values()}
    )
    wanted_departements = dict(geo.departements)
    for commune in geo.communes.values():
        wanted_departements.setdefault(commune.departement, commune.region)
    departements = _ensure_departements(wanted_departements, regions)

    stored_zones = {z.code: z for z in ZoneEmploi.objects.all()}
    new_zones = [ZoneEmploi(code=code, name=name) for code, name in geo.zones.items() if code not in stored_zones]
    changed_zones = []
    for code, zone in stored_zones.items():
        name, active = geo.zones.get(code, zone.name), code in geo.zones
        if (zone.name, zone.is_active) != (name, active):
            zone.name, zone.is_active = name, active
            changed_zones.append(zone)
    ZoneEmploi.objects.bulk_create(new_zones, batch_size=BATCH)
    ZoneEmploi.objects.bulk_update(changed_zones, ["name", "is_active"], batch_size=BATCH)
    zones = dict(ZoneEmploi.objects.values_list("code", "pk"))

    stored_bassins = {b.code: b for b in Bassin.objects.all()}
    new_bassins, changed_bassins = [], []
    for code, (name, region, departement) in geo.bassins.items():
        values = {"region_id": regions.get(region), "departement_id": departements.get(departement)}
        bassin = stored_bassins.get(code)
        if bassin is None:
            new_bassins.append(Bassin(code=code, name=name, **values))
            continue
        if bassin.name_year is None:  # a name from a BMO survey wins over the geography file's
            values["name"] = name
        if any(getattr(bassin, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(bassin, key, value)
            changed_bassins.append(bassin)
    Bassin.objects.bulk_create(new_bassins, batch_size=BATCH)
    Bassin.objects.bulk_update(changed_bassins, ["name", "region", "departement"], batch_size=BATCH)
    bassins = dict(Bassin.objects.values_list("code", "pk"))

    fields = ["name", "departement_id", "bassin_id", "zone_emploi_id", "latitude", "longitude", "is_active"]
    stored = {row["insee_code"]: row for row in Commune.objects.values("pk", "insee_code", *fields)}
    new_communes, changed_communes = [], []
    for insee, data in geo.communes.items():
        values = {
            "name": data.name,
            "departement_id": departements[data.departement],
            "bassin_id": bassins.get(data.bassin),
            "zone_emploi_id": zones.get(data.zone),
            "latitude": data.latitude,
            "longitude": data.longitude,
            "is_active": True,
        }
        current = stored.get(insee)
        if current is None:
            new_communes.append(Commune(insee_code=insee, **values))
        elif any(current[key] != value for key, value in values.items()):
            changed_communes.append(Commune(pk=current["pk"], insee_code=insee, **values))
    gone = [row["pk"] for insee, row in stored.items() if insee not in geo.communes and row["is_active"]]
    Commune.objects.bulk_create(new_communes, batch_size=BATCH)
    Commune.objects.bulk_update(changed_communes, [f.removesuffix("_id") for f in fields], batch_size=BATCH)
    for start in range(0, len(gone), BATCH):
        Commune.objects.filter(pk__in=gone[start : start + BATCH]).update(is_active=False)

    communes = dict(Commune.objects.values_list("insee_code", "pk"))
    wanted_links = {(postcode, communes[insee]) for postcode, insee in geo.postcodes}
    stored_links = {(p, c): pk for pk, p, c in PostcodeCommune.objects.values_list("pk", "postcode", "commune_id")}
    stale = [pk for key, pk in stored_links.items() if key not in wanted_links]
    for start in range(0, len(stale), BATCH):
        PostcodeCommune.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    _insert(PostcodeCommune, ["postcode", "commune_id"], sorted(wanted_links - stored_links.keys()))
    return {
        "communes_created": len(new_communes),
        "communes_updated": len(changed_communes),
        "communes_deactivated": len(gone),
        "postcodes_created": len(wanted_links - stored_links.keys()),
        "postcodes_removed": len(stale),
        "zones_created": len(new_zones),
        "bassins_created": len(new_bassins),
    }


def write_fap(entries: dict[tuple[int, str], FapEntry]) -> None:
    FapFamily.objects.all().delete()
    FapFamily.objects.bulk_create(
        [FapFamily(level=e.level, code=e.code, label=e.label, parent_code=e.parent) for e in entries.values()],
        batch_size=BATCH,
    )


def write_crosswalk(entries: list[CrosswalkEntry]) -> None:
    RomeFap.objects.all().delete()
    _insert(
        RomeFap,
        ["rome_code", "qualification", "fap_code", "family"],
        [(e.rome, e.qualification, e.fap, e.family) for e in entries],
    )


def _name_areas(vintage: Vintage) -> None:
    """Régions, départements and bassins take the names of the latest survey that lists them."""
    year = vintage.year
    fresh = Q(name_year__isnull=True) | Q(name_year__lte=year)
    regions = _ensure_regions(set(vintage.regions) | {d[1] for d in vintage.departements.values()})
    for code, name in vintage.regions.items():
        Region.objects.filter(fresh, code=code).update(name=name, name_year=year)
    departements = _ensure_departements({code: region for code, (_n, region) in vintage.departements.items()}, regions)
    for code, (name, _region) in vintage.departements.items():
        Departement.objects.filter(fresh, code=code).update(name=name, name_year=year)
    stored = {b.code: b for b in Bassin.objects.all()}
    new, changed = [], []
    for code, (name, region, departement) in vintage.bassins.items():
        bassin = stored.get(code)
        if bassin is None:
            new.append(
                Bassin(
                    code=code,
                    name=name,
                    name_year=year,
                    region_id=regions.get(region),
                    departement_id=departements.get(departement),
                )
            )
        elif bassin.name_year is None or bassin.name_year <= year:
            bassin.name, bassin.name_year = name, year
            bassin.region_id = bassin.region_id or regions.get(region)
            bassin.departement_id = bassin.departement_id or departements.get(departement)
            changed.append(bassin)
    Bassin.objects.bulk_create(new, batch_size=BATCH)
    Bassin.objects.bulk_update(changed, ["name", "name_year", "region", "departement"], batch_size=BATCH)


def write_survey(vintage: Vintage) -> BmoSurvey:
    """Replace one survey year whole."""
    BmoSurvey.objects.filter(year=vintage.year).delete()
    survey = BmoSurvey.objects.create(
        year=vintage.year,
        source=vintage.name[:300],
        rows=vintage.rows,
        families=vintage.families,
        bassins=sorted(vintage.bassins),
    )
    columns = ["survey_id", "family", "bassin_code", "region_code", "projects", "projects_published", "difficult"]
    columns += ["difficult_published", "seasonal", "seasonal_published", "level"]
    _insert(
        HiringDemand,
        columns,
        [
            (
                survey.pk,
                d.family,
                d.bassin,
                d.region,
                d.figures.projects.value,
                d.figures.projects.floor,
                d.figures.difficult.value,
                d.figures.difficult.floor,
                d.figures.seasonal.value,
                d.figures.seasonal.floor,
                d.level,
            )
            for d in vintage.demand
        ],
    )
    _name_areas(vintage)
    return survey
