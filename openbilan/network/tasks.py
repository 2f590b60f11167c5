"""Background work run by `manage.py db_worker` (django-tasks with its database backend): the e-mails.

Arguments are identifiers only: the task table never holds an address or a token."""

from django_tasks import task


@task(queue_name="email")
def send_existing_account_notice(user_id: int, operator_id: int) -> str:
    """Someone signed up to the network with the address of an existing account: tell its owner."""
    from openbilan.network import services  # services enqueue these tasks: imported here to avoid a cycle

    return services.deliver_existing_account_notice(user_id=user_id, operator_id=operator_id)
