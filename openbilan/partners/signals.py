"""Events for the webhooks: every status change of an enrolment is recorded as a journeys Transition (rows are only
ever added), so a new status Transition is the one moment a referral's status changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from openbilan.journeys.models import Transition


@receiver(post_save, sender=Transition, dispatch_uid="partners_status_changed")
def _status_changed(sender, instance: Transition, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.kind != Transition.Kind.STATUS:
        return
    from openbilan.partners import webhooks

    webhooks.status_changed(instance.enrolment)
