"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails."""

from django_tasks import task

from openbilan.programmes import emails


@task(queue_name="email")
def send_invitation(enrolment_id: int) -> str:
    """The invitation e-mail with the person's signed link (a referral, or a new row of a cohort file)."""
    from openbilan.programmes import services  # services enqueue these tasks: imported here to avoid a cycle

    return services.deliver_invitation(enrolment_id=enrolment_id)


@task(queue_name="email")
def send_survey(survey_id: int) -> str:
    """An evaluation or follow-up survey, with its signed link (no sign-in needed)."""
    return emails.deliver_survey(survey_id=survey_id)


@task(queue_name="email")
def send_referral_notice(referral_id: int) -> str:
    """A prescriber referred the address of an existing account: its owner is told (the page said nothing)."""
    return emails.deliver_referral_notice(referral_id=referral_id)
