"""The enrolment state machine and the phase gates of the bilan: the one place where the rules live.

Pure Python, no Django import: plain values in, a decision out. The services in `journeys.services` apply these
decisions to the database and record every transition; nothing else changes an enrolment's status or phase.

Statuses (docs/DOMAIN_NOTES.md, sections 3 and 5): invited -> active only with the person's own consent
(L6313-4); active <-> paused; active -> completed; any non-final status -> dropped, with a reason code.
Phases (R6313-4): preliminary -> investigation -> conclusions, never skipped. Investigation opens once the needs
analysis is recorded and confirmed by the coach (Qualiopi ind. 4); conclusions need at least one completed
synchronous interview with the coach.
"""

from dataclasses import dataclass
from enum import StrEnum


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


class Phase(StrEnum):
    PRELIMINARY = "preliminary"
    INVESTIGATION = "investigation"
    CONCLUSIONS = "conclusions"


PHASE_ORDER = (Phase.PRELIMINARY, Phase.INVESTIGATION, Phase.CONCLUSIONS)

# The codes of programmes.models.DropReason (the cohort CSV uses the same ones, see docs/COHORT_CSV.md).
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
    if action is Action.COMPLETE and request.phase != Phase.CONCLUSIONS:
        return Refusal("complete_before_conclusions")
    return rule.target


def allowed_actions(status: str, actor: Actor) -> list[Action]:
    """The actions this actor may try from this status (the guards on data are checked when they try)."""
    return [action for action, rule in TRANSITIONS.items() if status in rule.sources and actor in rule.actors]


@dataclass(frozen=True)
class PhaseFacts:
    status: str
    phase: str
    actor: Actor
    needs_recorded: bool
    needs_confirmed: bool
    interviews_done: int


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(Phase(phase))


def next_phase(phase: str) -> Phase | None:
    index = phase_index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def decide_phase(facts: PhaseFacts, target: str) -> Phase | Refusal:
    """Open `target`, or say why not. Phases open one after the other, each behind its gate."""
    try:
        target_phase = Phase(target)
        current = Phase(facts.phase)
    except ValueError:
        return Refusal("unknown")
    if facts.actor not in (Actor.PERSON, Actor.COACH):
        return Refusal("actor")
    if facts.status != Status.ACTIVE:
        return Refusal("phase_not_active")
    if phase_index(target_phase) <= phase_index(current):
        return Refusal("phase_already_open")
    if phase_index(target_phase) > phase_index(current) + 1:
        return Refusal("phase_skip")
    if target_phase is Phase.INVESTIGATION:
        if not facts.needs_recorded:
            return Refusal("needs_missing")
        if not facts.needs_confirmed:
            return Refusal("needs_unconfirmed")
    if target_phase is Phase.CONCLUSIONS and facts.interviews_done < 1:
        return Refusal("interview_missing")
    return target_phase


def phase_is_open(current: str, phase: str) -> bool:
    """Whether the activities of `phase` may be done when the journey is in `current`."""
    return phase_index(phase) <= phase_index(current)
