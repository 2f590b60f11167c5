"""The reminder task runs in a REAL worker process (`manage.py db_worker`), started by the cron command
(`manage.py enqueue_reminders`), against this test's database: exactly one e-mail per inactive person per period.

On SQLite the test database lives in memory, so it is copied to a file for the other processes and copied back
afterwards; on PostgreSQL the processes share the test database directly."""

import contextlib
import datetime
import email
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from openbilan.journeys import services
from openbilan.journeys.models import Journey, ReminderLog
from tests.journeys.factories import started_journey

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def shared_database(tmp_path):
    if connection.vendor != "sqlite":
        yield connection.settings_dict["NAME"]
        return
    connection.ensure_connection()
    path = tmp_path / "worker.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    try:
        yield str(path)
    finally:
        with contextlib.closing(sqlite3.connect(path)) as copy:
            copy.backup(connection.connection)


def manage(database: str, mail_dir: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.journeys.worker_settings",
        "OPENBILAN_WORKER_DB_NAME": database,
        "OPENBILAN_WORKER_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def sent_emails(mail_dir: Path) -> list[email.message.Message]:
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def idle(journey, days):
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=days))


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_exactly_one_email_per_inactive_person_per_period(tmp_path):
    inactive = [started_journey(), started_journey()]
    for journey in inactive:
        idle(journey, 20)
    started_journey()  # active this week: no inactivity reminder
    opted_out = started_journey()
    idle(opted_out, 20)
    services.set_email_preference(user=opted_out.enrolment.beneficiary, reminders=False)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = ("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", "--interval", "0")

    with shared_database(tmp_path) as database:
        assert "3 inactivity, 0 weekly recap (1 not sent" in manage(database, mail_dir, "enqueue_reminders")
        assert "0 inactivity" in manage(database, mail_dir, "enqueue_reminders")  # cron ran twice: nothing more
        manage(database, mail_dir, *worker)
        manage(database, mail_dir, "enqueue_reminders")
        manage(database, mail_dir, *worker)  # a second worker run finds nothing left to send

    recipients = sorted(message["To"] for message in sent_emails(mail_dir))
    assert recipients == sorted(journey.enrolment.beneficiary.email for journey in inactive)
    states = sorted(ReminderLog.objects.values_list("enrolment__beneficiary__email", "state"))
    assert states == sorted(
        [(journey.enrolment.beneficiary.email, "sent") for journey in inactive]
        + [(opted_out.enrolment.beneficiary.email, "opted_out")]
    )
