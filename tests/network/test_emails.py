"""Network e-mails go through the task queue like every other e-mail: the request that causes one only queues
identifiers, and the worker writes it in its recipient's language (openbilan/mail.py)."""

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from openbilan.network import emails, services
from openbilan.network.models import Invitation
from tests.coaching.factories import admin_of, followed
from tests.network.factories import professional, requested
from tests.programmes.factories import ProgrammeFactory
from tests.recommendations.factories import referential

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}


def queued() -> list[tuple[str, list]]:
    return [(path, kw["args"]) for path, kw in DBTaskResult.objects.values_list("task_path", "args_kwargs")]


def test_a_meeting_request_is_queued_not_sent_then_written_in_the_professional_s_language(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    referential()
    enrolment = followed(phase="investigation")
    pro = professional(enrolment.programme.operator, codes=("K2111",))
    pro.user.language = "en"
    pro.user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting = requested(enrolment, pro)
    assert mail.outbox == []  # nothing sent during the request
    assert queued() == [("openbilan.network.tasks.send_meeting_email", [meeting.pk, "request"])]
    assert emails.deliver_meeting_email(meeting_id=meeting.pk, what="request") == "sent"
    [sent] = mail.outbox
    assert sent.to == [pro.user.email]
    assert "Bonjour" not in sent.body and enrolment.beneficiary.first_name in sent.body
    assert enrolment.beneficiary.last_name not in sent.body


def test_the_invitation_token_stays_out_of_the_task_table_and_the_worker_mints_the_same_link(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    programme = ProgrammeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite(
            operator=programme.operator, email="ines@example.org", invited_by=admin_of(programme)
        )
    assert queued() == [("openbilan.network.tasks.send_invitation", [invitation.pk])]
    assert token not in str(DBTaskResult.objects.values_list("args_kwargs", flat=True)[0])
    assert token not in str(list(Invitation.objects.values_list()))
    assert mail.outbox == []
    assert emails.deliver_invitation(invitation_id=invitation.pk) == "sent"
    link = re.search(r"/reseau/invitation/(\S+)/", mail.outbox[0].body).group(1)
    assert link == token and services.invitation_for(link) == invitation


def test_an_accepted_invitation_is_not_sent_again():
    programme = ProgrammeFactory()
    invitation, _token = services.invite(
        operator=programme.operator, email="a@example.org", invited_by=admin_of(programme)
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=invitation.created_at)
    assert emails.deliver_invitation(invitation_id=invitation.pk) == "not_sent"
    assert mail.outbox == []
