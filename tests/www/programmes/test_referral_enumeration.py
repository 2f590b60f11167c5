"""Issue 16, finding 5 (the prescriber's referral form): the answer is the same for a known e-mail, for a known first
name + last name + birth date, and for an unknown person, so nobody learns from it that a person is in a bilan. The
duplicate review still happens, silently, for the operator; the owner of a known address gets an e-mail through the
task queue (ids only in the task table)."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from openbilan.accounts.models import Role
from openbilan.programmes.models import Referral
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

REFER = reverse("programmes:referral_create")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}}
BIRTH = datetime.date(1988, 5, 17)


@pytest.fixture
def world(db, settings):
    settings.TASKS = IMMEDIATE
    agency = OrganisationFactory(prescriber=True, name="France Travail Caen")
    programme = ProgrammeFactory()
    programme.prescribers.add(agency)
    known = EnrolmentFactory(
        programme=ProgrammeFactory(operator=programme.operator),
        beneficiary__first_name="Awa",
        beneficiary__last_name="Diallo",
        beneficiary__email="awa.diallo@example.org",
        birth_date=BIRTH,
    ).beneficiary
    adviser = UserFactory(role=Role.PRESCRIBER, role__organisation=agency)
    return programme, known, adviser


def _form(programme, email, birth_date):
    return {
        "programme": programme.pk,
        "first_name": "Awa",
        "last_name": "Diallo",
        "email": email,
        "birth_date": birth_date.isoformat(),
        "qualification_level": "4",
    }


def _page(response) -> str:
    """The page as the prescriber reads it, without the per-request tokens (CSRF, CSP nonce)."""
    text = html.unescape(response.content.decode())
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


def _answer(client, data) -> tuple:
    """What the prescriber gets back for one referral (the redirect, then the page it leads to), the database left
    as it was so that each case starts from the same state."""
    with transaction.atomic():
        response = client.post(REFER, data, follow=True)
        state = Referral.objects.get().state
        transaction.set_rollback(True)
    return response.status_code, response.redirect_chain, _page(response), state


def test_a_known_email_a_known_name_and_birth_date_and_an_unknown_person_get_the_same_answer(client, world):
    programme, known, adviser = world
    client.force_login(adviser)
    unknown = _answer(client, _form(programme, "nouvelle@example.org", datetime.date(1990, 1, 1)))
    same_email = _answer(client, _form(programme, known.email.upper(), datetime.date(1990, 1, 1)))
    same_name = _answer(client, _form(programme, "autre@example.org", BIRTH))
    # The review still happens, silently, for the operator.
    assert (unknown[3], same_email[3], same_name[3]) == ("invited", "review", "review")
    assert unknown[:3] == same_email[:3] == same_name[:3]
    assert "Awa Diallo" in unknown[2] and "La personne reçoit un e-mail qui lui propose le bilan" in unknown[2]


def test_the_owner_of_a_known_address_gets_an_email_and_their_account_is_unchanged(
    client, world, django_capture_on_commit_callbacks
):
    programme, known, adviser = world
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REFER, {**_form(programme, known.email.upper(), BIRTH), "first_name": "Autre"})
    referral = Referral.objects.get()
    assert (referral.state, referral.duplicate_of) == (Referral.State.REVIEW, known)
    [message] = mail.outbox
    assert message.to == [known.email]
    assert "France Travail Caen" in message.body and "déjà un compte" in message.body
    known.refresh_from_db()
    assert (known.first_name, known.last_name) == ("Awa", "Diallo")


def test_a_known_name_and_birth_date_alone_emails_nobody(client, world, django_capture_on_commit_callbacks):
    """The account found by name could be a homonym: telling it would tell a stranger about the referral."""
    programme, _known, adviser = world
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REFER, _form(programme, "autre@example.org", BIRTH))
    assert Referral.objects.get().state == Referral.State.REVIEW and mail.outbox == []


def test_the_task_table_holds_no_address(client, world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["email"]}}
    programme, known, adviser = world
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REFER, _form(programme, known.email, BIRTH))
    from django_tasks_db.models import DBTaskResult

    results = list(DBTaskResult.objects.all())
    assert results and all(known.email not in str(result.args_kwargs) for result in results)
