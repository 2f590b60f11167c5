"""Right of access and portability (GDPR art. 15 and 20): everything about a person, as a ZIP of JSON and CSV,
with the synthesis PDF and the files sent in their messages.

Each domain's part is gathered by that domain's public selectors (journeys, coaching, projects, network and quality
have an `export_of`; assessments, recommendations, programmes and privacy are read through their selectors here)."""

import io
import json
import logging
import shutil
import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from openbilan import csvfile, serialize
from openbilan.accounts.models import User
from openbilan.assessments import selectors as assessments
from openbilan.coaching import selectors as coaching
from openbilan.coaching.models import Attachment
from openbilan.journeys import selectors as journeys
from openbilan.network import selectors as network
from openbilan.privacy import selectors as privacy
from openbilan.programmes import selectors as programmes
from openbilan.programmes.models import Evaluation, Outcome
from openbilan.projects import selectors as projects
from openbilan.quality import selectors as quality
from openbilan.recommendations import selectors as recommendations
from openbilan.serialize import when
from openbilan.territory import selectors as territory

logger = logging.getLogger(__name__)
ATTACHMENTS = "pieces-jointes"


def _account(person: User) -> dict:
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_joined": when(person.date_joined),
        "last_login": when(person.last_login),
        "roles": sorted(person.roles),
    }


def _assessments(person: User) -> dict:
    attempts = []
    for attempt in assessments.attempts_of_person(person).prefetch_related("answers"):
        attempts.append(
            {
                "instrument": str(attempt.instrument_version),
                "started_at": when(attempt.started_at),
                "finished_at": when(attempt.finished_at),
                "answers": {a.item_id: a.value for a in attempt.answers.all()},
                "result": attempt.result,
            }
        )
    return {"attempts": attempts}


def _recommendations(person: User) -> dict:
    return {
        "reactions": [
            {"occupation": str(r.occupation), **serialize.row(r, skip=("user",))}
            for r in recommendations.reaction_history(person)
        ],
        "shortlist": [
            {"occupation": str(item.occupation), **serialize.row(item, skip=("user",))}
            for item in recommendations.shortlist_of(person)
        ],
        "settings": {"local_demand": recommendations.local_demand_enabled(person)},  # issue 20
    }


def _programmes(person: User) -> dict:
    enrolments = list(programmes.enrolments_of(person).select_related("programme", "prescriber", "coach"))
    ids = [e.pk for e in enrolments]
    return {
        "enrolments": [
            {
                "programme": e.programme.name,
                "coach": e.coach.get_full_name() if e.coach else None,
                "prescriber": e.prescriber.name if e.prescriber else None,
                **serialize.row(e, skip=("programme", "beneficiary", "coach", "prescriber")),
            }
            for e in enrolments
        ],
        "outcomes": [serialize.row(o, skip=("recorded_by",)) for o in Outcome.objects.filter(enrolment_id__in=ids)],
        "evaluations": [serialize.row(ev) for ev in Evaluation.objects.filter(enrolment_id__in=ids)],
        "disability": serialize.row(d, skip=("person",)) if (d := programmes.disability_of(person)) else None,
    }


def _privacy(person: User) -> dict:
    return {
        "consents": [
            {"purpose": c.purpose, "granted": c.granted, "at": when(c.at)} for c in privacy.consent_ledger(person)
        ],
        "access_log": [
            {
                "at": when(a.at),
                "who": a.actor.get_full_name() or a.actor.email,
                "what": a.label,
                "reason": a.reason,
                "path": a.path,
            }
            for a in privacy.accesses_to(person)
        ],
    }


def gather(person: User) -> dict[str, dict]:
    """Every domain's part, keyed by domain name."""
    return {
        "account": {"account": _account(person)},
        "assessments": _assessments(person),
        "journeys": journeys.export_of(person),
        "coaching": coaching.export_of(person),
        "recommendations": _recommendations(person),
        "projects": projects.export_of(person),
        "programmes": _programmes(person),
        "network": network.export_of(person),
        "quality": quality.export_of(person),
        "privacy": _privacy(person),
        "territory": territory.export_of(person),  # issue 20: the person's place
    }


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


def _synthesis_pdfs(person: User) -> list[tuple[str, bytes]]:
    """The synthesis PDF, when the projects domain can render it (WeasyPrint); never fails the export."""
    synthesis = projects.synthesis_of(person)
    if synthesis is None:
        return []
    try:
        from openbilan.projects import pdf

        version = projects.readable_version(synthesis, as_person=True)
        if version is None:
            return []
        return [(pdf.file_name(version), pdf.render_pdf(version, final=version.is_final))]
    except Exception:
        return []


def _attachments(person: User) -> list[tuple[Attachment, str]]:
    """The files sent in the person's messages, both ways (the messages themselves are in coaching.json), each with
    its place in the ZIP: `pieces-jointes/<date>-<id>-<name>`, the name made safe (no folder, no `..`)."""
    rows = (
        Attachment.objects.filter(message__enrolment__beneficiary=person)
        .select_related("message")
        .order_by("message__created_at", "pk")
    )
    found = []
    for attachment in rows:
        try:
            name = get_valid_filename(PurePosixPath(attachment.name.replace("\\", "/")).name)
        except SuspiciousFileOperation:
            name = "fichier"
        found.append((attachment, f"{ATTACHMENTS}/{attachment.message.created_at:%Y-%m-%d}-{attachment.pk}-{name}"))
    return found


def _write_attachments(archive: zipfile.ZipFile, attachments: list[tuple[Attachment, str]]) -> list[dict]:
    """Copy each file into the ZIP (streamed, never read whole); a file missing from the storage is listed, not
    fatal."""
    listed = []
    for attachment, path in attachments:
        try:
            with attachment.file.open("rb") as source, archive.open(path, "w") as target:
                shutil.copyfileobj(source, target)
        except (OSError, ValueError):
            logger.warning("export: attachment file missing: attachment=%s", attachment.pk)
            path = None
        listed.append({"name": attachment.name, "sent_at": when(attachment.message.created_at), "file": path})
    return listed


def zip_for(person: User) -> bytes:
    """The ZIP: one JSON file per domain, one CSV per list, the synthesis PDF, the message attachments, and a
    README."""
    buffer = io.BytesIO()
    data = gather(person)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "LISEZMOI.txt",
            "Toutes vos données OpenBilan. Un fichier JSON par domaine, un fichier CSV par liste, et les fichiers "
            f"joints à vos messages dans le dossier {ATTACHMENTS}/.\n"
            "All your OpenBilan data. One JSON file per domain, one CSV file per list, and the files attached to "
            f"your messages in the folder {ATTACHMENTS}/.\n",
        )
        data["coaching"]["attachment_files"] = _write_attachments(archive, _attachments(person))
        for domain, part in data.items():
            archive.writestr(f"{domain}.json", json.dumps(part, ensure_ascii=False, indent=2, default=str))
            for name, rows in part.items():
                if isinstance(rows, list):
                    archive.writestr(f"csv/{domain}-{name}.csv", _csv(rows))
        for name, content in _synthesis_pdfs(person):
            archive.writestr(name, content)
    return buffer.getvalue()
