"""Drop-out risk flags for one person, from plain facts (Qualiopi ind. 12: detect before someone stops).

Pure Python, no Django import. Three signals, each a reason a coach can act on:
- inactive: nothing done for at least the programme's threshold of days;
- missed_appointment: the last appointment that should have taken place was missed;
- phase_stalled: the journey is past the last week planned for its current phase and that phase is still open.
Only a bilan in progress ("active") is flagged: a paused one is paused on purpose, a finished one is finished.
"""

from dataclasses import dataclass

INACTIVE = "inactive"
MISSED_APPOINTMENT = "missed_appointment"
PHASE_STALLED = "phase_stalled"
ORDER = (INACTIVE, MISSED_APPOINTMENT, PHASE_STALLED)


@dataclass(frozen=True)
class Facts:
    status: str
    days_inactive: int | None  # whole days since the person's last activity; None when the journey has not started
    inactivity_days: int  # the programme's threshold
    last_appointment_missed: bool  # the most recent appointment that was due is "missed"
    week: int | None  # the current week of the journey (1 = the first), pauses not counted
    phase_last_week: int | None  # the last week planned for the current phase's activities
    phase_finished: bool = False  # True when the current phase is the last one and the bilan is completed


@dataclass(frozen=True)
class Flag:
    code: str
    days: int | None = None  # inactive: days without activity
    weeks_late: int | None = None  # phase_stalled: weeks past the plan


def week_of(active_days: int) -> int:
    """Week 1 is days 0-6."""
    return max(0, active_days) // 7 + 1


def flags(facts: Facts) -> tuple[Flag, ...]:
    """The risk flags, in a fixed order (most urgent first). Empty when nothing worrying is known."""
    if facts.status != "active":
        return ()
    found = []
    if facts.days_inactive is not None and facts.days_inactive >= max(1, facts.inactivity_days):
        found.append(Flag(INACTIVE, days=facts.days_inactive))
    if facts.last_appointment_missed:
        found.append(Flag(MISSED_APPOINTMENT))
    if (
        facts.week is not None
        and facts.phase_last_week is not None
        and not facts.phase_finished
        and facts.week > facts.phase_last_week
    ):
        found.append(Flag(PHASE_STALLED, weeks_late=facts.week - facts.phase_last_week))
    return tuple(found)


def score(found: tuple[Flag, ...]) -> int:
    """A sort key: more flags first, then the more urgent ones."""
    return sum(1 << (len(ORDER) - ORDER.index(flag.code)) for flag in found)
