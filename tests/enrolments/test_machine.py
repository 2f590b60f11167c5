"""The enrolment's pure status machine: the transition table and its guards."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.enrolments import machine
from openbilan.enrolments.machine import (
    CONCLUSIONS_PHASE,
    DROP_REASONS,
    FINAL_STATUSES,
    TRANSITIONS,
    Action,
    Actor,
    Refusal,
    Status,
    StatusRequest,
    decide_status,
)
from openbilan.enrolments.models import DropReason, EnrolmentStatus


def ask(status, action, actor=Actor.PERSON, **kwargs):
    return decide_status(StatusRequest(status=status, action=action, actor=actor, **kwargs))


def test_the_machine_speaks_the_same_codes_as_the_models():
    assert {s.value for s in Status} == set(EnrolmentStatus.values)
    assert set(DROP_REASONS) == set(DropReason.values)


def test_the_person_accepts_with_consent():
    assert ask(Status.INVITED, Action.ACCEPT, consent=True) == Status.ACTIVE


def test_accepting_without_consent_is_refused():
    assert ask(Status.INVITED, Action.ACCEPT, consent=False) == Refusal("consent")


def test_nobody_else_can_consent_for_the_person():
    for actor in (Actor.COACH, Actor.SYSTEM, Actor.OTHER):
        assert ask(Status.INVITED, Action.ACCEPT, actor=actor, consent=True) == Refusal("actor")


def test_a_pause_needs_a_reason():
    assert ask(Status.ACTIVE, Action.PAUSE, note="  ") == Refusal("pause_note")
    assert ask(Status.ACTIVE, Action.PAUSE, note="Hospitalisation") == Status.PAUSED


def test_a_paused_bilan_resumes():
    assert ask(Status.PAUSED, Action.RESUME, actor=Actor.COACH) == Status.ACTIVE


def test_dropping_needs_a_known_reason_code():
    assert ask(Status.ACTIVE, Action.DROP, reason_code="") == Refusal("drop_reason")
    assert ask(Status.ACTIVE, Action.DROP, reason_code="bored") == Refusal("drop_reason")
    assert ask(Status.PAUSED, Action.DROP, reason_code="found_job") == Status.DROPPED


def test_an_invitation_can_be_declined():
    assert ask(Status.INVITED, Action.DROP, reason_code="personal") == Status.DROPPED


def test_only_the_coach_completes_and_only_in_conclusions():
    assert ask(Status.ACTIVE, Action.COMPLETE, actor=Actor.PERSON, phase="conclusions") == Refusal("actor")
    assert ask(Status.ACTIVE, Action.COMPLETE, actor=Actor.COACH, phase="investigation") == Refusal(
        "complete_before_conclusions"
    )
    assert ask(Status.ACTIVE, Action.COMPLETE, actor=Actor.COACH, phase="conclusions") == Status.COMPLETED


def test_final_statuses_never_change():
    for status in FINAL_STATUSES:
        for action in Action:
            assert ask(status, action, actor=Actor.COACH, consent=True, reason_code="other", note="x") == Refusal(
                "final"
            )


def test_unknown_values_are_refused_not_raised():
    assert ask("archived", Action.PAUSE) == Refusal("unknown")
    assert ask(Status.ACTIVE, "teleport") == Refusal("unknown")


def test_allowed_actions_follow_the_table():
    assert machine.allowed_actions(Status.ACTIVE, Actor.PERSON) == [Action.PAUSE, Action.DROP]
    assert machine.allowed_actions(Status.ACTIVE, Actor.COACH) == [Action.PAUSE, Action.COMPLETE, Action.DROP]
    assert machine.allowed_actions(Status.COMPLETED, Actor.COACH) == []


requests = st.builds(
    StatusRequest,
    status=st.sampled_from(list(Status)),
    action=st.sampled_from(list(Action)),
    actor=st.sampled_from(list(Actor)),
    consent=st.booleans(),
    reason_code=st.sampled_from([*DROP_REASONS, "", "nope"]),
    note=st.text(max_size=5),
    phase=st.sampled_from(["preliminary", "investigation", CONCLUSIONS_PHASE, None]),
)


@given(requests)
def test_every_allowed_transition_is_in_the_table(request):
    decision = decide_status(request)
    if not isinstance(decision, Refusal):
        rule = TRANSITIONS[Action(request.action)]
        assert request.status in rule.sources
        assert decision == rule.target
        assert request.actor in rule.actors


@given(requests)
def test_active_is_reached_from_invited_only_by_the_persons_consent(request):
    decision = decide_status(request)
    if decision == Status.ACTIVE and request.status == Status.INVITED:
        assert request.actor is Actor.PERSON and request.consent


@given(st.lists(requests, max_size=30))
def test_a_walk_never_leaves_a_final_status(walk):
    status = Status.INVITED
    for request in walk:
        decision = decide_status(StatusRequest(**{**request.__dict__, "status": status}))
        if status in FINAL_STATUSES:
            assert isinstance(decision, Refusal)
        if not isinstance(decision, Refusal):
            status = decision
