"""The invitation e-mail goes through the task queue like every other e-mail: the task carries the enrolment's id
only (the signed link is minted by the worker, never stored in the task table), and the text is written in the
person's language (openbilan/mail.py)."""

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from openbilan.enrolments import emails, links, services
from openbilan.enrolments.models import EnrolmentStatus
from tests.programmes.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}


def test_the_invitation_is_queued_with_the_id_only_and_the_worker_mints_the_link(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    enrolment = EnrolmentFactory(invited=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_invitation(enrolment)
    assert mail.outbox == []
    [(path, arguments)] = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    assert (path, arguments["args"]) == ("openbilan.enrolments.tasks.send_invitation", [enrolment.pk])
    assert emails.deliver_invitation(enrolment_id=enrolment.pk) == "sent"
    [sent] = mail.outbox
    [token] = re.findall(r"/programmes/invitation/([^/\s]+)/", sent.body)
    assert links.enrolment_from_invitation(token) == enrolment


def test_the_invitation_is_written_in_the_person_s_language():
    enrolment = EnrolmentFactory(invited=True)
    emails.deliver_invitation(enrolment_id=enrolment.pk)
    person = enrolment.beneficiary
    person.language = "en"
    person.save(update_fields=["language"])
    emails.deliver_invitation(enrolment_id=enrolment.pk)
    french, english = mail.outbox
    assert french.subject.startswith("Votre invitation")
    assert english.subject.startswith("Your invitation")


def test_nothing_is_sent_once_the_person_has_answered():
    enrolment = EnrolmentFactory()  # accepted
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert emails.deliver_invitation(enrolment_id=enrolment.pk) == "not_sent"
    assert mail.outbox == []
