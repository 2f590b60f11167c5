"""The response model of the interest-only evaluation set: item-level answers, scored by the platform's scoring."""

import json

import numpy as np
import pytest

from openbilan.assessments import scoring
from openbilan.assessments.definitions import shipped_instrument
from openbilan.recommendations import evaluation, simulation
from openbilan.recommendations.ranking import Person, rank
from tests.recommendations.builders import random_prepared

INSTRUMENT = shipped_instrument(simulation.INSTRUMENT)
ITEMS = INSTRUMENT.administered_items


@pytest.fixture(scope="module")
def people():
    return simulation.simulate(simulation.VARIANTS[0], 3000, seed=5)


def test_answers_are_on_the_instruments_scale_and_scored_by_the_platform(people):
    assert people.answers.shape == (3000, 48)
    assert people.answers.min() >= 1 and people.answers.max() <= 5
    first = dict(zip([item.id for item in ITEMS], people.answers[0].tolist(), strict=True))
    reverse = INSTRUMENT.reverse_flags(ITEMS)
    expected = scoring.score_scales(
        [first[item.id] for item in ITEMS], reverse, INSTRUMENT.scale_indices(ITEMS), minimum=1, maximum=5
    )
    assert people.scores[0].tolist() == pytest.approx([expected[letter].score for letter in "RIASEC"])


def test_scales_are_reliable_like_the_published_markers(people):
    indices = INSTRUMENT.scale_indices(ITEMS)
    alphas = [scoring.cronbach_alpha(people.answers[:, list(indices[letter])]) for letter in "RIASEC"]
    assert all(0.75 <= alpha <= 0.9 for alpha in alphas), alphas


def test_scales_follow_hollands_circle(people):
    r = np.corrcoef(people.scores, rowvar=False)
    neighbours = np.mean([r[i, (i + 1) % 6] for i in range(6)])
    one_apart = np.mean([r[i, (i + 2) % 6] for i in range(6)])
    opposite = np.mean([r[i, (i + 3) % 6] for i in range(3)])
    assert neighbours > one_apart > opposite > 0  # the circle, plus the general factor acquiescence adds


def test_the_same_seed_gives_the_same_people():
    first = simulation.simulate(simulation.VARIANTS[1], 20, seed=3)
    again = simulation.simulate(simulation.VARIANTS[1], 20, seed=3)
    assert np.array_equal(first.answers, again.answers)


def test_clear_and_flat_profiles_are_what_they_say():
    rows = simulation.sample(simulation.VARIANTS[0], clear=20, flat=5, seed=1)
    assert [kind for kind, _a, _s in rows] == ["clear"] * 20 + ["flat"] * 5
    for kind, _answers, scores in rows:
        ordered = sorted(scores, reverse=True)
        if kind == "clear":
            assert ordered[1] - ordered[2] >= simulation.CLEAR_GAP
        else:
            assert ordered[0] - ordered[-1] <= simulation.FLAT_RANGE


def test_the_interest_file_round_trips_through_the_platforms_scoring():
    data = simulation.interest_file(simulation.VARIANTS[0], clear=4, flat=1, seed=9)
    personas = evaluation.parse_interest_personas(json.dumps(data))
    assert [p.kind for p in personas] == ["clear"] * 4 + ["flat"]
    assert all(simulation.is_clear(p.scores) for p in personas[:4])


def test_a_broken_answer_string_names_the_persona_and_field():
    data = simulation.interest_file(simulation.VARIANTS[0], clear=1, flat=0, seed=9)
    data["personas"][0]["answers"] = "6" * 48
    with pytest.raises(evaluation.PersonaError) as raised:
        evaluation.parse_interest_personas(json.dumps(data))
    assert raised.value.field == "answers" and raised.value.persona == "clear-001"


def test_letter_report_counts_hits_against_each_source():
    prepared = random_prepared()
    personas = evaluation.variant_sets(count=5, seed=2)["general-adult"]
    report = evaluation.evaluate_letters(prepared, personas)
    truth = evaluation.letter_truth(prepared)
    hits = 0
    for persona in personas:
        top = rank(prepared, Person(riasec=persona.riasec)).top[:10]
        order = sorted(range(6), key=lambda j: (-persona.scores[j], j))
        hits += bool((truth.rome[top] == evaluation._pair(order[0], order[1])).any())
    assert report.clear == 5 and report.hit_rome == hits / 5
    assert 0 <= report.ndcg_rome <= 1 and 0 <= report.ndcg_onet <= 1
