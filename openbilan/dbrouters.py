"""Reporting reads on a PostgreSQL read replica, when one is configured (DATABASE_REPLICA_URL, alias "replica").

The funder's pages and exports only count (GROUP BY over every enrolment of a programme): they are the heaviest
reads and the only ones that can wait a moment. So:

- `ReportingReplicaMiddleware` marks the requests of the reporting pages (REPLICA_PATHS) as reporting reads;
- inside them, `ReportingReplicaRouter` sends the reads of the programmes' tables (programmes, enrolments,
  outcomes, evaluations: REPLICA_APPS) to the replica;
- everything else reads the primary: sessions, accounts, permissions, and every page where a person must read what
  they just wrote. Every write goes to the primary. Migrations never run on the replica (it follows the primary).

A replica lags its primary by a moment (streaming replication: usually well under a second), so a funder's figures
may be that old; they are never partial (a replica applies whole transactions). Without a "replica" database in
settings, nothing changes: every query goes to "default".
"""

import contextvars
from contextlib import contextmanager

REPLICA = "replica"
REPLICA_APPS = frozenset({"enrolments", "programmes"})
REPLICA_PATHS = ("/rapports/", "/financeur/")

_reporting = contextvars.ContextVar("openbilan_reporting_reads", default=False)


@contextmanager
def reporting_reads():
    """Reads of the programmes' tables inside this block may go to the replica (a command may use it too)."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def in_reporting_reads() -> bool:
    return _reporting.get()


def replica_configured() -> bool:
    from django.db import connections

    return REPLICA in connections.settings


class ReportingReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reporting.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints):
        return None  # always the default database (the primary)

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReportingReplicaMiddleware:
    """Marks the reporting pages' requests so that their programme reads may use the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(REPLICA_PATHS):
            with reporting_reads():
                return self.get_response(request)
        return self.get_response(request)
