"""The person's place page: postcode, then commune, distance and job level; without JavaScript and with htmx."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbilan.territory.models import PersonPlace
from tests.accounts.factories import beneficiary, coach
from tests.programmes.factories import EnrolmentFactory

URL = reverse("territory:place")


@pytest.fixture
def person(client, places):
    user = beneficiary()
    client.force_login(user)
    return user


def test_the_page_starts_from_the_postcode_of_the_enrolment(client, person):
    EnrolmentFactory(beneficiary=person, postcode="14400")
    html = client.get(URL).content.decode()
    assert 'value="14400"' in html
    assert "Bayeux" in html and "Vaux-sur-Aure" in html  # the communes of 14400, to choose from


def test_without_a_postcode_the_page_asks_for_one(client, person):
    html = client.get(URL).content.decode()
    assert "Indiquez votre code postal, puis choisissez votre commune." in html
    assert 'name="commune"' not in html


def test_the_postcode_form_lists_the_communes_without_javascript(client, person):
    html = client.get(URL, {"postcode": "14123"}).content.decode()
    assert 'name="commune"' in html
    for name in ("Cormelles-le-Royal", "Fleury-sur-Orne", "Ifs"):
        assert name in html


def test_htmx_gets_only_the_commune_form(client, person):
    response = client.get(URL, {"postcode": "14000"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="place-form"' in html
    assert 'value="14118" checked' in html or "checked" in html  # the only commune of 14000 is pre-selected


def test_an_unknown_postcode_says_so(client, person):
    html = client.get(URL, {"postcode": "99999"}).content.decode()
    assert "Aucune commune ne porte ce code postal. Vérifiez-le." in html
    html = client.get(URL, {"postcode": "14"}).content.decode()
    assert "Le code postal a 5 chiffres, par exemple 14000." in html


def test_saving_the_place_shows_bassin_zone_and_departement(client, person):
    response = client.post(URL, {"postcode": "14400", "commune": "14047", "travel_km": "30", "job_level": "skilled"})
    assert response.status_code == 302 and response["Location"] == URL
    place = PersonPlace.objects.get(person=person)
    assert (place.commune.insee_code, place.travel_km, place.job_level) == ("14047", 30, "skilled")
    html = client.get(URL).content.decode()
    assert "Votre commune est enregistrée." in html
    assert "Bayeux (14400)" in html and "jusqu'à 30 km, soit environ 35 minutes en voiture (estimation)" in html
    assert "Un poste qualifié (ouvrier ou employé qualifié)" in html


def test_a_commune_of_another_postcode_is_refused_without_a_500(client, person):
    response = client.post(URL, {"postcode": "14000", "commune": "14047", "travel_km": ""})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not PersonPlace.objects.exists()


def test_saving_returns_to_the_page_the_person_came_from(client, person):
    target = reverse("explorer:occupation", args=["J1501"])
    response = client.post(URL, {"postcode": "14000", "commune": "14118", "next": target})
    assert response["Location"] == target
    response = client.post(URL, {"postcode": "14000", "commune": "14118", "next": "https://evil.example/"})
    assert response["Location"] == URL


def test_the_person_can_forget_their_place(client, person):
    client.post(URL, {"postcode": "14000", "commune": "14118"})
    response = client.post(URL, {"action": "clear"}, follow=True)
    assert "Votre commune est effacée." in response.content.decode()
    assert not PersonPlace.objects.exists()


def test_a_coach_has_no_place_page(client, places):
    client.force_login(coach())
    assert client.get(URL).status_code == 403


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["postcode", "commune", "travel_km", "job_level", "next", "action"]), st.text(max_size=30)
    )
)
def test_hostile_input_never_gives_a_500_nor_half_a_place(client, person, data):
    response = client.post(URL, data)
    assert response.status_code in (200, 302)
    place = PersonPlace.objects.filter(person=person).first()
    assert place is None or (place.commune_id and place.postcode)
