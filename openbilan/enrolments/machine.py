"""The enrolment's status machine: the one place where its rules live.

Pure Python, no Django import: plain values in, a decision out. `enrolments.services` applies these decisions to
the database and records every transition; nothing else changes an enrolment's status.

Statuses (docs/DOMAIN_NOTES.md, sections 3 and 5): invited -> active only with the person's own consent
(L6313-4); active <-> paused; active -> completed; any non-final status -> dropped, with a reason code. A bilan
completes only in its conclusions phase (the phases and their gates: journeys.machine).
"""

from dataclasses import dataclass
from enum import StrEnum

CONCLUSIONS_PHASE = "conclusions"  # journeys.machine.Phase.CONCLUSIONS


class Status(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    DROPPED = "dropped"


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.DROPPED})


class Action(StrEnum):
    ACCEPT = "accept"
    PAUSE = "pause"
    RESUME = "resume"
    COMPLETE = "complete"
    DROP = "drop"


class Actor(StrEnum):
    """Who asks, seen from the enrolment: the person themselves, their coach, the platform, or anybody else."""

    PERSON = "person"
    COACH = "coach"
    SYSTEM = "system"
    OTHER = "other"


# The codes of enrolments.models.DropReason (the cohort CSV uses the same ones, see docs/COHORT_CSV.md).
DROP_REASONS = ("personal", "health", "found_job", "moved", "unreachable", "other")


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status
    actors: frozenset[Actor]


# The transition table. Nobody but the person can accept (consent is personal); only the coach closes a bilan.
TRANSITIONS: dict[Action, Rule] = {
    Action.ACCEPT: Rule(frozenset({Status.INVITED}), Status.ACTIVE, frozenset({Actor.PERSON})),
    Action.PAUSE: Rule(frozenset({Status.ACTIVE}), Status.PAUSED, frozenset({Actor.PERSON, Actor.COACH})),
    Action.RESUME: Rule(frozenset({Status.PAUSED}), Status.ACTIVE, frozenset({Actor.PERSON, Actor.COACH})),
    Action.COMPLETE: Rule(frozenset({Status.ACTIVE}), Status.COMPLETED, frozenset({Actor.COACH})),
    Action.DROP: Rule(
        frozenset({Status.INVITED, Status.ACTIVE, Status.PAUSED}),
        Status.DROPPED,
        frozenset({Actor.PERSON, Actor.COACH}),
    ),
}


@dataclass(frozen=True)
class Refusal:
    """Why a transition is refused; the services turn the code into a translated message."""

    code: str


@dataclass(frozen=True)
class StatusRequest:
    status: str
    action: str
    actor: Actor
    consent: bool = False
    reason_code: str = ""
    note: str = ""
    phase: str | None = None


def decide_status(request: StatusRequest) -> Status | Refusal:
    """The status the enrolment moves to, or why it cannot."""
    try:
        action = Action(request.action)
        status = Status(request.status)
    except ValueError:
        return Refusal("unknown")
    rule = TRANSITIONS[action]
    if status not in rule.sources:
        return Refusal("final" if status in FINAL_STATUSES else "not_from_status")
    if request.actor not in rule.actors:
        return Refusal("actor")
    if action is Action.ACCEPT and not request.consent:
        return Refusal("consent")
    if action is Action.DROP and request.reason_code not in DROP_REASONS:
        return Refusal("drop_reason")
    if action is Action.PAUSE and not request.note.strip():
        return Refusal("pause_note")
    if action is Action.COMPLETE and request.phase != CONCLUSIONS_PHASE:
        return Refusal("complete_before_conclusions")
    return rule.target


def allowed_actions(status: str, actor: Actor) -> list[Action]:
    """The actions this actor may try from this status (the guards on data are checked when they try)."""
    return [action for action, rule in TRANSITIONS.items() if status in rule.sources and actor in rule.actors]
