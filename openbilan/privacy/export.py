"""Right of access and portability (GDPR art. 15 and 20): everything about a person, as a ZIP of JSON and CSV,
with the synthesis PDF and the files sent in their messages.

Each domain owns its part in its own `export.py` (found like erasure finds its models, by looking, so a domain added
later is covered without editing this file): `NAME`, the JSON file's name in the ZIP; `part(person)`, a dict of
JSON-ready data, each list of which is also written as a CSV file; optionally `add_files(person, archive)`, which
writes the domain's files into the ZIP and returns what to add to its part. This module is the privacy domain's own
`export.py` too (consents and access log), and imports no other domain."""

import io
import json
import zipfile
from collections.abc import Iterator
from types import ModuleType

from django.contrib.auth import get_user_model

from openbilan import csvfile
from openbilan.domains import domain_modules
from openbilan.privacy import selectors
from openbilan.serialize import when

NAME = "privacy"
User = get_user_model()


def part(person: User) -> dict:
    """The person's consents and who of the staff opened their file, when and why."""
    return {
        "consents": [
            {"purpose": c.purpose, "granted": c.granted, "at": when(c.at)} for c in selectors.consent_ledger(person)
        ],
        "access_log": [
            {
                "at": when(a.at),
                "who": a.actor.get_full_name() or a.actor.email,
                "what": a.label,
                "reason": a.reason,
                "path": a.path,
            }
            for a in selectors.accesses_to(person)
        ],
    }


def exporters() -> Iterator[ModuleType]:
    """Every domain's `export.py`, in INSTALLED_APPS order."""
    return domain_modules("export")


def gather(person: User) -> dict[str, dict]:
    """Every domain's part, keyed by the name of its file in the ZIP."""
    return {module.NAME: module.part(person) for module in exporters()}


def _csv(rows: list) -> str:
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        for key in row if isinstance(row, dict) else ["value"]:
            if key not in columns:
                columns.append(key)
    writer = csvfile.writer(out)  # free text (a coach note, an organisation's name) never runs as a formula
    writer.writerow(columns)
    for row in rows:
        row = row if isinstance(row, dict) else {"value": row}
        values = [row.get(column) for column in columns]
        writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for v in values])
    return out.getvalue()


def zip_for(person: User) -> bytes:
    """The ZIP: one JSON file per domain, one CSV per list, the files the domains add (synthesis PDF, message
    attachments), and a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "LISEZMOI.txt",
            "Toutes vos données OpenBilan. Un fichier JSON par domaine, un fichier CSV par liste, et les fichiers "
            "joints à vos messages dans le dossier pieces-jointes/.\n"
            "All your OpenBilan data. One JSON file per domain, one CSV file per list, and the files attached to "
            "your messages in the folder pieces-jointes/.\n",
        )
        for module in exporters():
            data = module.part(person)
            if hasattr(module, "add_files"):
                data.update(module.add_files(person, archive))
            archive.writestr(f"{module.NAME}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
            for name, rows in data.items():
                if isinstance(rows, list):
                    archive.writestr(f"csv/{module.NAME}-{name}.csv", _csv(rows))
    return buffer.getvalue()
