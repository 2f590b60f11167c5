"""Reactions re-rank at once (explained, undoable), further bounded factors, and the purity of the cores."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.recommendations import weights as W
from openbilan.recommendations.batch import rank_batch
from openbilan.recommendations.ranking import Factor, Person, prepare, rank, similarity
from openbilan.recommendations.text import Text
from openbilan.referential import riasec
from tests.recommendations.builders import random_prepared, record

PREPARED = random_prepared()
SOCIAL = {"R": 10, "I": 30, "A": 50, "S": 95, "E": 60, "C": 20}


def _family():
    """Two close occupations (shared skills, a mobility link), one with only the same interests, one far away."""
    shape = [1.5, 3.0, 4.0, 6.8, 4.5, 2.0]
    return prepare(
        [
            record("K1101", riasec="SE", interests=shape, core_skills=(1, 2, 3, 4), mobility=("K1102",)),
            record("K1102", riasec="SE", interests=shape, core_skills=(1, 2, 3, 5)),
            record("M1101", riasec="SE", interests=shape, core_skills=(7, 8, 9)),
            record("N1101", riasec="RC", interests=[6.5, 3.0, 1.0, 1.5, 3.0, 6.0], core_skills=(10, 11)),
        ]
    )


def test_liking_an_occupation_lifts_the_similar_ones_and_says_why():
    prepared = _family()
    before = rank(prepared, Person(riasec=SOCIAL))
    after = rank(prepared, Person(riasec=SOCIAL, reactions={"K1101": "fits"}))
    k1102 = prepared.index["K1102"]
    assert after.total[k1102] > before.total[k1102]
    assert after.total[prepared.index["N1101"]] == pytest.approx(before.total[prepared.index["N1101"]])
    reason = next(r for r in after.explain("K1102").reasons if r.kind == "reaction")
    assert reason.text.render() == "Plus haut parce que vous avez aimé « Métier K1101 »."
    assert reason.data["from"] == "K1101" and reason.weight > 0


def test_not_for_me_lowers_the_similar_ones_and_sends_the_occupation_itself_down():
    prepared = _family()
    before = rank(prepared, Person(riasec=SOCIAL))
    after = rank(prepared, Person(riasec=SOCIAL, reactions={"K1101": "not_for_me"}))
    assert after.total[prepared.index["K1102"]] < before.total[prepared.index["K1102"]]
    assert [prepared.codes[i] for i in after.order][-1] == "K1101"
    reason = next(r for r in after.explain("K1102").reasons if r.kind == "reaction")
    assert "n'est pas pour vous" in reason.text.render()
    assert "Pas pour moi" in next(r for r in after.explain("K1101").reasons if r.kind == "reaction").text.render()


def test_undoing_a_reaction_gives_the_list_back_exactly():
    person = Person(riasec=SOCIAL)
    reacted = rank(PREPARED, Person(riasec=SOCIAL, reactions={PREPARED.codes[3]: "fits", PREPARED.codes[8]: "fits"}))
    undone = rank(PREPARED, Person(riasec=SOCIAL, reactions={}))
    assert not np.array_equal(reacted.total, undone.total)
    assert np.array_equal(undone.total, rank(PREPARED, person).total)
    assert undone.top.tolist() == rank(PREPARED, person).top.tolist()


def test_unsure_changes_nothing():
    assert np.array_equal(
        rank(PREPARED, Person(riasec=SOCIAL, reactions={PREPARED.codes[2]: "unsure"})).total,
        rank(PREPARED, Person(riasec=SOCIAL)).total,
    )


def test_similarity_counts_interests_skills_mobility_and_the_same_parent():
    prepared = _family()
    sim = similarity(prepared, prepared.index["K1101"])
    assert sim[prepared.index["K1101"]] == 1.0
    assert sim[prepared.index["K1102"]] > sim[prepared.index["M1101"]] >= sim[prepared.index["N1101"]] >= 0
    assert sim.max() <= 1.0


def test_batch_reactions_give_the_same_scores_as_one_by_one():
    reactions = [{PREPARED.codes[1]: "fits"}, {PREPARED.codes[4]: "not_for_me"}, {}]
    interests = np.array([[10, 30, 50, 95, 60, 20], [80, 60, 10, 20, 30, 70], [50, 50, 50, 55, 45, 50]], dtype=float)
    batch = rank_batch(PREPARED, interests, reactions=reactions, top=5, dtype=np.float64)
    for row, said in enumerate(reactions):
        single = rank(PREPARED, Person(riasec=dict(zip("RIASEC", interests[row], strict=True)), reactions=said))
        best = np.argsort(-single.total, kind="stable")[:5]
        assert np.allclose(batch.scores[row], single.total[best])


# --- further bounded factors -----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-5, 5, allow_nan=False), min_size=PREPARED.size, max_size=PREPARED.size),
    cap=st.floats(0, 1),
)
def test_a_factor_never_lifts_a_weak_fit_above_a_strong_one(values, cap):
    plain = rank(PREPARED, Person(riasec=SOCIAL))
    factor = Factor("demand", np.array(values), cap=cap)
    moved = rank(PREPARED, Person(riasec=SOCIAL), factors=[factor])
    assert np.all(np.abs(moved.total - plain.total) <= W.MAX_FACTOR_CAP + 1e-12)
    strong, weak = np.argmax(plain.total), np.argmin(plain.total)
    if plain.total[strong] - plain.total[weak] > 2 * W.MAX_FACTOR_CAP:
        assert moved.total[strong] > moved.total[weak]


def test_a_factor_reorders_comparable_fits_and_explains_itself():
    prepared = _family()
    values = np.zeros(prepared.size)
    values[prepared.index["M1101"]] = 1.0
    text = Text("Beaucoup d'offres près de chez vous.")
    factor = Factor("demand", values, cap=0.02, text=lambda i, effect: text if effect > 0 else None)
    ranking = rank(prepared, Person(riasec=SOCIAL), factors=[factor])
    assert prepared.codes[ranking.top[0]] == "M1101"
    reason = next(r for r in ranking.explain("M1101").reasons if r.kind == "demand")
    assert reason.weight == pytest.approx(0.02) and reason.text is text


# --- the pure cores import no Django --------------------------------------------------------------------------


def test_the_cores_import_no_django():
    modules = (
        "ranking",
        "explanations",
        "training",
        "evaluation",
        "simulation",
        "text",
        "weights",
    )
    code = (
        "import sys\n"
        + "".join(f"import openbilan.recommendations.{name}\n" for name in modules)
        + "import openbilan.referential.riasec\n"
        + "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_riasec_letters_names_and_circle():
    assert tuple("RIASEC") == riasec.LETTERS
    assert riasec.name("S") == "Social" and riasec.name("I", "en") == "Investigative"
    assert [riasec.distance("R", x) for x in "RIASEC"] == [0, 1, 2, 3, 2, 1]
    assert W.INTEREST_LETTERS is riasec.LETTERS


@settings(max_examples=50, deadline=None)
@given(
    matrix=st.lists(
        st.lists(st.sampled_from([-np.inf, 0.0, 0.25, 0.5, 0.75, 1.0, 0.1, 0.9]), min_size=97, max_size=97),
        min_size=1,
        max_size=6,
    ),
    k=st.integers(1, 12),
)
def test_top_k_rows_matches_a_full_sort(matrix, k):
    from openbilan.recommendations.batch import top_k_rows

    array = np.array(matrix, dtype=np.float32)
    top, scores = top_k_rows(array, k)
    for row, values in enumerate(array):
        finite = [j for j in np.lexsort((np.arange(len(values)), -values)) if values[j] > -np.inf][:k]
        assert top[row, : len(finite)].tolist() == finite
        assert (top[row, len(finite) :] == -1).all()
        assert np.array_equal(scores[row, : len(finite)], values[finite])
