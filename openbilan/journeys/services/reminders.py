"""Reminders: decided once per person, kind and period, then sent by the task worker (journeys/emails.py)."""

import datetime
import itertools
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from openbilan.enrolments.models import Enrolment
from openbilan.journeys import selectors
from openbilan.journeys.models import (
    ReminderLog,
)
from openbilan.journeys.tasks import send_reminder

logger = logging.getLogger(__name__)


# --- Reminders ---------------------------------------------------------------------------------------------------

MAX_INACTIVITY_REMINDERS = 3  # per spell of inactivity; after that the coach's drop-out prevention takes over


@transaction.atomic
def schedule_reminder(*, enrolment: Enrolment, kind: str, period: str, now: datetime.datetime) -> ReminderLog | None:
    """Decide one reminder: logged once per person, kind and period, then sent by the worker. Returns None when
    this period's reminder was already decided (running the scheduler twice sends nothing more)."""
    if ReminderLog.objects.filter(enrolment=enrolment, kind=kind, period=period).exists():
        return None
    opted_out = not selectors.wants_reminders(enrolment.beneficiary)
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                enrolment=enrolment,
                kind=kind,
                period=period,
                queued_at=now,
                state=ReminderLog.State.OPTED_OUT if opted_out else ReminderLog.State.QUEUED,
            )
    except IntegrityError:
        return None
    if not opted_out:
        send_reminder.enqueue(log.pk)
    return log


def enqueue_due_reminders(now: datetime.datetime | None = None) -> dict[str, int]:
    """What `manage.py enqueue_reminders` runs (from cron): decide every reminder due now, log it, and queue the
    ones to send. Returns how many were decided per kind, and how many of them are not sent (opted out)."""
    now = now or timezone.now()
    counts = {"inactivity": 0, "weekly_recap": 0, "opted_out": 0}
    due = itertools.chain(
        (
            (e, ReminderLog.Kind.INACTIVITY, p)
            for e, p in selectors.due_inactivity_reminders(now, limit=MAX_INACTIVITY_REMINDERS)
        ),
        ((e, ReminderLog.Kind.WEEKLY_RECAP, p) for e, p in selectors.due_weekly_recaps(now)),
    )
    for batch in _batched(due, 500):
        decided = selectors.reminders_already_decided([(e.pk, kind, period) for e, kind, period in batch])
        for enrolment, kind, period in batch:
            if (enrolment.pk, kind, period) in decided:
                continue  # the usual case of an hourly cron: this period's reminder was decided already
            log = schedule_reminder(enrolment=enrolment, kind=kind, period=period, now=now)
            if log is not None:
                counts[kind] += 1
                counts["opted_out"] += log.state == ReminderLog.State.OPTED_OUT
    return counts


def _batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)
