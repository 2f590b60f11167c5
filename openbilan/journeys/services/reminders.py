"""Reminders: decided once per person, kind and period, then sent by the task worker."""

import datetime
import itertools
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.journeys import selectors
from openbilan.journeys.models import (
    Journey,
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


def _absolute(path: str) -> str:
    """A link for an e-mail: the public address (settings.OPENBILAN_BASE_URL; `make run` sets the one it serves)."""
    return settings.OPENBILAN_BASE_URL.rstrip("/") + path


def _reminder_message(log: ReminderLog) -> tuple[str, str]:
    enrolment = log.enrolment
    journey = Journey.objects.filter(enrolment=enrolment).select_related("template").first()
    context = {
        "person": enrolment.beneficiary,
        "programme": enrolment.programme,
        "coach": enrolment.coach,
        "summary": selectors.summary_for(journey) if journey else None,
        "home_url": _absolute(reverse("www:beneficiary_home")),
        "preferences_url": _absolute(reverse("journeys:preferences")),
        "site_name": settings.OPENBILAN_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"journeys/emails/{log.kind}_subject.txt", context).strip()
        body = render_to_string(f"journeys/emails/{log.kind}.txt", context)
    return " ".join(subject.split()), body


def deliver_reminder(*, reminder_id: int) -> str:
    """Send one decided reminder (run by the worker). A reminder already handled is never sent again."""
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("enrolment__beneficiary", "enrolment__programme", "enrolment__coach")
            .get(pk=reminder_id)
        )
        if log.state != ReminderLog.State.QUEUED:
            return log.state
        if log.enrolment.status != EnrolmentStatus.ACTIVE:
            log.state = ReminderLog.State.NOT_ACTIVE
        elif not selectors.wants_reminders(log.enrolment.beneficiary):
            log.state = ReminderLog.State.OPTED_OUT
        if log.state != ReminderLog.State.QUEUED:
            log.save(update_fields=["state"])
            return log.state
        subject, body = _reminder_message(log)
        try:
            with transaction.atomic():
                log.state, log.sent_at = ReminderLog.State.SENT, timezone.now()
                log.save(update_fields=["state", "sent_at"])
                send_mail(subject, body, None, [log.enrolment.beneficiary.email])
        except Exception as error:  # an SMTP failure of any kind: the reason is kept in the record
            log.state, log.sent_at, log.error = ReminderLog.State.FAILED, None, str(error)[:300]
            log.save(update_fields=["state", "sent_at", "error"])
            logger.exception("reminder %s could not be sent", reminder_id)
            return log.state
        return log.state
