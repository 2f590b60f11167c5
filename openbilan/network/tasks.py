"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails.

Arguments are identifiers only: the task table never holds an address or a token."""

from django_tasks import task

from openbilan.network import emails


@task(queue_name="email")
def send_invitation(invitation_id: int) -> str:
    """An operator admin invited a professional: the link to join (minted here, never stored)."""
    return emails.deliver_invitation(invitation_id=invitation_id)


@task(queue_name="email")
def send_existing_account_notice(user_id: int, operator_id: int) -> str:
    """Someone signed up to the network with the address of an existing account: tell its owner."""
    return emails.deliver_existing_account_notice(user_id=user_id, operator_id=operator_id)


@task(queue_name="email")
def send_signup_approved(profile_id: int) -> str:
    """An admin of the operator approved a professional's sign-up."""
    return emails.deliver_signup_approved(profile_id=profile_id)


@task(queue_name="email")
def send_meeting_email(meeting_id: int, what: str) -> str:
    """A meeting request to the professional (`request`), or its answer to the person (`answer`)."""
    return emails.deliver_meeting_email(meeting_id=meeting_id, what=what)
