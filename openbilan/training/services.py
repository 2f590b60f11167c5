"""Writes of the training domain: importing the RNCP/RS export (with its title sources) and LHEO training offers."""

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from openbilan.referential.models import DomaineProfessionnel, GrandDomaine, Occupation
from openbilan.referential.sources import SourceError, gettext_noop
from openbilan.tablesync import Change
from openbilan.training import catalogue, importer, lheo, offers, rncp, titles
from openbilan.training.errors import CertificationImportError, OfferImportError
from openbilan.training.models import (
    Action,
    Bloc,
    Certification,
    CertificationImport,
    CertificationRomeCode,
    Certifier,
    Formation,
    FormationCertification,
    OfferFeed,
    Replacement,
    Session,
    Status,
)

# Change it when the pipeline's output changes, so that `load_reference_data` re-imports unchanged files.
PIPELINE_VERSION = "certifications-pipeline-1"
SHOWN_WARNINGS = 20


@dataclass
class ImportReport:
    export_date: datetime.date
    checksum: str
    seconds: float
    counts: dict[str, int]
    coverage: dict[str, dict[str, int]]
    title_sources: list[tuple[str, str]]
    changes: dict[str, Change] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    rome_checked: bool = True
    written: bool = True


@dataclass
class Release:
    export: rncp.Export
    sources: titles.Sources
    catalogue: catalogue.Catalogue
    title_files: list[rncp.SourceFile]


def _source_files(paths) -> list[rncp.SourceFile]:
    files = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise SourceError(str(path), None, gettext_noop("ce fichier n'existe pas"))
        files.append(rncp.SourceFile(path.name, path))
    return files


def read_release(*, path: Path, title_files=()) -> Release:
    """Find, parse and validate the export and the title sources, in memory. Raises CertificationImportError."""
    try:
        export = rncp.locate_export(Path(path))
        rows = {role: rncp.read_csv(role, source) for role, source in export.files.items()}
        files = _source_files(title_files)
        sources = titles.read_sources(files)
        return Release(export, sources, catalogue.build_catalogue(export, rows, sources), files)
    except SourceError as error:
        raise CertificationImportError(error) from error


def _checksum(export: rncp.Export, title_files: list[rncp.SourceFile]) -> str:
    parts = sorted(export.files.items()) + [(f"titles{index}", f) for index, f in enumerate(title_files)]
    return rncp.checksum(parts, PIPELINE_VERSION)


def refresh_statistics(*models) -> None:
    """After a bulk import, PostgreSQL's planner still has the statistics of the tables before it and may scan them
    whole: ANALYZE them (autovacuum would, later). Nothing to do on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def _rome_warnings(data: catalogue.Catalogue) -> tuple[list[str], int, bool]:
    """Links to ROME codes the loaded referential does not know: kept, and listed line by line in the report."""
    codes = set(Occupation.objects.values_list("code_rome", flat=True))
    if not codes:
        return [gettext("Liens ROME non vérifiés : le référentiel ROME n'est pas chargé.")], 0, False
    codes |= set(Occupation.objects.values_list("parent_code", flat=True))
    domaines = set(DomaineProfessionnel.objects.values_list("code", flat=True))
    grands = set(GrandDomaine.objects.values_list("code", flat=True))
    unknown = []
    for (certification, code), scope in sorted(data.rome_codes.items(), key=lambda item: data.rome_lines[item[0]]):
        known = code in codes if scope == "code" else code[:3] in domaines if scope == "domaine" else code[:1] in grands
        if not known:
            unknown.append(
                gettext("%(file)s, ligne %(line)d : code ROME « %(code)s » inconnu du ROME chargé (lien conservé)")
                % {"file": data.rome_file, "line": data.rome_lines[(certification, code)], "code": code}
            )
    return unknown[:SHOWN_WARNINGS], len(unknown), True


def _counts() -> dict[str, int]:
    return {
        "certifications": Certification.objects.count(),
        "current": Certification.objects.filter(status=Status.CURRENT).count(),
    }


def import_certifications(*, path: Path, title_files=(), dry_run: bool = False) -> ImportReport:
    """Import the RNCP/RS export found at `path` (its zip, or the folder of its CSV files), with the title sources
    `title_files` (newest first) for what the export's Standard file would give. All or nothing, idempotent (keyed
    on the certification codes). With dry_run=True the files are only checked."""
    started = time.perf_counter()
    release = read_release(path=path, title_files=title_files)
    data = release.catalogue
    checksum = _checksum(release.export, release.title_files)
    warnings, warning_count, rome_checked = _rome_warnings(data)
    report = ImportReport(
        export_date=data.export_date,
        checksum=checksum,
        seconds=0.0,
        counts={"certifications": len(data.certifications), "current": data.coverage["status"].get("current", 0)},
        coverage=data.coverage,
        title_sources=[(source.key, source.name) for source in release.sources.titles],
        warnings=warnings,
        warning_count=warning_count,
        rome_checked=rome_checked,
        written=not dry_run,
    )
    if dry_run:
        report.seconds = time.perf_counter() - started
        return report
    with transaction.atomic():
        report.changes = importer.write(data)
        report.counts = _counts()
        report.seconds = time.perf_counter() - started
        CertificationImport.objects.create(
            checksum=checksum,
            export_date=data.export_date,
            source=str(path)[:300],
            files={role: source.name for role, source in release.export.files.items()},
            title_sources=[list(pair) for pair in report.title_sources],
            seconds=round(report.seconds, 2),
            counts={**report.counts, "coverage": data.coverage},
        )
    if any(report.changes.values()):
        refresh_statistics(Certification, CertificationRomeCode, Bloc, Certifier, Replacement)
    return report


def is_imported(*, path: Path, title_files=()) -> bool:
    """True when the last import used exactly these files (same checksum) and its certifications are still there."""
    try:
        export = rncp.locate_export(Path(path))
        checksum = _checksum(export, _source_files(title_files))
    except SourceError:
        return False
    last = CertificationImport.objects.first()
    return last is not None and last.checksum == checksum and Certification.objects.exists()


def describe_certification_report(report: ImportReport) -> list[str]:
    """The lines the import command prints: the export's date, counts, where titles came from, changes, warnings."""

    def share(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}" if whole else "0.0"

    coverage = report.coverage
    total = sum(coverage.get("status", {}).values())
    lines = [
        gettext("Export RNCP/RS du %(date)s, empreinte %(checksum)s.")
        % {"date": report.export_date.strftime("%d/%m/%Y"), "checksum": report.checksum[:12]},
        gettext("Certifications : %(total)d (en vigueur : %(current)d, remplacées : %(replaced)d, "
                "inactives : %(inactive)d, échues : %(expired)d).")
        % {
            "total": total,
            **{key: coverage.get("status", {}).get(key, 0) for key in ("current", "replaced", "inactive", "expired")},
        },
    ]  # fmt: skip
    linked = coverage.get("linked", {})
    lines.append(
        gettext(
            "Liées à un métier : %(linked)d, dont %(titled)d avec un intitulé (%(percent)s %%) ; en vigueur : "
            "%(current)d, dont %(current_titled)d avec un intitulé."
        )
        % {
            "linked": linked.get("total", 0),
            "titled": linked.get("titled", 0),
            "percent": share(linked.get("titled", 0), linked.get("total", 0)),
            "current": linked.get("current", 0),
            "current_titled": linked.get("current_titled", 0),
        }
    )
    for field_name, label in (
        ("title_source", gettext("Intitulés")),
        ("level_source", gettext("Niveaux")),
        ("active_source", gettext("État actif/inactif")),
    ):
        parts = ", ".join(f"{key} {count}" for key, count in sorted(coverage.get(field_name, {}).items()))
        lines.append(gettext("%(label)s par source : %(parts)s.") % {"label": label, "parts": parts})
    if report.written:
        changed = ", ".join(
            f"{table} +{c.created} ~{c.updated} -{c.removed}" for table, c in report.changes.items() if c
        )
        lines.append(gettext("Modifications : %(changes)s.") % {"changes": changed or gettext("aucune")})
    lines.extend(report.warnings)
    if report.warning_count > len(report.warnings):
        lines.append(
            ngettext(
                "… et %(count)d autre lien ROME inconnu.",
                "… et %(count)d autres liens ROME inconnus.",
                report.warning_count - len(report.warnings),
            )
            % {"count": report.warning_count - len(report.warnings)}
        )
    lines.append(gettext("Durée : %(seconds).1f s.") % {"seconds": report.seconds})
    return lines


# --- training offers (LHEO) ------------------------------------------------------------------------------------


@dataclass
class OfferReport:
    feed: str
    lheo_version: str
    checksum: str
    seconds: float
    counts: dict[str, int]
    unknown_certifications: list[str] = field(default_factory=list)
    skipped: bool = False
    written: bool = True


def read_offers(*, raw: bytes, name: str) -> lheo.Feed:
    """Validate the LHEO file against the schema and parse it, in memory. Raises OfferImportError."""
    try:
        return lheo.parse_feed(raw, name)
    except SourceError as error:
        raise OfferImportError(error) from error


def import_training_offers(
    *, path: Path, key: str, label: str = "", is_demo: bool = False, dry_run: bool = False, raw: bytes | None = None
) -> OfferReport:
    """Import one LHEO 2.2 or 2.3 file as the feed `key`: everything the feed held before is replaced, in one
    transaction. The file is validated against the LHEO 2.3 schema first. Skipped when the feed already holds
    exactly this file."""
    started = time.perf_counter()
    path = Path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise OfferImportError(
                SourceError(str(path), None, gettext_noop("lecture impossible (%(error)s)"), error=str(error))
            ) from error
    checksum = hashlib.sha256(PIPELINE_VERSION.encode() + b"\0" + raw).hexdigest()
    existing = OfferFeed.objects.filter(key=key).first()
    if existing is not None and existing.checksum == checksum and existing.is_demo == is_demo and not dry_run:
        return OfferReport(key, existing.lheo_version, checksum, 0.0, existing.counts, skipped=True, written=False)
    feed = read_offers(raw=raw, name=path.name)
    known = set(Certification.objects.filter(code__in=feed.certification_codes()).values_list("code", flat=True))
    unknown = sorted(feed.certification_codes() - known)
    if dry_run:
        return OfferReport(
            key, feed.version, checksum, time.perf_counter() - started, feed.counts(), unknown, written=False
        )
    with transaction.atomic():
        counts = offers.write(
            feed,
            key=key,
            label=label or key,
            is_demo=is_demo,
            checksum=checksum,
            source=str(path)[:300],
            imported_at=timezone.now(),
        )
    refresh_statistics(Session, Action, Formation, FormationCertification)
    return OfferReport(key, feed.version, checksum, time.perf_counter() - started, counts, unknown)


def describe_offer_report(report: OfferReport) -> list[str]:
    if report.skipped:
        return [gettext("Flux « %(feed)s » déjà à jour (même fichier).") % {"feed": report.feed}]
    counts = report.counts
    lines = [
        gettext(
            "Flux « %(feed)s » (LHEO %(version)s) — organismes : %(organisations)d, formations : %(formations)d, "
            "actions : %(actions)d, sessions : %(sessions)d."
        )
        % {"feed": report.feed, "version": report.lheo_version, **counts}
    ]
    if report.unknown_certifications:
        lines.append(
            gettext("Certifications absentes du répertoire chargé : %(codes)s.")
            % {"codes": ", ".join(report.unknown_certifications[:SHOWN_WARNINGS])}
        )
    if not report.written:
        lines.append(gettext("Vérification seule : rien n'a été enregistré."))
    lines.append(gettext("Durée : %(seconds).1f s.") % {"seconds": report.seconds})
    return lines
