import re

from hypothesis import given
from hypothesis import strategies as st

from openbilan.referential.text import forms_column, normalise, repair_apostrophes, title_forms


def test_normalise_removes_accents_case_and_punctuation():
    assert normalise("Éducateur spécialisé / Éducatrice spécialisée") == "educateur specialise educatrice specialisee"


def test_normalise_splits_ligatures():
    assert normalise("Chef d'œuvre") == "chef d oeuvre"


def test_normalise_keeps_digits_and_drops_dashes():
    assert normalise("Agent(e) -AESH- niveau 3") == "agent e aesh niveau 3"


@given(st.text(max_size=200))
def test_normalise_gives_lower_ascii_words_only(text):
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", normalise(text))


@given(st.text(max_size=200))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


def test_repair_apostrophes_turns_doubled_into_single():
    assert repair_apostrophes("L''aide-soignant aide l''infirmier") == "L'aide-soignant aide l'infirmier"


def test_title_forms_gives_masculine_with_shared_suffix_and_feminine():
    assert title_forms("Conducteur / Conductrice de bus") == ("conducteur de bus", "conductrice de bus")


def test_title_forms_of_a_two_word_gendered_title():
    assert title_forms("Soigneur animalier / Soigneuse animalière") == ("soigneur animalier", "soigneuse animaliere")


def test_title_forms_of_an_ungendered_title_is_the_title():
    assert title_forms("Secrétaire") == ("secretaire",)


def test_forms_column_wraps_each_form_in_bars():
    assert forms_column("Aide-soignant / Aide-soignante") == "|aide soignant|aide soignante|"


@given(st.text(max_size=80), st.text(max_size=80))
def test_every_form_uses_only_words_of_the_title(left, right):
    label = f"{left} / {right}"
    words = set(normalise(label).split())
    for form in title_forms(label):
        assert form
        assert set(form.split()) <= words
