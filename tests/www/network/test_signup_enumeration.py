"""Issue 16, finding 5 (the professionals' public sign-up): the page answers the same whether or not the address
already has an account, so nobody learns from it that a person is in a bilan. The account's owner gets an e-mail
instead, sent by the task worker, whose queue holds identifiers only (no address, no token)."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from openbilan.accounts.models import User
from openbilan.network.models import ProfessionalProfile
from tests.accounts.factories import beneficiary
from tests.programmes.factories import ProgrammeFactory
from tests.recommendations.factories import referential

SIGNUP = reverse("network:signup")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}}


@pytest.fixture
def operator(db):
    referential()
    return ProgrammeFactory().operator


def _form(operator, email):
    return {
        "operator": operator.pk,
        "first_name": "Luc",
        "last_name": "Petit",
        "email": email,
        "password": "un-mot-de-passe-long",
        "headline": "Cariste",
        "region": "nor",
        "codes": "N1101",
        "contact_mode": "phone",
    }


def _page(response) -> str:
    """The page as the visitor reads it, without the per-request tokens (CSRF, CSP nonce)."""
    text = html.unescape(response.content.decode())
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, operator, settings):
    settings.TASKS = IMMEDIATE
    known = beneficiary()
    unknown = client.post(SIGNUP, _form(operator, "personne-inconnue@example.org"))
    existing = client.__class__().post(SIGNUP, _form(operator, known.email.upper()))
    assert (existing.status_code, existing.headers.get("Location")) == (
        unknown.status_code,
        unknown.headers.get("Location"),
    )
    assert _page(existing) == _page(unknown)


def test_the_existing_account_is_left_unchanged_and_gets_an_email(
    client, operator, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    known = beneficiary(first_name="Awa", last_name="Diallo")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _form(operator, known.email.upper()))
    known.refresh_from_db()
    assert (known.first_name, known.last_name) == ("Awa", "Diallo")
    assert not known.check_password("un-mot-de-passe-long")
    assert not ProfessionalProfile.objects.filter(user=known).exists()
    assert User.objects.filter(email__iexact=known.email).count() == 1
    assert [message.to for message in mail.outbox] == [[known.email]]
    body = mail.outbox[0].body
    assert "déjà un compte" in body and reverse("accounts:password_reset") in body


def test_the_task_queue_holds_identifiers_only(client, operator, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
    from django_tasks_db.models import DBTaskResult

    known = beneficiary()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _form(operator, known.email))
    queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))
    assert len(queued) == 1
    path, args_kwargs = queued[0]
    assert path.startswith("openbilan.network.tasks.")
    assert all(isinstance(value, int) for value in args_kwargs["args"] + list(args_kwargs["kwargs"].values()))
    assert known.email not in str(args_kwargs)


def test_a_new_address_still_signs_up_and_waits_for_approval(client, operator, settings):
    settings.TASKS = IMMEDIATE
    client.post(SIGNUP, _form(operator, "Luc.Petit@Example.org"))
    profile = ProfessionalProfile.objects.get(user__email="luc.petit@example.org")
    assert profile.state == ProfessionalProfile.State.PENDING
    assert mail.outbox == []
