"""The operator admin's quality pages (offer, results, register, settings) and the accommodation requests that the
person records and their coach and operator see, every staff access logged."""

import datetime

import pytest
from django.utils import timezone

from openbilan.privacy.models import AccessLog
from openbilan.quality import services
from openbilan.quality.models import AccommodationRequest, Complaint, Offer, ResultsSnapshot
from tests.accounts.factories import coach, funder_viewer, prescriber
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory
from tests.quality.factories import admin_of, complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="normandie")


@pytest.fixture
def admin(programme):
    return admin_of(programme)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


OFFER = {
    "objectives": "Un projet.",
    "duration": "3 mois",
    "funded": "on",
    "how_to_start": "Par votre conseiller.",
    "contact_email": "contact@example.org",
}


def test_the_admin_writes_then_publishes_the_offer(admin_client, programme):
    assert admin_client.post("/qualite/operateur/offres/normandie/", OFFER).status_code == 302
    admin_client.post("/qualite/operateur/offres/normandie/publication/", {"action": "publish"})
    assert Offer.objects.get(programme=programme).published
    assert admin_client.get("/qualite/offres/normandie/").status_code == 200


def test_a_price_is_asked_when_the_offer_is_not_funded(admin_client, programme):
    response = admin_client.post("/qualite/operateur/offres/normandie/", {**OFFER, "funded": ""})
    assert "Indiquez le prix" in response.content.decode()
    assert not Offer.objects.exists()


def test_publishing_an_offer_not_written_yet_says_what_to_do(admin_client):
    response = admin_client.post("/qualite/operateur/offres/normandie/publication/", {"action": "publish"}, follow=True)
    assert "objectifs, durée, comment commencer" in response.content.decode()


def test_the_admin_publishes_a_dated_results_snapshot(admin_client, programme):
    admin_client.post("/qualite/operateur/offres/normandie/resultats/")
    assert ResultsSnapshot.objects.filter(programme=programme).count() == 1
    page = admin_client.get("/qualite/operateur/offres/normandie/").content.decode()
    assert "moins de 11 personnes" in page


def test_the_register_flags_an_overdue_complaint_in_a_fixed_number_of_queries(
    admin_client, programme, django_assert_max_num_queries
):
    complaint(programme, now=timezone.now() - datetime.timedelta(days=30))
    complaint(programme)
    with django_assert_max_num_queries(6):
        page = admin_client.get("/qualite/operateur/reclamations/").content.decode()
    assert page.count("En retard") == 1


def test_the_admin_moves_a_complaint_to_analysed(admin_client, programme):
    item = complaint(programme)
    response = admin_client.post(f"/qualite/operateur/reclamations/{item.pk}/", {"target": "analysed"})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=item.pk).state == "analysed"


def test_an_illegal_transition_is_refused_with_a_message_not_a_server_error(admin_client, programme):
    item = complaint(programme)
    response = admin_client.post(
        f"/qualite/operateur/reclamations/{item.pk}/", {"target": "closed", "improvement": "x"}
    )
    assert response.status_code == 400
    assert "ne peut pas passer à « Clôturée »" in response.content.decode()
    assert Complaint.objects.get(pk=item.pk).state == "received"


def test_another_operators_admin_cannot_open_the_complaint(client, programme):
    item = complaint(programme)
    client.force_login(admin_of(ProgrammeFactory()))
    assert client.get(f"/qualite/operateur/reclamations/{item.pk}/").status_code == 404


def test_the_admin_sets_the_referent_and_deadlines(admin_client, programme):
    data = {"referent_name": "Nora", "referent_email": "", "referent_phone": "", "acknowledge_days": 3}
    response = admin_client.post("/qualite/operateur/reglages/", {**data, "answer_days": 2})
    assert "ne peut pas être plus court" in response.content.decode()
    admin_client.post("/qualite/operateur/reglages/", {**data, "answer_days": 20})
    item = complaint(programme)
    assert (item.answer_by - item.acknowledge_by).days == 17


# --- Accommodations --------------------------------------------------------------------------------------------------


@pytest.fixture
def enrolment(programme):
    return EnrolmentFactory(programme=programme)


def test_without_consent_the_request_is_not_stored(client, enrolment):
    client.force_login(enrolment.beneficiary)
    response = client.post("/qualite/amenagements/", {"kinds": ["large_print"], "details": "Police 18"})
    assert "Sans votre accord" in response.content.decode()
    assert not AccommodationRequest.objects.exists()


def test_the_person_records_then_withdraws_a_request(client, enrolment):
    client.force_login(enrolment.beneficiary)
    client.post("/qualite/amenagements/", {"kinds": ["large_print", "extra_time"], "consent": "on"})
    request = AccommodationRequest.objects.get()
    assert request.kinds == ["large_print", "extra_time"]
    assert client.post(f"/qualite/amenagements/{request.pk}/retirer/").status_code == 302
    assert not AccommodationRequest.objects.exists()


def test_the_coach_and_the_admin_see_the_request_and_the_access_is_logged(client, enrolment, admin):
    services.record_accommodation(person=enrolment.beneficiary, kinds=[], details="Interprète LSF", consent=True)
    for staff in (enrolment.coach, admin):
        client.force_login(staff)
        assert "Interprète LSF" in client.get("/qualite/equipe/amenagements/").content.decode()
        assert AccessLog.objects.filter(actor=staff, subject=enrolment.beneficiary).count() == 1


@pytest.mark.parametrize("make", [coach, funder_viewer, prescriber])
def test_other_roles_do_not_see_the_request(client, enrolment, make):
    services.record_accommodation(person=enrolment.beneficiary, kinds=[], details="Interprète LSF", consent=True)
    client.force_login(make())
    response = client.get("/qualite/equipe/amenagements/")
    assert "Interprète LSF" not in response.content.decode()
    assert not AccessLog.objects.exists()
