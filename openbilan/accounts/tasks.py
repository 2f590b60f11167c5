"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails.

Arguments are identifiers only: the task table never holds an address or a token."""

from django_tasks import task

from openbilan.accounts import emails


@task(queue_name="email")
def send_password_reset(user_id: int) -> str:
    """The link to choose a new password, asked for on the sign-in page."""
    return emails.deliver_password_reset(user_id=user_id)
