"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails."""

from django_tasks import task

from openbilan.coaching import emails


@task(queue_name="email")
def send_message_notification(notification_id: int) -> str:
    """One e-mail that tells a person they have new messages (grouped: see services.notify_new_message)."""
    return emails.deliver_notification(notification_id=notification_id)


@task(queue_name="email")
def send_appointment_email(appointment_id: int, what: str) -> str:
    """The invitation (with its calendar file), a proposal of slots, or a cancellation."""
    return emails.deliver_appointment_email(appointment_id=appointment_id, what=what)


@task(queue_name="email")
def send_appointment_reminder(appointment_id: int, starts_at: str) -> str:
    """The reminder the day before. `starts_at` is the slot it was planned for: a moved or cancelled appointment
    gets no stale reminder."""
    return emails.deliver_appointment_reminder(appointment_id=appointment_id, starts_at=starts_at)
