import io
import json
import zipfile

import pytest
from django.urls import reverse

from openbilan.accounts.models import User
from openbilan.privacy.models import Consent, PurgeRecord, Purpose
from openbilan.privacy.services import record_access
from tests.accounts.factories import beneficiary, coach
from tests.privacy.factories import EMAIL, rich_person


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 302 and "connexion" in response["Location"]


def test_the_page_shows_consents_and_who_opened_the_data(client, db):
    person, staff = beneficiary(), coach(first_name="Aline", last_name="Rivière")
    record_access(actor=staff, subject=person, what="résultats RIASEC")
    client.force_login(person)
    response = client.get(reverse("privacy:index"))
    assert response.status_code == 200
    assert "Aline Rivière" in response.text and "résultats RIASEC" in response.text
    assert "Publier mon témoignage" in response.text


def test_the_person_grants_and_withdraws_a_purpose_from_the_page(client, db):
    person = beneficiary()
    client.force_login(person)
    client.post(reverse("privacy:consent"), {"purpose": Purpose.RESEARCH, "granted": "1"})
    client.post(reverse("privacy:consent"), {"purpose": Purpose.RESEARCH, "granted": "0"})
    assert list(Consent.objects.filter(person=person).values_list("granted", flat=True)) == [False, True]


def test_a_forged_purpose_is_refused_without_error(client, db):
    client.force_login(beneficiary())
    response = client.post(reverse("privacy:consent"), {"purpose": "<script>", "granted": "1"})
    assert response.status_code == 302 and not Consent.objects.exists()


def test_the_download_is_a_zip_of_json_and_csv_with_every_domain(client, db):
    enrolment = rich_person()
    client.force_login(enrolment.beneficiary)
    response = client.get(reverse("privacy:download"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for domain in (
        "account",
        "assessments",
        "journeys",
        "coaching",
        "recommendations",
        "projects",
        "programmes",
        "quality",
    ):
        assert f"{domain}.json" in names
    assert "csv/coaching-coach_notes.csv" in names and "csv/privacy-access_log.csv" in names
    coaching = json.loads(archive.read("coaching.json"))
    assert len(coaching["coach_notes"]) == 1 and len(coaching["messages"]) == 2
    assert json.loads(archive.read("account.json"))["account"]["email"] == EMAIL
    assert json.loads(archive.read("assessments.json"))["attempts"][0]["answers"]


def test_erasure_needs_the_confirmation_word(client, db):
    person = beneficiary()
    client.force_login(person)
    response = client.post(reverse("privacy:erase"), {"confirm": "oui"})
    assert response.status_code == 200 and "Écrivez le mot « effacer » pour confirmer." in response.text
    assert User.objects.get(pk=person.pk).is_active


def test_erasure_on_request_is_immediate_and_signs_out(client, db):
    enrolment = rich_person()
    client.force_login(enrolment.beneficiary)
    response = client.post(reverse("privacy:erase"), {"confirm": "effacer"})
    assert response.status_code == 200
    assert PurgeRecord.objects.filter(reason=PurgeRecord.Reason.ERASURE).exists()
    assert not User.objects.filter(email=EMAIL).exists()
    assert client.get(reverse("privacy:index")).status_code == 302


@pytest.mark.parametrize("make", [coach])
def test_staff_accounts_cannot_erase_themselves_here(client, db, make):
    staff = make()
    client.force_login(staff)
    response = client.post(reverse("privacy:erase"), {"confirm": "EFFACER"})
    assert response.status_code == 403
    assert User.objects.get(pk=staff.pk).is_active
