"""The e-mails of the coaching domain, sent by the task worker (coaching/tasks.py): new messages (grouped, never
their content), the appointment's invitation with its calendar file, a proposal of slots, a cancellation, the reminder
the day before. Each is written in its recipient's language (openbilan/mail.py)."""

import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openbilan import mail
from openbilan.coaching import calendars
from openbilan.coaching.models import Appointment, AppointmentStatus, Message, MessageNotification

logger = logging.getLogger(__name__)


def deliver_notification(*, notification_id: int) -> str:
    """Send one planned notification with every message not yet read nor announced."""
    with transaction.atomic():
        notification = (
            MessageNotification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.state != MessageNotification.State.PENDING:
            return notification.state
        messages = list(
            Message.objects.filter(recipient=notification.recipient, read_at__isnull=True, notified_at__isnull=True)
            .select_related("sender", "enrolment")
            .order_by("created_at")
        )
        now = timezone.now()
        if not messages:
            notification.state = MessageNotification.State.SKIPPED
            notification.save(update_fields=["state"])
            return notification.state
        recipient = notification.recipient
        senders = sorted({m.sender.get_full_name() or m.sender.email for m in messages})
        first = messages[0].enrolment
        if first.beneficiary_id == recipient.pk:
            link = reverse("coaching:messages")
        elif first.coach_id == recipient.pk:
            link = reverse("coaching:person", kwargs={"enrolment_id": first.pk}) + "#messages"
        else:
            link = reverse("www:coach_home")
        context = {"recipient": recipient, "count": len(messages), "senders": senders, "url": mail.absolute_url(link)}
        try:
            mail.send_templated("coaching/emails/messages", recipient.email, context, mail.language_of(recipient))
        except Exception as error:  # any SMTP failure: kept in the record, the messages stay to announce
            notification.state, notification.error = MessageNotification.State.FAILED, str(error)[:300]
            notification.save(update_fields=["state", "error"])
            logger.exception("message notification %s could not be sent", notification_id)
            return notification.state
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(notified_at=now)
        notification.state, notification.sent_at, notification.message_count = (
            MessageNotification.State.SENT,
            now,
            len(messages),
        )
        notification.save(update_fields=["state", "sent_at", "message_count"])
        return notification.state


def _appointment_context(appointment: Appointment) -> dict:
    return {
        "appointment": appointment,
        "person": appointment.enrolment.beneficiary,
        "coach": appointment.coach,
        "url": mail.absolute_url(reverse("coaching:appointments")),
    }


def deliver_appointment_email(*, appointment_id: int, what: str) -> str:
    """Send the invitation (calendar file attached), a proposal, or a cancellation."""
    appointment = (
        Appointment.objects.select_related("enrolment__beneficiary", "enrolment__programme", "coach")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        return "gone"
    if what == "invitation" and appointment.status != AppointmentStatus.BOOKED:
        return "not_booked"
    person = appointment.enrolment.beneficiary
    attachments = []
    if what in ("invitation", "cancellation"):
        method = "REQUEST" if what == "invitation" else "CANCEL"
        calendar = calendars.calendar_file(appointment, method=method)
        attachments.append(
            ("rendez-vous.ics", calendar.encode("utf-8"), f"text/calendar; charset=utf-8; method={method}")
        )
    mail.send_templated(
        f"coaching/emails/appointment_{what}",
        person.email,
        _appointment_context(appointment),
        mail.language_of(person),
        attachments=attachments,
    )
    if what == "invitation":
        Appointment.objects.filter(pk=appointment.pk).update(invitation_sent_at=timezone.now())
    return "sent"


def deliver_appointment_reminder(*, appointment_id: int, starts_at: str) -> str:
    """The reminder the day before, sent once, only if the appointment is still booked for that slot."""
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("enrolment__beneficiary", "enrolment__programme", "coach")
            .filter(pk=appointment_id)
            .first()
        )
        if appointment is None or appointment.status != AppointmentStatus.BOOKED:
            return "not_booked"
        if appointment.starts_at != datetime.datetime.fromisoformat(starts_at):
            return "moved"
        if appointment.reminder_sent_at is not None:
            return "already_sent"
        appointment.reminder_sent_at = timezone.now()
        appointment.save(update_fields=["reminder_sent_at"])
        person = appointment.enrolment.beneficiary
        # a failure to send rolls the mark back: the worker's next try sends it
        mail.send_templated(
            "coaching/emails/appointment_reminder",
            person.email,
            _appointment_context(appointment),
            mail.language_of(person),
        )
        return "sent"
