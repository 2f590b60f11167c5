"""How the domains above the enrolment core follow it, without the core importing them.

The core sends these signals inside the transaction that made the change; journeys connects to them in its
AppConfig.ready (it starts the person's journey on acceptance, restarts the inactivity clock, ticks activities).
The one question the core asks above it, the journey's phase (a bilan completes only in its conclusions phase),
goes through `current_phase`, answered by the reader journeys registers.
"""

from collections.abc import Callable

from django.dispatch import Signal

# enrolment, actor, at: the person accepted the invitation (their consent is recorded).
accepted = Signal()
# enrolments (consented ones), new: statuses recorded in bulk (historical imports, generated cohorts).
started_in_bulk = Signal()
# enrolment, previous, actor, at: pause, resume, completion or stop.
status_changed = Signal()
# enrolment, event, at: something another domain saw happen (journeys.services.PlatformEvent codes).
event = Signal()

_phase_reader: Callable | None = None


def register_phase_reader(reader: Callable) -> None:
    """`reader(enrolment)` returns the current phase code, or None when the enrolment has no journey."""
    global _phase_reader
    _phase_reader = reader


def current_phase(enrolment) -> str | None:
    return _phase_reader(enrolment) if _phase_reader is not None else None
