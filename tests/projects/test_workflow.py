"""The project and synthesis workflows, as pure decisions."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.projects import workflow
from openbilan.projects.workflow import Action, Actor, Facts, Refusal, State


def decide(state, actor, action, **facts):
    return workflow.decide(Facts(state=state, actor=actor, criteria_met=facts.pop("met", True), **facts), action)


def test_the_person_submits_only_when_every_criterion_is_met():
    assert decide(State.DRAFT, Actor.PERSON, Action.SUBMIT) == State.SUBMITTED
    assert decide(State.DRAFT, Actor.PERSON, Action.SUBMIT, met=False) == Refusal("criteria_missing")
    assert decide(State.CHANGES_REQUESTED, Actor.PERSON, Action.SUBMIT) == State.SUBMITTED


def test_the_coach_asks_for_changes_only_with_a_comment():
    assert decide(State.SUBMITTED, Actor.COACH, Action.REQUEST_CHANGES) == Refusal("comment_missing")
    assert decide(State.SUBMITTED, Actor.COACH, Action.REQUEST_CHANGES, has_comment=True) == State.CHANGES_REQUESTED


def test_the_coach_validates_a_submitted_project():
    assert decide(State.SUBMITTED, Actor.COACH, Action.VALIDATE) == State.VALIDATED
    assert decide(State.DRAFT, Actor.COACH, Action.VALIDATE) == Refusal("not_reviewing")


def test_a_programme_with_a_second_reviewer_sends_the_project_to_them():
    facts = {"second_review_required": True}
    assert decide(State.SUBMITTED, Actor.COACH, Action.VALIDATE, **facts) == Refusal("reviewer_missing")
    assert decide(State.SUBMITTED, Actor.COACH, Action.VALIDATE, reviewer_chosen=True, **facts) == State.SECOND_REVIEW
    assert decide(State.SECOND_REVIEW, Actor.SECOND_REVIEWER, Action.VALIDATE, **facts) == State.VALIDATED
    assert decide(State.SECOND_REVIEW, Actor.COACH, Action.VALIDATE, **facts) == Refusal("not_reviewing")
    assert (
        decide(State.SECOND_REVIEW, Actor.SECOND_REVIEWER, Action.REQUEST_CHANGES, has_comment=True)
        == State.CHANGES_REQUESTED
    )


def test_the_person_withdraws_a_submission_to_keep_working():
    assert decide(State.SUBMITTED, Actor.PERSON, Action.WITHDRAW) == State.DRAFT
    assert decide(State.VALIDATED, Actor.PERSON, Action.WITHDRAW) == Refusal("not_submitted")


@given(state=st.sampled_from(list(State)), action=st.sampled_from(list(Action)), met=st.booleans())
def test_nobody_but_a_reviewer_validates_and_never_without_the_criteria(state, action, met):
    for actor in Actor:
        result = decide(state, actor, action, met=met, has_comment=True, reviewer_chosen=True)
        if result in (State.VALIDATED, State.SECOND_REVIEW):
            assert action == Action.VALIDATE and met
            assert actor in (Actor.COACH, Actor.SECOND_REVIEWER)
        if result == State.SUBMITTED:
            assert actor is Actor.PERSON and met


def test_the_synthesis_goes_draft_review_final_received():
    S, A = workflow.SynthesisState, workflow.SynthesisAction
    assert workflow.decide_synthesis(S.DRAFT, Actor.COACH, A.SEND) == S.REVIEW
    assert workflow.decide_synthesis(S.REVIEW, Actor.PERSON, A.COMMENT) == S.REVIEW
    assert workflow.decide_synthesis(S.REVIEW, Actor.COACH, A.SAVE) == S.REVIEW
    assert workflow.decide_synthesis(S.REVIEW, Actor.COACH, A.FINALISE) == S.FINAL
    assert workflow.decide_synthesis(S.FINAL, Actor.PERSON, A.CONFIRM) == S.RECEIVED


def test_a_synthesis_is_never_final_before_the_person_could_comment():
    S, A = workflow.SynthesisState, workflow.SynthesisAction
    assert workflow.decide_synthesis(S.DRAFT, Actor.COACH, A.FINALISE) == Refusal("synthesis_finalise_state")
    assert workflow.decide_synthesis(S.FINAL, Actor.COACH, A.SAVE) == Refusal("synthesis_save_state")
    assert workflow.decide_synthesis(S.REVIEW, Actor.COACH, A.COMMENT) == Refusal("actor")
    assert not workflow.person_may_read(S.DRAFT)
