"""Background work of the partner API (django-tasks): webhook deliveries, tried again with a growing delay."""

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """POST one event to its endpoint; returns what became of this try."""
    from openbilan.partners import webhooks  # webhooks enqueue this task: imported here to avoid a cycle

    return webhooks.deliver(delivery_id=delivery_id)
