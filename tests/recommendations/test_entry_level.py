"""The entry level read from ROME's access texts (sentences quoted from ROME 4.0 v460)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.recommendations.entry_level import estimate, sentences


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Cet emploi est accessible avec un diplôme de niveau CAP à Bac dans le domaine agro-alimentaire.", 3),
        ("Cet emploi est accessible avec un diplôme de niveau Bac à Bac + 2 en élevage animalier ou biologie.", 4),
        ("Cet emploi est accessible avec un niveau Bac+2 à Bac+5 dans le domaine du commerce.", 5),
        ("Cet emploi est accessible avec une Licence (Bac +3) ou un Master.", 6),
        ("Cet emploi est accessible avec un Bac + 5 Master ou un Diplôme d'Ingénieur.", 7),
        ("Cet emploi est accessible avec un Doctorat en médecine, spécialisé en psychiatrie.", 8),
        ("Cet emploi est accessible avec un BTS photographie ou une licence professionnelle.", 5),
        ("Cet emploi est accessible avec un DUT en Génie Industriel.", 5),
        ("Cet emploi est accessible avec un niveau CAP (CEC 3) en peinture carrosserie.", 3),
        ("Cet emploi est accessible avec un diplôme de niveau IV en vente.", 4),
        ("Cet emploi est accessible avec un diplôme d'ingénieur en logistique, de niveau Bac+5 (CEC 7).", 7),
    ],
)
def test_lowest_level_named_in_the_requirement_sentence(text, level):
    assert estimate(text).level == level


@pytest.mark.parametrize(
    "text",
    [
        "Cet emploi est accessible sans diplôme ni expérience. Un CAP en Logistique peut en faciliter l'accès.",
        "Cet emploi est accessible sans qualification.",
        "Cet emploi est accessible à tous les niveaux de qualification. Le permis C est obligatoire.",
        "Aucune formation spécifique n'est requise, mais une bonne connaissance des procédures peut être un atout.",
    ],
)
def test_no_diploma_sentences_give_level_zero(text):
    entry = estimate(text)
    assert entry.level == 0
    assert entry.mandatory is False


def test_the_source_sentence_is_returned_as_written():
    text = "Quelques écoles préparent à ce métier.\nCet emploi est accessible avec un CAP Coiffure ou un BP Coiffure."
    entry = estimate(text)
    assert entry.level == 3
    assert entry.sentence == "Cet emploi est accessible avec un CAP Coiffure ou un BP Coiffure."


def test_an_optional_diploma_is_not_the_requirement():
    text = (
        "Cet emploi est accessible avec une expérience dans le secteur. "
        "Un Bac+2 peut être demandé pour les postes d'encadrement."
    )
    assert estimate(text).level is None


def test_diplome_d_etat_takes_its_usual_level_and_is_mandatory():
    entry = estimate("Cet emploi est accessible avec un Diplôme d'Etat d'Infirmier, obligatoire pour exercer.")
    assert (entry.level, entry.mandatory) == (6, True)
    assert entry.diploma.startswith("Diplôme d'État")


def test_unnamed_diplome_d_etat_is_looked_up_in_the_occupation_title():
    entry = estimate(
        "Cet emploi est accessible avec un diplôme d'Etat, obligatoire pour exercer.", "Auxiliaire de puériculture"
    )
    assert (entry.level, entry.mandatory) == (4, True)


def test_diplome_d_etat_acronym_is_recognised():
    entry = estimate("Cet emploi est accessible avec un Diplôme d'Etat d'Accompagnant Educatif et Social (DEAES).")
    assert (entry.level, entry.mandatory) == (3, True)


def test_diplome_d_etat_among_named_alternatives_is_not_mandatory():
    text = (
        "Cet emploi est accessible avec une Licence ou un Master dans le domaine d'intervention, ou un Diplôme d'État "
        "de Formateur d'Adultes. Aucune certification n'est obligatoire réglementairement pour exercer ce métier."
    )
    entry = estimate(text)
    assert (entry.level, entry.mandatory) == (6, False)


def test_licence_iv_is_a_permit_not_a_degree():
    assert estimate("Cet emploi est accessible avec une licence IV pour la vente d'alcool.").level is None


def test_the_french_word_but_is_not_the_bachelor_universitaire():
    assert estimate("Cet emploi est accessible dans le but de servir le public.").level is None
    assert estimate("Cet emploi est accessible avec un BUT Génie civil.").level == 6


def test_civil_service_category_gives_the_usual_level():
    text = "Fonctionnaire de catégorie A de la fonction publique d'État, il faut passer le concours."
    assert estimate(text).level == 6


def test_driving_licence_category_is_not_a_level():
    assert estimate("Cet emploi est accessible avec le permis de conduire de catégorie B.").level is None


def test_sentences_split_lines_and_full_stops_before_capitals():
    assert sentences("Un. Deux ok.\nTrois (a. b).") == ["Un.", "Deux ok.", "Trois (a. b)."]


@given(st.text(max_size=300), st.text(max_size=40))
def test_any_text_gives_a_known_level_or_none_and_a_sentence_from_the_text(text, label):
    entry = estimate(text, label)
    assert entry.level in (None, 0, 3, 4, 5, 6, 7, 8)
    if entry.level is None:
        assert entry.sentence == ""
    else:
        assert entry.sentence in text
