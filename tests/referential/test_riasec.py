"""The RIASEC vocabulary: one pure module, its translated names, and every other module using it."""

import pytest
from django.utils import translation

from openbilan.assessments import scoring
from openbilan.projects import chart
from openbilan.referential import profiles, riasec, riasec_labels, sources
from openbilan.www.explorer import charts
from openbilan.www.explorer.forms import ExplorerSearchForm


def test_the_letters_are_holland_order_and_each_has_a_french_and_an_english_name():
    assert riasec.LETTERS == ("R", "I", "A", "S", "E", "C")
    assert set(riasec.NAMES_FR) == set(riasec.NAMES_EN) == set(riasec.LETTERS)
    assert riasec.name("E") == "Entreprenant"
    assert riasec.name("E", "en") == "Enterprising"


def test_the_circle_distance_is_symmetric_and_at_most_three():
    assert riasec.distance("R", "R") == 0
    assert riasec.distance("R", "C") == 1
    assert riasec.distance("R", "S") == 3
    assert all(riasec.distance(a, b) == riasec.distance(b, a) <= 3 for a in riasec.LETTERS for b in riasec.LETTERS)


def test_the_other_modules_use_the_one_vocabulary():
    assert scoring.HOLLAND_ORDER is riasec.LETTERS
    assert chart.LETTERS is riasec.LETTERS
    assert profiles.INTEREST_LETTERS is riasec.LETTERS
    assert sources.RIASEC_LETTERS is riasec.LETTERS
    assert tuple(riasec.NAMES_EN[letter] for letter in riasec.LETTERS) == profiles.INTEREST_ELEMENTS


def test_the_translated_names_follow_the_language_and_the_catalogue_agrees_with_the_pure_module():
    for language, names in (("fr", riasec.NAMES_FR), ("en", riasec.NAMES_EN)):
        with translation.override(language):
            assert {letter: str(label) for letter, label in riasec_labels.names().items()} == names
            assert {letter: str(label) for letter, label in charts.INTEREST_NAMES.items()} == names


@pytest.mark.django_db
def test_the_explorer_filter_offers_the_six_letters_with_their_names():
    with translation.override("en"):
        choices = [(value, str(label)) for value, label in ExplorerSearchForm().fields["riasec"].choices]
    assert choices[1:] == [(letter, f"{letter} · {riasec.NAMES_EN[letter]}") for letter in riasec.LETTERS]
    assert sources.riasec_letter(" e ") == "E"
