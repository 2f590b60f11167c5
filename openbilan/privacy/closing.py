"""The closing message (R6313-7): when a bilan ends, the person is told that its documents are destroyed the night
after, and offered what belongs to them first (results, synthesis, the export of all their data), with the two
three-year exceptions. Sent by the task worker (privacy/emails.py); the task table holds the enrolment's id only."""

from django.db import transaction

from openbilan.privacy.emails import ENDED
from openbilan.privacy.tasks import send_closing_message


def on_transition(sender, instance, created, **kwargs) -> None:
    """post_save of journeys.Transition: a bilan that ends (completed or stopped) after the person accepted it."""
    if not created or instance.kind != "status" or instance.to_state not in ENDED:
        return
    enrolment_id = instance.enrolment_id
    transaction.on_commit(lambda: send_closing_message.enqueue(enrolment_id))
