"""Background work of the privacy domain (django-tasks)."""

from django_tasks import task

from openbilan.privacy import emails


@task()
def purge_expired_task() -> int:
    """The nightly retention purge; returns how many purge records were written."""
    from openbilan.privacy import erasure

    return len(erasure.purge_expired())


@task(queue_name="email")
def send_closing_message(enrolment_id: int) -> str:
    """The e-mail at the end of a bilan: documents destroyed the night after, what to keep first (R6313-7)."""
    return emails.deliver_closing_message(enrolment_id=enrolment_id)
