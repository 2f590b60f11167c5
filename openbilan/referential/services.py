"""Writes of the referential domain: importing a ROME / O*NET / ESCO release."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from openbilan.referential import dataset, importer, sources
from openbilan.referential.models import (
    Appellation,
    CentreInteret,
    Mobility,
    Occupation,
    OccupationSkill,
    OccupationWorkContext,
    ReferentialImport,
    SearchTitle,
)

# Change it when the pipeline's output changes, so that `load_reference_data` re-imports unchanged files.
PIPELINE_VERSION = "referential-pipeline-2"  # 2: O*NET codes named in French through ESCO


class ReferentialImportError(Exception):
    """The files cannot be imported; the message names the file, the line and the reason (translated)."""

    def __init__(self, error: sources.SourceError):
        self.source_error = error
        super().__init__(error.describe(gettext))


@dataclass
class ImportReport:
    rome_version: str
    checksum: str
    seconds: float
    counts: dict[str, int]
    changes: dict[str, importer.Change] = field(default_factory=dict)
    interest_coverage: dict[str, int] = field(default_factory=dict)
    values_coverage: dict[str, int] = field(default_factory=dict)
    written: bool = True

    @property
    def changed(self) -> bool:
        return any(self.changes.values())


def _counts() -> dict[str, int]:
    return {
        "occupations": Occupation.objects.filter(is_active=True).count(),
        "appellations": Appellation.objects.filter(is_active=True).count(),
        "search_titles": SearchTitle.objects.count(),
        "centres": CentreInteret.objects.count(),
        "skill_links": OccupationSkill.objects.count(),
        "context_links": OccupationWorkContext.objects.count(),
        "mobilities": Mobility.objects.count(),
    }


def read_release(directory: Path) -> tuple[sources.Located, dataset.Dataset]:
    """Find, parse and validate every file of a release, in memory. Raises ReferentialImportError."""
    try:
        located = sources.locate(Path(directory))
        rows = sources.read_all(located)
        names = {key: located.name(key) for key in located.files}
        return located, dataset.build_dataset(rows, names, located.rome_version)
    except sources.SourceError as error:
        raise ReferentialImportError(error) from error


def import_referential(*, directory: Path, dry_run: bool = False) -> ImportReport:
    """Import a release from `directory` (official layouts): all or nothing, idempotent, keyed on the codes.

    Everything is read and validated before the first write; the writes run in one transaction.
    With dry_run=True the files are only checked.
    """
    started = time.perf_counter()
    located, data = read_release(directory)
    checksum = located.checksum(PIPELINE_VERSION)
    if dry_run:
        return ImportReport(
            rome_version=data.rome_version,
            checksum=checksum,
            seconds=time.perf_counter() - started,
            counts={
                "occupations": len(data.occupations),
                "appellations": len(data.appellations),
                "centres": len(data.centres),
                "mobilities": len(data.mobilities),
            },
            interest_coverage=data.interest_coverage,
            values_coverage=data.values_coverage,
            written=False,
        )
    with transaction.atomic():
        changes = importer.write(data)
        counts = _counts()
        seconds = time.perf_counter() - started
        ReferentialImport.objects.create(
            checksum=checksum,
            rome_version=data.rome_version,
            source=str(directory)[:300],
            seconds=round(seconds, 2),
            counts=counts,
            coverage={"interests": data.interest_coverage, "work_values": data.values_coverage},
        )
    return ImportReport(
        rome_version=data.rome_version,
        checksum=checksum,
        seconds=seconds,
        counts=counts,
        changes=changes,
        interest_coverage=data.interest_coverage,
        values_coverage=data.values_coverage,
    )


def is_imported(*, directory: Path) -> bool:
    """True when the last import used exactly these files (same checksum) and its occupations are still there."""
    try:
        checksum = sources.locate(Path(directory)).checksum(PIPELINE_VERSION)
    except sources.SourceError:
        return False
    last = ReferentialImport.objects.first()
    return last is not None and last.checksum == checksum and Occupation.objects.filter(is_active=True).exists()


def describe_report(report: ImportReport) -> list[str]:
    """The lines the import commands print: version, counts, changes, profile coverage, time."""

    def share(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}" if whole else "0.0"

    lines = [
        gettext("ROME version %(version)s, empreinte %(checksum)s.")
        % {"version": report.rome_version, "checksum": report.checksum[:12]}
    ]
    lines.append(
        gettext(
            "Métiers : %(occupations)d ; appellations : %(appellations)d ; centres d'intérêt : %(centres)d ; "
            "mobilités : %(mobilities)d."
        )
        % {key: report.counts.get(key, 0) for key in ("occupations", "appellations", "centres", "mobilities")}
    )
    if report.written:
        changed = ", ".join(
            f"{table} +{c.created} ~{c.updated} -{c.removed}" for table, c in report.changes.items() if c
        )
        lines.append(gettext("Modifications : %(changes)s.") % {"changes": changed or gettext("aucune")})
    for label, cov in (
        (gettext("Profil d'intérêts O*NET"), report.interest_coverage),
        (gettext("Valeurs de travail O*NET"), report.values_coverage),
    ):
        if cov:
            lines.append(
                gettext(
                    "%(label)s, codes couverts : %(profiled)d sur %(total)d (%(percent)s %%) — direct %(direct)d, "
                    "fiche parente %(parent)d, fiches sœurs %(siblings)d, aucun %(none)d."
                )
                % {**cov, "label": label, "percent": share(cov["profiled"], cov["total"])}
            )
    lines.append(gettext("Durée : %(seconds).1f s.") % {"seconds": report.seconds})
    return lines
