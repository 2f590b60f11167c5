"""The pure phase machine: the phase gates (the status machine below it: tests/enrolments/test_machine.py)."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.enrolments.machine import CONCLUSIONS_PHASE, Actor, Refusal, Status
from openbilan.journeys import machine
from openbilan.journeys.machine import Phase, PhaseFacts, decide_phase
from openbilan.journeys.models import PhaseCode


def test_the_machine_speaks_the_same_codes_as_the_models():
    assert {p.value for p in Phase} == set(PhaseCode.values)
    assert Phase.CONCLUSIONS == CONCLUSIONS_PHASE  # the status machine completes a bilan in this phase


def facts(**kwargs):
    base = {
        "status": Status.ACTIVE,
        "phase": Phase.PRELIMINARY,
        "actor": Actor.PERSON,
        "needs_recorded": True,
        "needs_confirmed": True,
        "interviews_done": 1,
    }
    return PhaseFacts(**{**base, **kwargs})


def test_skipping_a_phase_is_refused():
    assert decide_phase(facts(), Phase.CONCLUSIONS) == Refusal("phase_skip")


def test_investigation_needs_a_recorded_and_confirmed_needs_analysis():
    assert decide_phase(facts(needs_recorded=False), Phase.INVESTIGATION) == Refusal("needs_missing")
    assert decide_phase(facts(needs_confirmed=False), Phase.INVESTIGATION) == Refusal("needs_unconfirmed")
    assert decide_phase(facts(), Phase.INVESTIGATION) == Phase.INVESTIGATION


def test_conclusions_need_a_synchronous_interview():
    current = {"phase": Phase.INVESTIGATION}
    assert decide_phase(facts(interviews_done=0, **current), Phase.CONCLUSIONS) == Refusal("interview_missing")
    assert decide_phase(facts(**current), Phase.CONCLUSIONS) == Phase.CONCLUSIONS


def test_phases_move_only_in_an_active_bilan_and_only_forward():
    assert decide_phase(facts(status=Status.PAUSED), Phase.INVESTIGATION) == Refusal("phase_not_active")
    assert decide_phase(facts(phase=Phase.INVESTIGATION), Phase.PRELIMINARY) == Refusal("phase_already_open")
    assert decide_phase(facts(actor=Actor.OTHER), Phase.INVESTIGATION) == Refusal("actor")


@given(
    st.builds(
        PhaseFacts,
        status=st.sampled_from(list(Status)),
        phase=st.sampled_from(list(Phase)),
        actor=st.sampled_from(list(Actor)),
        needs_recorded=st.booleans(),
        needs_confirmed=st.booleans(),
        interviews_done=st.integers(0, 3),
    ),
    st.sampled_from(list(Phase)),
)
def test_a_phase_opens_only_right_after_the_current_one(phase_facts, target):
    decision = decide_phase(phase_facts, target)
    if not isinstance(decision, Refusal):
        assert machine.phase_index(decision) == machine.phase_index(phase_facts.phase) + 1
        assert phase_facts.status == Status.ACTIVE
