"""Writes of the reporting domain: the funder's publications, made at dated publication points and then frozen.

A funder's figures change only when a publication is made: two downloads between publication points are identical,
so that comparing them tells nothing about the people whose situation changed in between. `publish_due` (run every
day by `manage.py publish_reports`) makes, for each programme:
- the first publication, the first time (also made on the spot when a funder opens the dashboard or the command asks
  for the report before any exists);
- a monthly publication from the first day of each month, once at least `minimum` people (11) have a new situation
  since the previous one (entered, changed status, new outcome or evaluation): the difference between two
  publications is then about at least 11 people, never about one person;
- the end-of-programme publication, from the programme's end date, on the same condition.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openbilan.enrolments.models import Enrolment
from openbilan.privacy.models import Consent, Purpose
from openbilan.programmes.models import Evaluation, Outcome, Programme
from openbilan.reporting import figures, selectors
from openbilan.reporting.models import Publication


def live_report(programme: Programme, *, today: datetime.date | None = None, **options) -> dict:
    """The report of the live data (the operator's view, and what a publication freezes)."""
    today = today or timezone.localdate()
    data = selectors.report_data(programme, today=today, **options)
    return figures.build_report(data, minimum=selectors.minimum_cell(), today=today, segment_orders=selectors.ORDERS)


def changed_since(programme: Programme, since: datetime.datetime) -> int:
    """People whose situation changed after `since`: enrolled, status, outcome or evaluation."""
    ids = set(
        Enrolment.objects.filter(programme=programme)
        .filter(Q(created_at__gt=since) | Q(status_changed_at__gt=since))
        .values_list("pk", flat=True)
    )
    ids |= set(
        Outcome.objects.filter(programme=programme, recorded_at__gt=since).values_list("enrolment_id", flat=True)
    )
    ids |= set(
        Evaluation.objects.filter(programme=programme, answered_at__gt=since).values_list("enrolment_id", flat=True)
    )
    # A person who withdrew `funder_aggregates` leaves the next publication: that is a change too.
    decided = Consent.objects.filter(purpose=Purpose.FUNDER_AGGREGATES, at__gt=since).values("person")
    ids |= set(Enrolment.objects.filter(programme=programme, beneficiary__in=decided).values_list("pk", flat=True))
    return len(ids)


@transaction.atomic
def publish(
    *, programme: Programme, kind: str, today: datetime.date | None = None, changed: int | None = None
) -> Publication:
    """Freeze the programme's report as of `today` (at most one publication a day: the existing one is returned)."""
    today = today or timezone.localdate()
    existing = Publication.objects.filter(programme=programme, as_of=today).first()
    if existing is not None:
        return existing
    report = live_report(programme, today=today)
    try:
        with transaction.atomic():
            return Publication.objects.create(
                programme=programme,
                as_of=today,
                kind=kind,
                minimum_cell=report["minimum_cell"],
                changed=changed,
                report=report,
            )
    except IntegrityError:  # made at the same moment by another request
        return Publication.objects.get(programme=programme, as_of=today)


def ensure_publication(programme: Programme) -> Publication:
    """The latest publication, made on the spot when there is none yet."""
    latest = selectors.latest_publication(programme)
    return latest or publish(programme=programme, kind=Publication.Kind.FIRST)


def due_kind(programme: Programme, latest: Publication | None, today: datetime.date) -> str | None:
    """Which publication is due today, if any (before the movement condition)."""
    if latest is None:
        return Publication.Kind.FIRST
    if latest.kind == Publication.Kind.FINAL or latest.as_of >= today:
        return None
    if programme.ends_on and today >= programme.ends_on:
        return Publication.Kind.FINAL
    if (latest.as_of.year, latest.as_of.month) < (today.year, today.month):
        return Publication.Kind.MONTHLY
    return None


def publish_due(*, today: datetime.date | None = None, programmes=None) -> list[Publication]:
    """Make every publication due today (idempotent: run it daily)."""
    today = today or timezone.localdate()
    made = []
    minimum = selectors.minimum_cell()
    for programme in programmes if programmes is not None else Programme.objects.select_related("funder", "operator"):
        latest = selectors.latest_publication(programme)
        kind = due_kind(programme, latest, today)
        if kind is None:
            continue
        changed = None
        if latest is not None:
            changed = changed_since(programme, latest.made_at)
            if changed < minimum:
                continue  # too few new situations: the difference would be about too few people
        made.append(publish(programme=programme, kind=kind, today=today, changed=changed))
    return made
