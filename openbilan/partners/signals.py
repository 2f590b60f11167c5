"""Events for the webhooks: every status change of an enrolment is recorded as an enrolments Transition (rows are only
ever added), so a new status Transition is the one moment a referral's status changes; an outcome is an Outcome
saved (sent once committed, when the enrolment holds its latest outcome)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from openbilan.enrolments.models import Transition
from openbilan.programmes.models import Outcome


@receiver(post_save, sender=Transition, dispatch_uid="partners_status_changed")
def _status_changed(sender, instance: Transition, created: bool, raw: bool = False, **kwargs) -> None:
    # Only a referred person's enrolment can interest a prescriber (no query for the others).
    if not created or raw or instance.kind != Transition.Kind.STATUS or instance.enrolment.prescriber_id is None:
        return
    from openbilan.partners import webhooks

    webhooks.status_changed(instance.enrolment)


@receiver(post_save, sender=Outcome, dispatch_uid="partners_outcome_recorded")
def _outcome_recorded(sender, instance: Outcome, raw: bool = False, **kwargs) -> None:
    if raw or instance.enrolment.prescriber_id is None:
        return
    from openbilan.partners import webhooks

    transaction.on_commit(lambda pk=instance.enrolment_id: webhooks.outcome_recorded(pk))
