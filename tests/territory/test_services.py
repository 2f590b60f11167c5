"""Setting and forgetting the person's place: validation, one row per person, gone with the person's data."""

import io
import json
import zipfile

import pytest

from openbilan.privacy import erasure, export
from openbilan.territory import services
from openbilan.territory.errors import CommuneNotInPostcode, InvalidJobLevel, InvalidTravel, UnknownCommune
from openbilan.territory.models import Commune, PersonPlace
from tests.accounts.factories import beneficiary


def test_setting_the_place_twice_updates_the_one_row(places):
    person = beneficiary()
    services.set_place(person=person, postcode="14000", commune_code="14118", travel_km=30)
    services.set_place(person=person, postcode="14400", commune_code="14047", job_level="technician")
    place = PersonPlace.objects.get(person=person)
    assert (place.commune.insee_code, place.postcode, place.travel_km, place.job_level) == (
        "14047",
        "14400",
        None,
        "technician",
    )


@pytest.mark.parametrize(
    ("postcode", "commune", "travel", "level", "error"),
    [
        ("14000", "99999", None, "", UnknownCommune),
        ("14000", "14047", None, "", CommuneNotInPostcode),  # Bayeux is not in 14000
        ("14000", "14118", 0, "", InvalidTravel),
        ("14000", "14118", 201, "", InvalidTravel),
        ("14000", "14118", 30, "president", InvalidJobLevel),
    ],
)
def test_a_wrong_place_is_refused_with_a_message_and_nothing_is_saved(
    territory, postcode, commune, travel, level, error
):
    person = beneficiary()
    with pytest.raises(error) as refused:
        services.set_place(person=person, postcode=postcode, commune_code=commune, travel_km=travel, job_level=level)
    assert refused.value.messages[0]
    assert not PersonPlace.objects.filter(person=person).exists()


def test_an_inactive_commune_cannot_be_chosen(places):
    Commune.objects.filter(insee_code="14118").update(is_active=False)
    with pytest.raises(UnknownCommune):
        services.set_place(person=beneficiary(), postcode="14000", commune_code="14118")


def test_clearing_forgets_the_place(places):
    person = beneficiary()
    services.set_place(person=person, postcode="14000", commune_code="14118")
    assert services.clear_place(person=person) is True
    assert services.clear_place(person=person) is False
    assert not PersonPlace.objects.exists()


def test_erasing_the_person_erases_their_place(places):
    person = beneficiary()
    services.set_place(person=person, postcode="14000", commune_code="14118")
    erasure.erase_person(person=person)
    assert not PersonPlace.objects.exists()
    assert Commune.objects.filter(insee_code="14118").exists()


def test_the_place_is_in_the_persons_data_export(places):
    person = beneficiary()
    assert export.gather(person)["territory"] == {"place": None}
    services.set_place(person=person, postcode="14000", commune_code="14118", travel_km=20)
    archive = zipfile.ZipFile(io.BytesIO(export.zip_for(person)))
    place = json.loads(archive.read("territory.json"))["place"]
    assert (place["commune"], place["bassin"]["code"], place["travel_km"]) == (
        {"code": "14118", "name": "Caen"},
        "2817",
        20,
    )


def test_the_demo_beneficiary_lives_in_caen(places):
    from openbilan.demo import load_demo

    context = load_demo()
    place = PersonPlace.objects.get(person=context.users["beneficiary"])
    assert (place.commune.insee_code, place.postcode, place.travel_km) == ("14118", "14000", 30)
    load_demo()
    assert PersonPlace.objects.count() == 1
