"""`make run` works like production: a task worker serves every queue beside the server, and links in e-mails point
to the address it serves (`PORT=8123 make run`: 127.0.0.1:8123). The Makefile is run for real, with `manage.py`
replaced by a stand-in that prints what each command would get; then the demo's own e-mails go through the worker
that `make run` starts, on the settings it uses."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks.base import Task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from openbilan import domains
from openbilan.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
SERVED = "http://127.0.0.1:8123"


def make_run(**env) -> list[dict]:
    """The commands `make run` runs, in order: their arguments and their SITE_URL."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "MAKEFLAGS"}}
    environment.update(env)
    with tempfile.TemporaryDirectory() as scratch:
        environment["FAKE_MANAGE_READY"] = str(Path(scratch) / "worker-started")
        done = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "node_modules/.installed", "run",
             f"MANAGE={sys.executable} tests/ops/fake_manage.py"],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def command(commands: list[dict], name: str) -> dict:
    return next(c for c in commands if c["argv"][0] == name)


def test_port_8123_serves_on_8123_and_every_command_builds_links_on_it():
    commands = make_run(PORT="8123")
    names = [c["argv"][0] for c in commands]
    assert {"migrate", "load_demo", "db_worker", "runserver"} <= set(names)
    assert command(commands, "runserver")["argv"] == ["runserver", "127.0.0.1:8123"]
    assert {c["base_url"] for c in commands} == {SERVED}  # the demo loader and the worker too


def test_an_address_set_by_the_operator_is_kept():
    commands = make_run(PORT="8123", SITE_URL="https://bilan.example.org")
    assert {c["base_url"] for c in commands} == {"https://bilan.example.org"}


def test_the_worker_starts_with_the_server_on_every_queue_without_reloading():
    worker = command(make_run(), "db_worker")["argv"]
    assert worker[worker.index("--queue-name") + 1] == "*" and "--no-reload" in worker


def test_every_task_s_queue_is_one_the_settings_declare():
    tasks = [
        value
        for module in domains.domain_modules("tasks")
        for value in vars(module).values()
        if isinstance(value, Task)
    ]
    assert len(tasks) >= 6
    assert {t.queue_name for t in tasks} <= set(settings.TASKS["default"]["QUEUES"])


def _worker_queues() -> list[str]:
    worker = command(make_run(), "db_worker")["argv"]
    return worker[worker.index("--queue-name") + 1].split(",")


@pytest.mark.django_db(transaction=True)
def test_the_demo_s_e_mails_are_sent_by_make_run_s_worker_with_links_on_the_served_address(settings, mailoutbox):
    settings.SITE_URL = SERVED
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"  # what make run uses
    load_demo()  # the demo books appointments and sends messages: their e-mails wait in the queue
    due = DBTaskResult.objects.ready()
    assert due.exists()
    sent_before = len(mailoutbox)
    Worker(
        queue_names=_worker_queues(), interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="make-run-test", excluded_queue_names=[],
    ).run()  # fmt: skip
    assert not DBTaskResult.objects.ready().exists()
    assert set(DBTaskResult.objects.exclude(status="READY").values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert len(mailoutbox) > sent_before
    links = re.findall(r"https?://[^\s\"<>]+", "\n".join(str(m.body) for m in mailoutbox))
    ours = [link for link in links if "127.0.0.1" in link or "localhost" in link]
    assert ours and all(link.startswith(SERVED + "/") for link in ours), ours
