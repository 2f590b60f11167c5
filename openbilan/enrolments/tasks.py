"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the invitation e-mail."""

from django_tasks import task

from openbilan.enrolments import emails


@task(queue_name="email")
def send_invitation(enrolment_id: int) -> str:
    """The invitation e-mail with the person's signed link (a referral, or a new row of a cohort file)."""
    return emails.deliver_invitation(enrolment_id=enrolment_id)
