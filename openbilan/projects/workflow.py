"""The workflows of a project and of a synthesis document, as decisions on plain data. Pure Python, no Django import.

Project: draft -> submitted (by the person, once every criterion is met) -> changes requested (by the coach, with a
comment) or signed off by the coach. Signed off means validated, unless the programme asks for a second reviewer:
then it waits in second_review until another coach of the operator validates it or asks for changes. The person may
withdraw a submission to keep working. The person edits the project only in draft or changes requested.

Synthesis: draft (the coach writes) -> review (sent to the person, who comments; the coach may still save new
versions) -> final (made final by the coach) -> received (the person confirms receipt).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    SECOND_REVIEW = "second_review"
    VALIDATED = "validated"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    REQUEST_CHANGES = "request_changes"
    VALIDATE = "validate"


class Actor(StrEnum):
    PERSON = "person"
    COACH = "coach"
    SECOND_REVIEWER = "second_reviewer"


EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


@dataclass(frozen=True)
class Refusal:
    code: str


@dataclass(frozen=True)
class Facts:
    state: str
    actor: Actor
    criteria_met: bool
    second_review_required: bool = False
    reviewer_chosen: bool = False
    has_comment: bool = False


def decide(facts: Facts, action: str) -> State | Refusal:
    state, actor = facts.state, facts.actor
    if action == Action.SUBMIT:
        if actor is not Actor.PERSON:
            return Refusal("actor")
        if state not in EDITABLE:
            return Refusal("not_editable")
        return State.SUBMITTED if facts.criteria_met else Refusal("criteria_missing")
    if action == Action.WITHDRAW:
        if actor is not Actor.PERSON:
            return Refusal("actor")
        return State.DRAFT if state == State.SUBMITTED else Refusal("not_submitted")
    if action == Action.REQUEST_CHANGES:
        if not _reviewing(state, actor):
            return Refusal("not_reviewing")
        return State.CHANGES_REQUESTED if facts.has_comment else Refusal("comment_missing")
    if action == Action.VALIDATE:
        if not _reviewing(state, actor):
            return Refusal("not_reviewing")
        if not facts.criteria_met:
            return Refusal("criteria_missing")
        if actor is Actor.SECOND_REVIEWER:
            return State.VALIDATED
        if facts.second_review_required:
            return State.SECOND_REVIEW if facts.reviewer_chosen else Refusal("reviewer_missing")
        return State.VALIDATED
    return Refusal("unknown")


def _reviewing(state: str, actor: Actor) -> bool:
    return (actor is Actor.COACH and state == State.SUBMITTED) or (
        actor is Actor.SECOND_REVIEWER and state == State.SECOND_REVIEW
    )


def editable(state: str) -> bool:
    return state in EDITABLE


# --- the synthesis ---------------------------------------------------------------------------------------------------


class SynthesisState(StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    FINAL = "final"
    RECEIVED = "received"


class SynthesisAction(StrEnum):
    SAVE = "save"
    SEND = "send"
    COMMENT = "comment"
    FINALISE = "finalise"
    CONFIRM = "confirm"


SYNTHESIS_RULES = {
    # action: (who, from states, to state; None keeps the state)
    SynthesisAction.SAVE: (Actor.COACH, {SynthesisState.DRAFT, SynthesisState.REVIEW}, None),
    SynthesisAction.SEND: (Actor.COACH, {SynthesisState.DRAFT}, SynthesisState.REVIEW),
    SynthesisAction.COMMENT: (Actor.PERSON, {SynthesisState.REVIEW}, None),
    SynthesisAction.FINALISE: (Actor.COACH, {SynthesisState.REVIEW}, SynthesisState.FINAL),
    SynthesisAction.CONFIRM: (Actor.PERSON, {SynthesisState.FINAL}, SynthesisState.RECEIVED),
}


def decide_synthesis(state: str, actor: Actor, action: str) -> SynthesisState | Refusal:
    rule = SYNTHESIS_RULES.get(action)
    if rule is None:
        return Refusal("unknown")
    who, sources, target = rule
    if actor is not who:
        return Refusal("actor")
    if state not in sources:
        return Refusal(f"synthesis_{action}_state")
    return SynthesisState(target or state)


def synthesis_is_final(state: str) -> bool:
    return state in (SynthesisState.FINAL, SynthesisState.RECEIVED)


def person_may_read(state: str) -> bool:
    """The person reads the synthesis once it was sent to them (a draft is the coach's work in progress)."""
    return state != SynthesisState.DRAFT
