"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails.

Arguments are identifiers only: the task table never holds an address or a token."""

from django_tasks import task

from openbilan.identity import emails


@task(queue_name="email")
def send_link_confirmation(identity_id: int) -> str:
    """The link that confirms linking an identity to an account (asked for after signing in at the provider)."""
    return emails.deliver_link_confirmation(identity_id=identity_id)
