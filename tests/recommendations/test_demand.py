"""Local hiring demand as a ranking factor (issue 20): bounded, explained, with the family's figure and its source."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openbilan.recommendations import demand, ranking
from openbilan.recommendations import weights as W
from tests.recommendations.builders import random_prepared

PERSON = ranking.Person(riasec={"R": 20, "I": 40, "A": 70, "S": 90, "E": 50, "C": 30})


def figures_for(prepared, levels):
    return {
        code: demand.Figure(level, "T4X60", "Aides-soignants", 10 * level)
        for code, level in zip(prepared.codes, levels, strict=False)
    }


def test_levels_map_to_values_from_minus_one_to_one():
    assert [demand.value_of(level) for level in (1, 2, 3, 4, 5)] == [-1.0, -0.5, 0.0, 0.5, 1.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=60, max_size=60))
def test_demand_never_lifts_a_weak_fit_above_one_stronger_by_more_than_twice_the_cap(levels):
    prepared = random_prepared()
    factor = demand.factor(prepared, figures_for(prepared, levels), bassin="Caen", year=2025)
    before = ranking.rank(prepared, PERSON).total
    after = ranking.rank(prepared, PERSON, factors=[factor]).total
    assert np.all(np.abs(after - before) <= W.MAX_FACTOR_CAP + 1e-12)
    gap = before[:, None] - before[None, :]
    clear = gap > 2 * W.MAX_FACTOR_CAP  # i clearly above j without the factor
    assert np.all((after[:, None] - after[None, :])[clear] > 0)


def test_demand_reorders_comparable_fits_towards_the_bassin_s_high_demand():
    prepared = random_prepared()
    base = ranking.rank(prepared, PERSON)
    order = np.argsort(-base.total, kind="stable")
    pairs = [(int(a), int(b)) for a, b in itertools.pairwise(order) if base.total[a] - base.total[b] < 0.02]
    first, second = pairs[0]  # two comparable fits, the first ahead
    levels = [3] * prepared.size
    levels[first], levels[second] = 1, 5
    factor = demand.factor(prepared, figures_for(prepared, levels), bassin="Caen", year=2025)
    result = ranking.rank(prepared, PERSON, factors=[factor])
    assert result.total[second] > result.total[first]


def test_the_reason_gives_the_family_figure_bassin_year_and_source():
    prepared = random_prepared()
    levels = [5] + [3] * (prepared.size - 1)
    factor = demand.factor(prepared, figures_for(prepared, levels), bassin="Caen", year=2025)
    suggestion = ranking.rank(prepared, PERSON, factors=[factor]).explain(prepared.codes[0])
    reason = next(r for r in suggestion.reasons if r.kind == "demand")
    text = reason.text.render()
    assert text.startswith("Ces métiers recrutent beaucoup près de chez vous (bassin d'emploi « Caen »).")
    assert "Famille « Aides-soignants », projets de recrutement en 2025 : 50." in text
    assert "Source : France Travail, enquête BMO 2025." in text
    assert reason.weight == W.DEMAND_CAP


def test_a_secret_count_reads_non_diffuse_and_a_partial_one_at_least():
    secret = demand.Figure(5, "T4X60", "Aides-soignants", None, 0)
    partial = demand.Figure(5, "T4X60", "Aides-soignants", None, 40)
    assert demand.projects_text(secret).render() == "non diffusé"
    assert demand.projects_text(partial).render() == "au moins 40"


def test_an_occupation_without_a_known_level_is_not_moved_and_has_no_demand_reason():
    prepared = random_prepared()
    factor = demand.factor(prepared, {}, bassin="Caen", year=2025)
    result = ranking.rank(prepared, PERSON, factors=[factor])
    assert np.array_equal(result.total, ranking.rank(prepared, PERSON).total)
    assert all(r.kind != "demand" for r in result.explain(prepared.codes[0]).reasons)
