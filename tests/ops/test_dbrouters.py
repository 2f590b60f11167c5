"""The read-replica router: only the reporting pages' reads of the programmes' tables go to the replica, and only
when one is configured; writes, sessions, accounts and migrations stay on the primary."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import RequestFactory

from openbilan.accounts.models import User
from openbilan.dbrouters import (
    REPLICA,
    ReportingReplicaMiddleware,
    ReportingReplicaRouter,
    in_reporting_reads,
    reporting_reads,
)
from openbilan.enrolments.models import Enrolment
from openbilan.programmes.models import Programme

router = ReportingReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setitem(connections.settings, REPLICA, {**connections.settings["default"]})


def test_reporting_reads_of_enrolments_go_to_the_replica(with_replica):
    with reporting_reads():
        assert router.db_for_read(Enrolment) == REPLICA
        assert router.db_for_read(Programme) == REPLICA


def test_reads_outside_reporting_stay_on_the_primary(with_replica):
    assert router.db_for_read(Enrolment) is None


def test_sessions_and_accounts_stay_on_the_primary_even_in_reporting(with_replica):
    with reporting_reads():
        assert router.db_for_read(Session) is None
        assert router.db_for_read(User) is None


def test_writes_never_go_to_the_replica(with_replica):
    with reporting_reads():
        assert router.db_for_write(Enrolment) is None


def test_without_a_replica_every_read_stays_on_the_primary():
    with reporting_reads():
        assert router.db_for_read(Enrolment) is None


def test_migrations_never_run_on_the_replica():
    assert router.allow_migrate(REPLICA, "programmes") is False
    assert router.allow_migrate("default", "programmes") is True


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/rapports/programme/", True),
        ("GET", "/financeur/", True),
        ("POST", "/rapports/programme/", False),
        ("GET", "/mon-bilan/", False),
        ("GET", "/programmes/", False),
    ],
)
def test_middleware_marks_only_the_reads_of_reporting_pages(method, path, expected):
    seen = []
    middleware = ReportingReplicaMiddleware(lambda request: seen.append(in_reporting_reads()) or "response")
    request = getattr(RequestFactory(), method.lower())(path)
    assert middleware(request) == "response"
    assert seen == [expected]
    assert in_reporting_reads() is False
