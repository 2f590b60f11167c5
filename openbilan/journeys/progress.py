"""Where a person stands in their journey: progress per phase, the next step, the weeks left.

Pure Python, no Django import: the selectors pass plain rows in and get a summary back.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openbilan.journeys.machine import PHASE_ORDER, phase_index

DONE, SKIPPED, STARTED = "done", "skipped", "started"


@dataclass(frozen=True)
class ActivityRow:
    id: int
    phase: str
    expected_week: int
    state: str = ""  # "", "started", "done" or "skipped"


@dataclass(frozen=True)
class PhaseProgress:
    phase: str
    done: int
    total: int
    state: str  # "done", "current" or "locked"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass(frozen=True)
class Summary:
    phases: tuple[PhaseProgress, ...]
    next_activity_id: int | None
    week: int
    weeks: int
    weeks_left: int  # whole weeks after the current one: week 1 of 12 leaves 11
    late_activity_ids: tuple[int, ...]


def active_days(
    start: datetime.date, today: datetime.date, pauses: Iterable[tuple[datetime.date, datetime.date | None]]
) -> int:
    """Days since the start, not counting the days the journey was paused (a pause is an adaptation of pace)."""
    if today <= start:
        return 0
    total = (today - start).days
    paused = 0
    for began, ended in pauses:
        began = max(began, start)
        ended = min(ended or today, today)
        if ended > began:
            paused += (ended - began).days
    return max(0, total - paused)


def summarise(rows: Sequence[ActivityRow], current_phase: str, weeks: int, days: int) -> Summary:
    """Progress per phase (skipped activities do not count), the first open activity not done, the current week."""
    current = phase_index(current_phase)
    week = min(max(1, days // 7 + 1), max(weeks, 1) + 52)
    phases = []
    for index, phase in enumerate(PHASE_ORDER):
        in_phase = [row for row in rows if row.phase == phase and row.state != SKIPPED]
        done = sum(1 for row in in_phase if row.state == DONE)
        state = "done" if index < current else "current" if index == current else "locked"
        phases.append(PhaseProgress(phase, done, len(in_phase), state))
    open_rows = [row for row in rows if phase_index(row.phase) <= current and row.state not in (DONE, SKIPPED)]
    next_id = open_rows[0].id if open_rows else None
    late = tuple(row.id for row in open_rows if row.expected_week < week)
    return Summary(
        phases=tuple(phases),
        next_activity_id=next_id,
        week=week,
        weeks=weeks,
        weeks_left=max(0, weeks - week),
        late_activity_ids=late,
    )
