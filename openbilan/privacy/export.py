"""Right of access and portability (GDPR art. 15 and 20): everything about a person, as a ZIP of JSON and CSV.

Each domain's part is gathered by that domain's public selector where one exists (coaching.export_of,
projects.export_of, assessments, recommendations, programmes). The journeys domain has no export selector yet: its
part is read here, read-only, from its models (see `_journeys`)."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.db import models

from openbilan.accounts.models import User
from openbilan.assessments import selectors as assessments
from openbilan.coaching import selectors as coaching
from openbilan.journeys import models as journey_models
from openbilan.privacy import selectors as privacy
from openbilan.programmes import selectors as programmes
from openbilan.programmes.models import Evaluation, Outcome
from openbilan.projects import selectors as projects
from openbilan.recommendations import selectors as recommendations


def _when(value):
    return value.isoformat() if value else None


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _row(instance: models.Model, *, skip: tuple[str, ...] = ()) -> dict:
    """The concrete, non-relation fields of one row, JSON-ready (relations as their id)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip or isinstance(field, models.FileField):
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def _account(person: User) -> dict:
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
        "roles": sorted(person.roles),
    }


def _assessments(person: User) -> dict:
    attempts = []
    for attempt in assessments.attempts_of_person(person).prefetch_related("answers"):
        attempts.append(
            {
                "instrument": str(attempt.instrument_version),
                "started_at": _when(attempt.started_at),
                "finished_at": _when(attempt.finished_at),
                "answers": {a.item_id: a.value for a in attempt.answers.all()},
                "result": attempt.result,
            }
        )
    return {"attempts": attempts}


def _journeys(person: User) -> dict:
    """No export selector in journeys: read-only queries on its models (report to the journeys owner)."""
    journeys = journey_models.Journey.objects.filter(enrolment__beneficiary=person).select_related(
        "enrolment__programme"
    )
    entry_models = [
        m
        for m in (
            getattr(journey_models, name, None)
            for name in ("NeedsAnalysis", "TimelineEntry", "DriverEntry", "BeliefEntry", "Aspirations")
        )
        if m is not None
    ]
    data = {"journeys": [], "exercises": [], "self_assessments": [], "interviews": [], "activities": []}
    for journey in journeys:
        data["journeys"].append({"programme": journey.enrolment.programme.name, **_row(journey, skip=("enrolment",))})
        for model in entry_models:
            for entry in model.objects.filter(journey=journey):
                data["exercises"].append({"exercise": model.__name__, **_row(entry, skip=("journey",))})
        for sa in journey.self_assessments.all():
            data["self_assessments"].append(_row(sa, skip=("journey",)))
        for interview in journey.interviews.all():
            data["interviews"].append(_row(interview, skip=("journey", "recorded_by")))
        for progress in journey.progress.select_related("activity"):
            data["activities"].append(
                {"activity": str(progress.activity), **_row(progress, skip=("journey", "activity", "by"))}
            )
    return data


def _recommendations(person: User) -> dict:
    return {
        "reactions": [
            {"occupation": str(r.occupation), **_row(r, skip=("user",))}
            for r in recommendations.reaction_history(person)
        ],
        "shortlist": [
            {"occupation": str(item.occupation), **_row(item, skip=("user",))}
            for item in recommendations.shortlist_of(person)
        ],
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
                **_row(e, skip=("programme", "beneficiary", "coach", "prescriber")),
            }
            for e in enrolments
        ],
        "outcomes": [_row(o, skip=("recorded_by",)) for o in Outcome.objects.filter(enrolment_id__in=ids)],
        "evaluations": [_row(ev) for ev in Evaluation.objects.filter(enrolment_id__in=ids)],
        "disability": _row(d, skip=("person",)) if (d := programmes.disability_of(person)) else None,
    }


def _privacy(person: User) -> dict:
    return {
        "consents": [
            {"purpose": c.purpose, "granted": c.granted, "at": _when(c.at)} for c in privacy.consent_ledger(person)
        ],
        "access_log": [
            {
                "at": _when(a.at),
                "who": a.actor.get_full_name() or a.actor.email,
                "what": a.what,
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
        "journeys": _journeys(person),
        "coaching": coaching.export_of(person),
        "recommendations": _recommendations(person),
        "projects": projects.export_of(person),
        "programmes": _programmes(person),
        "privacy": _privacy(person),
    }


def _csv(rows: list) -> str:
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        for key in row if isinstance(row, dict) else ["value"]:
            if key not in columns:
                columns.append(key)
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        row = row if isinstance(row, dict) else {"value": row}
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in row.items()}
        )
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


def zip_for(person: User) -> bytes:
    """The ZIP: one JSON file per domain, one CSV per list, the synthesis PDF, and a README."""
    buffer = io.BytesIO()
    data = gather(person)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "LISEZMOI.txt",
            "Toutes vos données OpenBilan. Un fichier JSON par domaine, un fichier CSV par liste.\n"
            "All your OpenBilan data. One JSON file per domain, one CSV file per list.\n",
        )
        for domain, part in data.items():
            archive.writestr(f"{domain}.json", json.dumps(part, ensure_ascii=False, indent=2, default=str))
            for name, rows in part.items():
                if isinstance(rows, list):
                    archive.writestr(f"csv/{domain}-{name}.csv", _csv(rows))
        for name, content in _synthesis_pdfs(person):
            archive.writestr(name, content)
    return buffer.getvalue()
