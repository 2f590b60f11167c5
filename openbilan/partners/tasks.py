"""Background work of the partner API (django-tasks): webhook deliveries, tried again with a growing delay."""

from django_tasks import task

from openbilan.partners import delivery
from openbilan.partners.models import WebhookDelivery


@task()
def deliver_webhook(delivery_id: int) -> str:
    """POST one event to its endpoint; returns what became of this try, and queues the next try when one is due."""
    outcome = delivery.deliver(delivery_id=delivery_id)
    if outcome == "retry":
        schedule(WebhookDelivery.objects.get(pk=delivery_id))
    return outcome


def schedule(pending: WebhookDelivery) -> None:
    """Queue the next try at its time, where the task backend can defer. Without deferral (an immediate backend),
    `webhooks.retry_due` picks the delivery up when its time comes."""
    backend = deliver_webhook.get_backend()
    if backend.supports_defer:
        deliver_webhook.using(run_after=pending.next_attempt_at).enqueue(pending.pk)
