"""review(text, kind): each rule catches what it is for and lets plain text through (Hypothesis for odd input)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.plain_language import JARGON, KINDS, THRESHOLDS, review


def codes(text, kind="prompt"):
    return [problem.code for problem in review(text, kind)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Je mets de l'ambiance dans les soirées.", "item"),
        ("Poser des briques ou du carrelage", "item"),
        ("Autonomie", "label"),
        ("Dites ce que vous attendez du bilan. Votre consultant·e relit ce texte avec vous.", "prompt"),
    ],
)
def test_plain_text_passes(text, kind):
    assert review(text, kind) == ()


def test_an_item_longer_than_twelve_words_is_too_long():
    assert "sentence_too_long" in codes("Je vois de la beauté dans des choses que d'autres ne remarquent pas.", "item")


def test_an_item_is_one_sentence():
    assert "too_many_sentences" in codes("Je parle. Je ris.", "item")


def test_a_prompt_sentence_over_twenty_words_is_too_long_but_two_short_ones_pass():
    long = (
        "Mieux connaître votre façon d'être avec les autres et au travail, pour en parler avec votre consultant·e "
        "et réfléchir aux environnements de travail qui vous conviennent."
    )
    assert "sentence_too_long" in codes(long)
    assert "sentence_too_long" not in codes(
        "Mieux connaître votre façon d'être. Vous en parlez avec votre consultant·e."
    )


def test_too_many_long_words_are_flagged_with_the_words():
    problems = review("Curiosité intellectuelle", "label")
    assert [p.code for p in problems] == ["long_words"]
    assert problems[0].detail == "Curiosité, intellectuelle"


def test_one_long_word_is_always_allowed():
    assert review("Reconnaissance", "label") == ()


def test_a_hard_prompt_scores_below_the_floor():
    hard = "L'organisation, la persévérance, la fiabilité et l'exemplarité comportementale."
    assert "readability" in codes(hard)


def test_the_score_is_not_checked_on_a_text_of_a_few_words():
    assert "readability" not in codes("Exercice OpenBilan, non validé.")


@pytest.mark.parametrize(
    "text",
    ["Votre appétence pour le commerce", "Vos compétences transversales", "Travailler votre employabilité"],
)
def test_career_guidance_jargon_is_flagged_with_a_plain_replacement(text):
    problems = [p for p in review(text, "label") if p.code == "jargon"]
    assert len(problems) == 1
    assert JARGON[problems[0].detail] in problems[0].message


def test_jargon_matches_plurals_and_any_case_but_not_inside_a_word():
    assert "jargon" in codes("Les PRESCRIPTEURS vous orientent.")
    assert "jargon" not in codes("La prescriptrice vous oriente.")


def test_an_unexplained_acronym_is_flagged_an_explained_or_common_one_is_not():
    assert "acronym" in codes("Votre code ROME.")
    assert "acronym" not in codes("Votre code ROME (la liste des métiers de France Travail).")
    assert "acronym" not in codes("Centres d'intérêt (RIASEC)")
    assert "acronym" not in codes("Un CAP ou un CDI.")


def test_a_passive_is_flagged_an_active_sentence_or_a_movement_verb_is_not():
    assert "passive" in codes("Ce texte est gardé dans l'historique.")
    assert "passive" in codes("Les métiers ne vous seront pas proposés.")
    assert "passive" not in codes("Nous gardons ce texte dans l'historique.")
    assert "passive" not in codes("Vous êtes arrivée hier.")


def test_an_empty_text_is_a_problem():
    assert codes("  ") == ["empty"]


def test_a_pronominal_verb_in_the_past_is_not_a_passive_but_a_passive_after_it_still_is():
    assert "passive" not in codes("Votre bilan s'est terminé le 3 mai.")
    assert "passive" not in codes("Je me suis arrêtée une semaine.")
    assert "passive" not in codes("Elles se sont inscrites, puis se sont présentées.")
    assert "passive" in codes("Cette étape est validée.")  # "te" inside a word is no pronoun
    assert "passive" in codes("Il s'est trompé, et le dossier est fermé.")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        review("Bonjour.", "poem")


def test_problems_read_as_instructions():
    problem = review("Ce texte est gardé.", "prompt")[0]
    assert str(problem).startswith("passive: ") and "active voice" in str(problem)


def test_items_are_held_to_stricter_limits_than_prompts():
    assert THRESHOLDS["item"].max_words_per_sentence < THRESHOLDS["prompt"].max_words_per_sentence


@given(st.text(max_size=300), st.sampled_from(KINDS))
def test_any_text_is_reviewed_without_error(text, kind):
    for problem in review(text, kind):
        assert problem.code and problem.message


@given(
    st.lists(st.sampled_from(["Vous", "aimez", "le", "travail", "bien", "fait", "et", "les", "autres"]), min_size=21)
)
def test_any_sentence_of_more_than_twenty_words_fails_as_a_prompt(parts):
    assert "sentence_too_long" in codes(" ".join(parts) + ".")
