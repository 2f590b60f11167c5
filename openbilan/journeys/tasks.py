"""Background work run by `manage.py db_worker` (django-tasks with its database backend)."""

from django_tasks import task

from openbilan.journeys import emails


@task(queue_name="email")
def send_reminder(reminder_id: int) -> str:
    """Send one reminder decided by `manage.py enqueue_reminders`; returns what became of it."""
    return emails.deliver_reminder(reminder_id=reminder_id)
