"""Background work run by `manage.py db_worker` (django-tasks with its database backend)."""

from django_tasks import task


@task(queue_name="email")
def send_reminder(reminder_id: int) -> str:
    """Send one reminder decided by `manage.py enqueue_reminders`; returns what became of it."""
    from openbilan.journeys import services  # services enqueue this task: imported here to avoid a cycle

    return services.deliver_reminder(reminder_id=reminder_id)
