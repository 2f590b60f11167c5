"""The phase gates of the bilan: the one place where their rules live.

Pure Python, no Django import: plain values in, a decision out. The services in `journeys.services` apply these
decisions to the database and record every transition; nothing else changes a journey's phase. The enrolment's
statuses have their own machine, below this one: `enrolments.machine`.

Phases (R6313-4): preliminary -> investigation -> conclusions, never skipped. Investigation opens once the needs
analysis is recorded and confirmed by the coach (Qualiopi ind. 4); conclusions need at least one completed
synchronous interview with the coach.
"""

from dataclasses import dataclass
from enum import StrEnum

from openbilan.enrolments.machine import CONCLUSIONS_PHASE, Actor, Refusal, Status


class Phase(StrEnum):
    PRELIMINARY = "preliminary"
    INVESTIGATION = "investigation"
    CONCLUSIONS = CONCLUSIONS_PHASE


PHASE_ORDER = (Phase.PRELIMINARY, Phase.INVESTIGATION, Phase.CONCLUSIONS)


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
