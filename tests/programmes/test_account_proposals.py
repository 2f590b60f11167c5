"""Issue 16, finding 2 (the account part): an import never changes an existing account's name or e-mail; it
proposes the change, and the person accepts or refuses it on their own page.

Reproduction: operator 1's admin imports a cohort row with the e-mail of a person enrolled by operator 2, under
another name: the import renamed the person's account everywhere (operator 2's pages included). A re-import with a
new e-mail address changed the address they sign in with."""

import html

import pytest
from django.urls import reverse

from openbilan.accounts.models import ChangeProposal, User
from openbilan.enrolments.models import Enrolment
from openbilan.privacy import erasure
from openbilan.programmes import services
from tests.accounts.factories import UserFactory
from tests.programmes.cohort import csv_bytes, row
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

PROPOSALS = reverse("accounts:proposals")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def programme(db):
    return ProgrammeFactory(cohort_prescribers=True)


@pytest.fixture
def person(db):
    """A person in a bilan with operator 2, who signs in."""
    return EnrolmentFactory(
        beneficiary__first_name="Awa", beneficiary__last_name="Diallo", beneficiary__email="awa@example.org"
    ).beneficiary


def test_a_row_naming_a_known_email_otherwise_does_not_rename_the_account(programme, person):
    report = services.import_cohort(
        programme=programme, data=csv_bytes([row(1, first_name="Aïssatou", last_name="Dialo", email=person.email)])
    )
    assert report.applied
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("Awa", "Diallo", "awa@example.org")
    proposal = ChangeProposal.objects.get(user=person)
    assert (proposal.organisation, proposal.first_name, proposal.last_name) == (programme.operator, "Aïssatou", "Dialo")
    assert proposal.decided_at is None


def test_a_reimport_with_another_email_only_proposes_it(programme):
    services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    report = services.import_cohort(programme=programme, data=csv_bytes([row(1, email="nouvelle@example.org")]))
    assert report.ok and report.updated == 1
    person = Enrolment.objects.get(external_id="P0001").beneficiary
    assert person.email == "personne1@exemple.fr"
    assert ChangeProposal.objects.get(user=person).email == "nouvelle@example.org"
    again = services.import_cohort(programme=programme, data=csv_bytes([row(1, email="nouvelle@example.org")]))
    assert (again.updated, again.unchanged, ChangeProposal.objects.count()) == (0, 1, 1)  # asked once


def test_the_person_sees_the_proposal_and_accepts_it(client, programme, person):
    services.import_cohort(programme=programme, data=csv_bytes([row(1, first_name="Aïssatou", email=person.email)]))
    client.force_login(person)
    assert "Un changement de votre compte attend votre réponse" in text(client.get("/accueil/", follow=True))
    page = text(client.get(PROPOSALS))
    assert "Aïssatou" in page and "Awa" in page and programme.operator.name in page
    proposal = ChangeProposal.objects.get()
    response = client.post(PROPOSALS, {"proposal": proposal.pk, "decision": "accept"}, follow=True)
    assert "Votre compte est modifié." in text(response)
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Aïssatou", "Nom1")


def test_a_refusal_changes_nothing_and_the_same_file_does_not_ask_again(client, programme, person):
    data = csv_bytes([row(1, first_name="Aïssatou", email=person.email)])
    services.import_cohort(programme=programme, data=data)
    client.force_login(person)
    proposal = ChangeProposal.objects.get()
    client.post(PROPOSALS, {"proposal": proposal.pk, "decision": "refuse"})
    person.refresh_from_db()
    assert person.first_name == "Awa"
    services.import_cohort(programme=programme, data=data)
    assert not ChangeProposal.objects.filter(decided_at__isnull=True).exists()
    assert "Personne ne vous propose de changement." in text(client.get(PROPOSALS))


def test_nobody_else_answers_a_proposal(client, programme, person):
    services.import_cohort(programme=programme, data=csv_bytes([row(1, first_name="Aïssatou", email=person.email)]))
    proposal = ChangeProposal.objects.get()
    client.force_login(UserFactory(role="beneficiary"))
    response = client.post(PROPOSALS, {"proposal": proposal.pk, "decision": "accept"}, follow=True)
    assert "n'existe pas" in text(response)
    proposal.refresh_from_db()
    person.refresh_from_db()
    assert proposal.decided_at is None and person.first_name == "Awa"


def test_an_address_taken_meanwhile_is_refused_with_a_clear_message(client, programme):
    services.import_cohort(programme=programme, data=csv_bytes([row(1)]))
    services.import_cohort(programme=programme, data=csv_bytes([row(1, email="prise@example.org")]))
    UserFactory(email="prise@example.org")
    person = User.objects.get(email="personne1@exemple.fr")
    client.force_login(person)
    proposal = ChangeProposal.objects.get()
    response = client.post(PROPOSALS, {"proposal": proposal.pk, "decision": "accept"}, follow=True)
    assert response.status_code == 200 and "déjà celle d'un autre compte" in text(response)
    person.refresh_from_db()
    assert person.email == "personne1@exemple.fr"


@pytest.mark.parametrize("data", [{}, {"proposal": "x", "decision": "accept"}, {"proposal": "1", "decision": "maybe"}])
def test_bad_input_is_a_clear_message_not_an_error(client, person, data):
    client.force_login(person)
    response = client.post(PROPOSALS, data, follow=True)
    assert response.status_code == 200 and "n'existe pas" in text(response)


def test_erasure_deletes_the_proposals(programme, person):
    services.import_cohort(programme=programme, data=csv_bytes([row(1, first_name="Aïssatou", email=person.email)]))
    erasure.erase_person(person=person)
    assert not ChangeProposal.objects.exists()
