"""A new identity never takes over an existing account silently; staff keep their second factor."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core import mail
from django_tasks_db.models import DBTaskResult

from openbilan.accounts.models import Role
from openbilan.identity import emails
from openbilan.identity.models import ExternalIdentity
from openbilan.privacy.erasure import erase_person
from tests.accounts.factories import (
    PASSWORD,
    OrganisationFactory,
    UserFactory,
    beneficiary,
    coach,
    totp_device,
    totp_token,
)
from tests.identity.fixtures import PROCONNECT_STAFF_ACR, dance

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return beneficiary(email="stephanie.durand@example.org")


@pytest.fixture
def uncertified(franceconnect):
    franceconnect.identities[0].email_verified = False
    return franceconnect


def test_an_uncertified_email_never_signs_in_the_account_that_has_it(client, uncertified, person):
    response = dance(client, uncertified, "franceconnect")
    assert response["Location"] == "/compte/identite/lier/"
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()
    page = client.get("/compte/identite/lier/").content.decode()
    assert "Première connexion avec FranceConnect" in page
    assert 'value="stephanie.durand@example.org"' in page


def test_the_password_of_the_account_links_it_and_signs_in(client, uncertified, person):
    dance(client, uncertified, "franceconnect")
    response = client.post("/compte/identite/lier/", {"username": person.email, "password": PASSWORD})
    assert response["Location"] == "/accueil/"
    assert int(client.session["_auth_user_id"]) == person.pk
    assert ExternalIdentity.objects.get(sub="fc-sub-0001").user == person
    client.logout()
    assert dance(client, uncertified, "franceconnect")["Location"] == "/accueil/"  # by its sub from now on


def test_a_wrong_password_links_nothing(client, uncertified, person):
    dance(client, uncertified, "franceconnect")
    response = client.post("/compte/identite/lier/", {"username": person.email, "password": "pas-le-bon-mot"})
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_email_link_links_once_within_a_day(
    client, uncertified, person, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
    dance(client, uncertified, "franceconnect")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/identite/lier/email/", {"email": person.email})
    assert "Regardez vos e-mails" in response.content.decode()
    assert not ExternalIdentity.objects.filter(linked_at__isnull=False).exists()
    # the e-mail goes through the task queue, which holds the row's id only; the worker mints the link
    assert mail.outbox == []
    [(task_path, args_kwargs)] = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    row = ExternalIdentity.objects.get(sub="fc-sub-0001")
    assert (task_path, args_kwargs["args"]) == ("openbilan.identity.tasks.send_link_confirmation", [row.pk])
    assert emails.deliver_link_confirmation(identity_id=row.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == [person.email]
    path = urlparse(re.search(r"https?://\S+", message.body).group(0)).path
    assert client.get(path).status_code == 200  # a page with a button: opening the link confirms nothing
    assert not ExternalIdentity.objects.filter(linked_at__isnull=False).exists()
    other_browser = client_class_fresh()
    assert "Votre compte est lié" in other_browser.post(path).content.decode()
    assert ExternalIdentity.objects.get(sub="fc-sub-0001", linked_at__isnull=False).user == person
    assert other_browser.post(path).status_code == 400  # once


def client_class_fresh():
    from django.test import Client

    return Client()


def test_an_email_link_is_answered_the_same_without_an_account(client, uncertified):
    dance(client, uncertified, "franceconnect")
    response = client.post("/compte/identite/lier/email/", {"email": "personne@example.org"})
    assert "Regardez vos e-mails" in response.content.decode()
    assert mail.outbox == []


def test_a_staff_account_is_never_linked_by_email(client, uncertified):
    staff = coach(email="stephanie.durand@example.org")
    dance(client, uncertified, "franceconnect")
    client.post("/compte/identite/lier/email/", {"email": staff.email})
    assert mail.outbox == []
    assert not ExternalIdentity.objects.exists()


@pytest.mark.two_factor
def test_staff_prove_their_second_factor_before_an_identity_is_linked(client, uncertified):
    staff = coach(email="stephanie.durand@example.org")
    device = totp_device(staff)
    dance(client, uncertified, "franceconnect")
    response = client.post("/compte/identite/lier/", {"username": staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/compte/double-authentification/")
    assert not ExternalIdentity.objects.exists()
    assert client.get("/compte/identite/lier/")["Location"].startswith("/compte/double-authentification/")
    client.post("/compte/double-authentification/", {"token": totp_token(device)})
    assert "Lier FranceConnect à votre compte" in client.get("/compte/identite/lier/").content.decode()
    assert client.post("/compte/identite/lier/")["Location"] == "/accueil/"
    assert ExternalIdentity.objects.get(sub="fc-sub-0001").user == staff


@pytest.mark.two_factor
def test_a_staff_session_without_its_second_factor_cannot_link_its_account(client, franceconnect):
    staff = coach(email="coach@example.org")
    totp_device(staff)
    client.post("/compte/connexion/", {"username": staff.email, "password": PASSWORD})  # password only
    franceconnect.identities[0].email = "intrus@example.org"
    dance(client, franceconnect, "franceconnect")
    assert not ExternalIdentity.objects.filter(user=staff).exists()


def test_a_signed_in_person_links_their_account_by_signing_in_at_the_provider(client, uncertified, person):
    client.force_login(person)
    uncertified.identities[0].email = "autre@example.org"
    assert dance(client, uncertified, "franceconnect")["Location"] == "/accueil/"
    assert ExternalIdentity.objects.get(sub="fc-sub-0001").user == person


@pytest.fixture
def staff_agent(proconnect):
    proconnect.identities[0].email_verified = True
    proconnect.identities[0].email = "coach@example.org"
    return coach(email="coach@example.org")


@pytest.mark.two_factor
def test_proconnect_is_closed_to_staff_unless_the_operator_opens_it(client, proconnect, staff_agent, settings):
    settings.OPENBILAN_IDENTITY_PROVIDERS["proconnect"]["staff_acr_values"] = []
    proconnect.identities[0].acr = PROCONNECT_STAFF_ACR
    response = dance(client, proconnect, "proconnect")
    assert response.status_code == 403 and "non ouverte à votre rôle" in response.content.decode()


@pytest.mark.two_factor
def test_staff_below_the_level_the_operator_sets_are_refused(client, proconnect, staff_agent):
    response = dance(client, proconnect, "proconnect")  # the prescribers' level, not the staff's
    assert response.status_code == 403 and "Niveau de sécurité insuffisant" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.two_factor
def test_staff_at_the_level_still_type_their_code_when_proconnect_asserts_no_second_factor(
    client, proconnect, staff_agent
):
    proconnect.identities[0].acr = PROCONNECT_STAFF_ACR
    proconnect.identities[0].amr = ["pwd"]
    assert dance(client, proconnect, "proconnect")["Location"] == "/accueil/"
    assert client.get("/consultant/")["Location"].startswith("/compte/double-authentification/")


@pytest.mark.two_factor
def test_staff_skip_the_code_when_proconnect_asserts_a_second_factor(client, proconnect, staff_agent):
    proconnect.identities[0].acr = PROCONNECT_STAFF_ACR
    proconnect.identities[0].amr = ["pwd", "mfa"]
    dance(client, proconnect, "proconnect")
    assert client.get("/consultant/").status_code == 200
    assert client.session.get_expire_at_browser_close()
    assert ExternalIdentity.objects.get(user=staff_agent).last_amr == "pwd mfa"


def test_signing_out_signs_out_at_the_provider_too(client, franceconnect, person):
    dance(client, franceconnect, "franceconnect")
    response = client.post("/compte/identite/deconnexion/")
    assert "_auth_user_id" not in client.session
    target = urlparse(response["Location"])
    params = parse_qs(target.query)
    assert response["Location"].startswith(f"{franceconnect.issuer}/session/end?")
    assert params["post_logout_redirect_uri"] == ["http://testserver/compte/identite/deconnecte/"]
    assert len(params["state"][0]) >= 32 and params["id_token_hint"][0].count(".") == 2
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert franceconnect.logouts == [{"sub": "fc-sub-0001", "state": params["state"][0]}]
    landing = urlparse(back.headers["Location"])
    response = client.get(f"{landing.path}?{landing.query}", follow=True)
    assert "Vous êtes déconnecté·e." in response.content.decode()


def test_a_password_session_signs_out_here_only(client, franceconnect, person):
    client.force_login(person)
    assert client.post("/compte/identite/deconnexion/")["Location"] == "/"


def test_only_what_signing_in_needs_is_kept(client, franceconnect, person):
    person.first_name, person.last_name = "Stéphanie", "Durand"
    person.save()
    franceconnect.identities[0].given_name = "Autre"
    dance(client, franceconnect, "franceconnect")
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Stéphanie", "Durand")
    row = ExternalIdentity.objects.values().get()
    kept = {key for key, value in row.items() if value not in ("", None, False)}
    assert kept <= {
        "id",
        "user_id",
        "provider",
        "sub",
        "email_verified",
        "last_acr",
        "last_amr",
        "last_login_at",
        "created_at",
        "linked_at",
    }


def test_erasure_removes_the_links(client, franceconnect, person):
    dance(client, franceconnect, "franceconnect")
    erase_person(person=person)
    assert not ExternalIdentity.objects.exists()


def test_a_prescriber_from_another_organisation_is_not_moved_out_of_it(client, proconnect):
    elsewhere = OrganisationFactory(prescriber=True)
    OrganisationFactory(prescriber=True, siret="13000548100010")
    agent = UserFactory(role=Role.PRESCRIBER, role__organisation=elsewhere, email="agent.caen@francetravail.example")
    proconnect.identities[0].email_verified = True
    dance(client, proconnect, "proconnect")
    assert agent.memberships.filter(organisation=elsewhere, is_active=True).exists()


def test_a_deactivated_account_is_not_signed_in_by_its_identity(client, franceconnect, person):
    dance(client, franceconnect, "franceconnect")
    client.logout()
    person.is_active = False
    person.save()
    response = dance(client, franceconnect, "franceconnect")
    assert response.status_code == 403 and "Compte désactivé" in response.content.decode()
    assert "_auth_user_id" not in client.session
