"""The e-mails of the journeys domain, sent by the task worker (journeys/tasks.py): the reminders that
`manage.py enqueue_reminders` decides (inactivity, weekly recap), in the person's language (openbilan/mail.py)."""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openbilan import mail
from openbilan.journeys import selectors
from openbilan.journeys.models import Journey, ReminderLog
from openbilan.programmes.models import EnrolmentStatus

logger = logging.getLogger(__name__)


def _reminder_context(log: ReminderLog) -> dict:
    enrolment = log.enrolment
    journey = Journey.objects.filter(enrolment=enrolment).select_related("template").first()
    return {
        "person": enrolment.beneficiary,
        "programme": enrolment.programme,
        "coach": enrolment.coach,
        "summary": selectors.summary_for(journey) if journey else None,
        "home_url": mail.absolute_url(reverse("www:beneficiary_home")),
        "preferences_url": mail.absolute_url(reverse("journeys:preferences")),
    }


def deliver_reminder(*, reminder_id: int) -> str:
    """Send one decided reminder. A reminder already handled is never sent again."""
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
        person = log.enrolment.beneficiary
        context = _reminder_context(log)
        try:
            with transaction.atomic():
                log.state, log.sent_at = ReminderLog.State.SENT, timezone.now()
                log.save(update_fields=["state", "sent_at"])
                mail.send_templated(f"journeys/emails/{log.kind}", person.email, context, mail.language_of(person))
        except Exception as error:  # an SMTP failure of any kind: the reason is kept in the record
            log.state, log.sent_at, log.error = ReminderLog.State.FAILED, None, str(error)[:300]
            log.save(update_fields=["state", "sent_at", "error"])
            logger.exception("reminder %s could not be sent", reminder_id)
            return log.state
        return log.state
