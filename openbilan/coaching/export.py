"""The coaching domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `coaching.json` in the ZIP (each list also
as a CSV file), and copies the files sent in the person's messages into the ZIP (`add_files()`)."""

from pathlib import PurePosixPath
from zipfile import ZipFile

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from openbilan.accounts.models import User
from openbilan.coaching.models import (
    AdaptationLog,
    Appointment,
    Assignment,
    Attachment,
    ContactAttempt,
    Message,
    MessageNotification,
)
from openbilan.coaching.selectors import notes_about, time_budget
from openbilan.privacy.archive import copy_file
from openbilan.serialize import when

NAME = "coaching"
ATTACHMENTS = "pieces-jointes"


def part(beneficiary: User) -> dict:
    """Everything the coaching domain holds about a person, as plain JSON-ready data (right of access and
    portability). The coach's private notes are included."""

    enrolments = beneficiary.enrolments.all()
    return {
        "messages": [
            {
                "programme": m.enrolment.programme.name,
                "from": m.sender.get_full_name() or m.sender.email,
                "sent_at": when(m.created_at),
                "read_at": when(m.read_at),
                "body": m.body,
                "attachments": [a.name for a in m.attachments.all()],
            }
            for m in Message.objects.filter(enrolment__in=enrolments)
            .select_related("sender", "enrolment__programme")
            .prefetch_related("attachments")
        ],
        "appointments": [
            {
                "starts_at": when(a.starts_at),
                "duration_minutes": a.duration_minutes,
                "kind": a.kind,
                "status": a.status,
                "subject": a.subject,
            }
            for a in Appointment.objects.filter(enrolment__in=enrolments).order_by("starts_at")
        ],
        "coach_notes": [
            {"written_at": when(n.created_at), "by": n.author.get_full_name() or n.author.email, "note": n.body}
            for n in notes_about(beneficiary)
        ],
        "adaptations": [
            {"at": when(a.at), "kind": a.kind, "change": a.change, "reason": a.reason}
            for a in AdaptationLog.objects.filter(enrolment__in=enrolments).order_by("at")
        ],
        "contact_attempts": [
            {"at": when(c.at), "channel": c.channel, "outcome": c.outcome, "note": c.note}
            for c in ContactAttempt.objects.filter(enrolment__in=enrolments).order_by("at")
        ],
        "coach_changes": [
            {"at": when(a.at), "from": _name(a.from_coach), "to": _name(a.to_coach), "reason": a.reason}
            for a in Assignment.objects.filter(enrolment__in=enrolments).select_related("from_coach", "to_coach")
        ],
        "message_notifications": [
            {"due_at": when(n.due_at), "sent_at": when(n.sent_at), "state": n.state, "messages": n.message_count}
            for n in MessageNotification.objects.filter(recipient=beneficiary).order_by("due_at", "pk")
        ],
        "time_minutes": [
            {"programme": e.programme.name, "minutes": time_budget(e).used}
            for e in enrolments.select_related("programme")
        ],
    }


def _name(coach: User | None) -> str | None:
    return (coach.get_full_name() or coach.email) if coach else None


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


def add_files(person: User, archive: ZipFile) -> dict:
    """Copy each attachment into the ZIP and list them in coaching.json: a file missing from the storage is listed
    with no place in the ZIP, never fatal."""
    listed = []
    for attachment, path in _attachments(person):
        copied = copy_file(archive, path, attachment.file, what=f"attachment={attachment.pk}")
        listed.append(
            {"name": attachment.name, "sent_at": when(attachment.message.created_at), "file": path if copied else None}
        )
    return {"attachment_files": listed}
