"""The six criteria, as a pure function of the evidence."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from openbilan.projects import criteria

FULL = criteria.Evidence(
    alignment_taken=True,
    alignment_note="Mes résultats vont dans ce sens.",
    feasibility_note="Horaires de journée.",
    market_entries=1,
    training_needed=True,
    training_name="Titre professionnel",
    funding_sources=1,
    dated_steps=2,
    interviews=2,
)


def unmet(evidence) -> dict[str, str]:
    return {check.kind: check.missing for check in criteria.check(evidence) if not check.met}


def test_full_evidence_meets_the_six_criteria():
    checks = criteria.check(FULL)
    assert [c.kind for c in checks] == list(criteria.KINDS)
    assert criteria.all_met(checks)


def test_each_missing_piece_fails_its_own_criterion_only():
    assert unmet(replace(FULL, alignment_taken=False)) == {"alignment": "alignment_not_taken"}
    assert unmet(replace(FULL, alignment_note="  ")) == {"alignment": "alignment_note"}
    assert unmet(replace(FULL, feasibility_note="")) == {"feasibility": "feasibility"}
    assert unmet(replace(FULL, feasibility_contradicted=True)) == {"feasibility": "feasibility_contradicted"}
    assert unmet(replace(FULL, market_entries=0)) == {"labour_market": "market"}
    assert unmet(replace(FULL, training_needed=None)) == {"funding": "training_unknown"}
    assert unmet(replace(FULL, training_name="")) == {"funding": "training_name"}
    assert unmet(replace(FULL, funding_sources=0)) == {"funding": "funding_source"}
    assert unmet(replace(FULL, dated_steps=1)) == {"action_plan": "steps"}
    assert unmet(replace(FULL, interviews=1)) == {"field": "field"}


def test_no_training_needs_a_reason_and_no_funding():
    assert unmet(replace(FULL, training_needed=False, funding_sources=0)) == {"funding": "no_training_note"}
    assert unmet(replace(FULL, training_needed=False, funding_sources=0, funding_note="Déjà diplômée.")) == {}


def test_one_immersion_is_enough_field_evidence():
    assert unmet(replace(FULL, interviews=0, immersions=1)) == {}


@given(
    interviews=st.integers(0, 5),
    immersions=st.integers(0, 3),
    steps=st.integers(0, 5),
    market=st.integers(0, 3),
)
def test_the_counted_criteria_are_met_exactly_from_their_thresholds(interviews, immersions, steps, market):
    evidence = replace(FULL, interviews=interviews, immersions=immersions, dated_steps=steps, market_entries=market)
    by_kind = {c.kind: c.met for c in criteria.check(evidence)}
    assert by_kind["field"] == (interviews >= criteria.MIN_INTERVIEWS or immersions >= criteria.MIN_IMMERSIONS)
    assert by_kind["action_plan"] == (steps >= criteria.MIN_STEPS)
    assert by_kind["labour_market"] == (market >= criteria.MIN_MARKET)
