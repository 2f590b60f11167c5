"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails."""

from django_tasks import task

from openbilan.enrolments import emails as invitation_emails
from openbilan.programmes import emails


@task(queue_name="email")
def send_invitation(enrolment_id: int) -> str:
    """Kept for the invitations queued before the e-mail moved to the enrolment core (enrolments.tasks)."""
    return invitation_emails.deliver_invitation(enrolment_id=enrolment_id)


@task(queue_name="email")
def send_survey(survey_id: int) -> str:
    """An evaluation or follow-up survey, with its signed link (no sign-in needed)."""
    return emails.deliver_survey(survey_id=survey_id)


@task(queue_name="email")
def send_referral_notice(referral_id: int) -> str:
    """A prescriber referred the address of an existing account: its owner is told (the page said nothing)."""
    return emails.deliver_referral_notice(referral_id=referral_id)
