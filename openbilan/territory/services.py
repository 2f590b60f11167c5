"""Writes of the territory domain: importing the geography and the hiring-demand files, and setting a person's place."""

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from openbilan.accounts.models import User
from openbilan.referential.sources import Message, SourceError, gettext_noop
from openbilan.territory import dataset, importer, sources
from openbilan.territory.errors import (
    CommuneNotInPostcode,
    InvalidJobLevel,
    InvalidTravel,
    TerritoryImportError,
    UnknownCommune,
)
from openbilan.territory.models import (
    Commune,
    FapFamily,
    HiringDemand,
    JobLevel,
    PersonPlace,
    PostcodeCommune,
    RomeFap,
    SourceFile,
)

# Change it when what the importer makes of the same files changes, so that `load_reference_data` re-imports them.
PIPELINE_VERSION = "territory-pipeline-1"
GEO_KEY = "geo"
MAX_TRAVEL_KM = 200
GEO_FILE_NAMES = {
    sources.GEO_POSTCODES: gettext_noop("codes postaux de La Poste"),
    sources.GEO_POINTS: gettext_noop("coordonnées des communes"),
    sources.GEO_BASSINS: gettext_noop("communes et bassins BMO"),
    sources.GEO_ZONES: gettext_noop("zones d'emploi 2020 de l'INSEE"),
}


@dataclass
class FileReport:
    """What happened to one file: imported, unchanged (skipped) or only checked (dry run)."""

    name: str
    role: str
    status: str  # "imported", "unchanged", "checked"
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    files: list[FileReport]
    seconds: float

    @property
    def changed(self) -> bool:
        return any(f.status == "imported" for f in self.files)


def _ledger() -> dict[str, str]:
    return dict(SourceFile.objects.values_list("key", "checksum"))


def _record(key: str, name: str, checksum: str, seconds: float, counts: dict) -> None:
    SourceFile.objects.update_or_create(
        key=key, defaults={"name": name[:300], "checksum": checksum, "seconds": round(seconds, 2), "counts": counts}
    )


# --- geography ------------------------------------------------------------------------------------------------------


def _locate_geo(directory: Path) -> dict[str, sources.Located]:
    found = {item.role: item for item in sources.locate(Path(directory), sources.GEO_ROLES)}
    for role in sources.GEO_ROLES:
        if role not in found:
            raise SourceError(
                str(directory),
                None,
                gettext_noop("fichier introuvable : %(what)s"),
                what=Message(GEO_FILE_NAMES[role], {}),
            )
    return found


def import_geo(*, directory: Path, dry_run: bool = False, force: bool = False) -> ImportReport:
    """Import the four geography files from `directory`: all or nothing, skipped when the same files were imported."""
    started = time.perf_counter()
    try:
        found = _locate_geo(directory)
        checksum = _combined_checksum(found)
        if not force and not dry_run and _ledger().get(GEO_KEY) == checksum:
            return ImportReport([FileReport(found[r].name, r, "unchanged") for r in sources.GEO_ROLES], 0.0)
        read = {role: (found[role].name, sources.read_geo(found[role])) for role in sources.GEO_ROLES}
        geo = dataset.build_geography(read)
    except SourceError as error:
        raise TerritoryImportError(error) from error
    counts = {
        sources.GEO_POSTCODES: {"rows": len(read[sources.GEO_POSTCODES][1]), "communes": len(geo.communes)},
        sources.GEO_POINTS: {
            "rows": len(read[sources.GEO_POINTS][1]),
            "located": sum(1 for c in geo.communes.values() if c.latitude is not None),
        },
        sources.GEO_BASSINS: {
            "rows": len(read[sources.GEO_BASSINS][1]),
            "bassins": len(geo.bassins),
            "ignored": geo.ignored[sources.GEO_BASSINS],
        },
        sources.GEO_ZONES: {"rows": len(read[sources.GEO_ZONES][1]), "zones": len(geo.zones)},
    }
    if dry_run:
        reports = [FileReport(found[r].name, r, "checked", counts[r]) for r in sources.GEO_ROLES]
        return ImportReport(reports, time.perf_counter() - started)
    with transaction.atomic():
        changes = importer.write_geography(geo)
        seconds = time.perf_counter() - started
        _record(GEO_KEY, ", ".join(found[r].name for r in sources.GEO_ROLES), checksum, seconds, changes)
    counts[sources.GEO_POSTCODES].update(changes)
    return ImportReport([FileReport(found[r].name, r, "imported", counts[r]) for r in sources.GEO_ROLES], seconds)


def _combined_checksum(found: dict[str, sources.Located]) -> str:
    digest = hashlib.sha256()
    for role in sources.GEO_ROLES:
        digest.update(found[role].checksum(PIPELINE_VERSION).encode())
    return digest.hexdigest()


# --- FAP labels, crosswalk, BMO surveys -----------------------------------------------------------------------------


def _stored_fap_codes(level: int) -> set[str]:
    return set(FapFamily.objects.filter(level=level).values_list("code", flat=True))


def _check_labels_keep_stored_codes(entries: dict, name: str, crosswalk_changing: bool) -> None:
    """New labels must still name every FAP code the stored crosswalk and surveys use."""
    detailed = {code for level, code in entries if level == 341}
    families = {code for level, code in entries if level == 228}
    if not crosswalk_changing:
        missing = set(RomeFap.objects.values_list("fap_code", flat=True).distinct()) - detailed
        if missing:
            raise SourceError(
                name,
                None,
                gettext_noop("codes FAP utilisés par la table de passage absents : %(codes)s"),
                codes=", ".join(sorted(missing)[:10]),
            )
    missing = set(HiringDemand.objects.values_list("family", flat=True).distinct()) - families
    if missing:
        raise SourceError(
            name,
            None,
            gettext_noop("familles FAP utilisées par les enquêtes BMO absentes : %(codes)s"),
            codes=", ".join(sorted(missing)[:10]),
        )


def import_labour_market(*, directory: Path, dry_run: bool = False, force: bool = False) -> ImportReport:
    """Import the FAP 2021 labels, DARES's crosswalk and any BMO surveys found in `directory`.

    Each file is skipped when the same file was imported last time for its role (one role per survey year); the
    others are read and checked completely, then written in one transaction. A survey coded in FAP 2009 is refused.
    """
    started = time.perf_counter()
    try:
        located = sources.locate(Path(directory), sources.LABOUR_ROLES)
        if not located:
            raise SourceError(
                str(directory), None, gettext_noop("aucun fichier BMO, table de passage ou intitulés FAP reconnu")
            )
        ledger = _ledger()
        checksums = {item.key: item.checksum(PIPELINE_VERSION) for item in located}
        pending = [item for item in located if force or dry_run or ledger.get(item.key) != checksums[item.key]]
        if not pending:
            return ImportReport([FileReport(item.name, item.role, "unchanged") for item in located], 0.0)
        by_role = {item.role: item for item in located if item.role != sources.BMO}
        labels_file = by_role.get(sources.FAP_LABELS)
        fap = None
        if labels_file is not None:
            fap = dataset.build_fap(sources.read_fap_labels(labels_file), labels_file.name)
            detailed = {code for level, code in fap if level == 341}
            families = {code for level, code in fap if level == 228}
        else:
            detailed, families = _stored_fap_codes(341), _stored_fap_codes(228)
        if not detailed:
            raise SourceError(
                str(directory),
                None,
                gettext_noop(
                    "les intitulés FAP 2021 manquent : ajoutez le fichier des intitulés (ou l'arborescence "
                    "de la DARES) au dossier"
                ),
            )
        work = {}
        counts: dict[str, dict] = {}
        for item in pending:
            if item.role == sources.FAP_LABELS:
                _check_labels_keep_stored_codes(fap, item.name, sources.CROSSWALK in {p.role for p in pending})
                work[item.key] = fap
                counts[item.key] = {
                    "codes": len(fap),
                    "families": len(families),
                }
            elif item.role == sources.CROSSWALK:
                entries = dataset.build_crosswalk(sources.read_crosswalk(item), item.name, detailed)
                work[item.key] = entries
                counts[item.key] = {
                    "rows": len(entries),
                    "rome_codes": len({e.rome for e in entries}),
                    "families": len({e.family for e in entries}),
                }
            else:
                vintage = dataset.build_vintage(sources.read_bmo(item), families)
                work[item.key] = vintage
                counts[item.key] = {
                    "year": vintage.year,
                    "rows": vintage.rows,
                    "bassins": len(vintage.bassins),
                    "families": len(vintage.families),
                    "secret": sum(1 for d in vintage.demand if d.figures.projects.value is None),
                }
    except SourceError as error:
        raise TerritoryImportError(error) from error
    if not dry_run:
        with transaction.atomic():
            for item in pending:
                if item.role == sources.FAP_LABELS:
                    importer.write_fap(work[item.key])
                elif item.role == sources.CROSSWALK:
                    importer.write_crosswalk(work[item.key])
                else:
                    importer.write_survey(work[item.key])
            seconds = time.perf_counter() - started
            for item in pending:
                _record(item.key, item.name, checksums[item.key], seconds, counts[item.key])
    status = "checked" if dry_run else "imported"
    reports = [
        FileReport(item.name, item.role, status, counts[item.key])
        if item in pending
        else FileReport(item.name, item.role, "unchanged")
        for item in located
    ]
    return ImportReport(reports, time.perf_counter() - started)


def is_up_to_date(*, directory: Path) -> bool:
    """True when every geography and labour-market file in `directory` is the one last imported (about 50 ms)."""
    try:
        ledger = _ledger()
        located = sources.locate(Path(directory), sources.LABOUR_ROLES + sources.GEO_ROLES)
    except SourceError:
        return False
    geo = {item.role: item for item in located if item.role in sources.GEO_ROLES}
    if geo and (len(geo) != len(sources.GEO_ROLES) or ledger.get(GEO_KEY) != _combined_checksum(geo)):
        return False
    return all(
        ledger.get(item.key) == item.checksum(PIPELINE_VERSION) for item in located if item.role in sources.LABOUR_ROLES
    )


SENTENCES = {
    sources.BMO: gettext_noop(
        "enquête BMO %(year)d — lignes : %(rows)d, bassins : %(bassins)d, familles : %(families)d, chiffres de "
        "bassin en partie non diffusés : %(secret)d"
    ),
    sources.CROSSWALK: gettext_noop(
        "table de passage ROME → FAP 2021 — lignes : %(rows)d, codes ROME : %(rome_codes)d, familles BMO : %(families)d"
    ),
    sources.FAP_LABELS: gettext_noop("intitulés FAP 2021 — codes : %(codes)d, dont familles BMO : %(families)d"),
    sources.GEO_POSTCODES: gettext_noop("codes postaux — lignes : %(rows)d, communes : %(communes)d"),
    sources.GEO_POINTS: gettext_noop("coordonnées — lignes : %(rows)d, communes situées : %(located)d"),
    sources.GEO_BASSINS: gettext_noop(
        "bassins BMO — lignes : %(rows)d, bassins : %(bassins)d, anciennes communes ignorées : %(ignored)d"
    ),
    sources.GEO_ZONES: gettext_noop("zones d'emploi 2020 — lignes : %(rows)d, zones : %(zones)d"),
}


def describe_report(report: ImportReport) -> list[str]:
    """One line per file (what it holds, what happened to it), then the time: what the import commands print."""
    lines = []
    for item in report.files:
        if item.status == "unchanged":
            lines.append(gettext("%(name)s : inchangé depuis le dernier import, ignoré.") % {"name": item.name})
            continue
        status = gettext("importé") if item.status == "imported" else gettext("vérifié, rien n'est écrit")
        lines.append(
            gettext("%(name)s : %(what)s — %(status)s.")
            % {"name": item.name, "what": gettext(SENTENCES[item.role]) % item.counts, "status": status}
        )
    lines.append(gettext("Durée : %(seconds).1f s.") % {"seconds": report.seconds})
    return lines


# --- the person's place ---------------------------------------------------------------------------------------------


@transaction.atomic
def set_place(
    *, person: User, postcode: str, commune_code: str, travel_km: int | None = None, job_level: str = ""
) -> PersonPlace:
    """Record where the person lives (a commune of the postcode they gave), how far they can travel and the level of
    job they aim at. Raises a ValidationError subclass (errors.py) with a message for the person."""
    commune = Commune.objects.filter(insee_code=commune_code, is_active=True).first()
    if commune is None:
        raise UnknownCommune()
    if not PostcodeCommune.objects.filter(postcode=postcode, commune=commune).exists():
        raise CommuneNotInPostcode()
    if travel_km is not None and not 1 <= travel_km <= MAX_TRAVEL_KM:
        raise InvalidTravel(MAX_TRAVEL_KM)
    if job_level and job_level not in JobLevel.values:
        raise InvalidJobLevel()
    place, _created = PersonPlace.objects.update_or_create(
        person=person,
        defaults={"postcode": postcode, "commune": commune, "travel_km": travel_km, "job_level": job_level},
    )
    return place


@transaction.atomic
def clear_place(*, person: User) -> bool:
    """Forget the person's place. True when there was one."""
    deleted, _per_model = PersonPlace.objects.filter(person=person).delete()
    return bool(deleted)
