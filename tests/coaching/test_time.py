"""Time per bilan: appointments and manual entries add up; a warning from 20 hours; blocked at 24 hours unless an
operator admin of the programme's operator allows more, with a reason."""

import datetime

import pytest
from django.utils import timezone

from openbilan.coaching import selectors, services
from openbilan.coaching.errors import CoachingRefused
from openbilan.coaching.models import TimeCapOverride
from tests.accounts.factories import operator_admin
from tests.coaching.factories import AppointmentFactory, TimeEntryFactory, admin_of, followed


@pytest.fixture
def enrolment(db):
    return followed()


def add(enrolment, minutes):
    return services.add_time(
        enrolment=enrolment, coach=enrolment.coach, on=timezone.localdate(), minutes=minutes, description="Synthèse"
    )


def hours(enrolment, n, status="done"):
    """n hours of appointments (4 h each at most) already in the bilan."""
    while n > 0:
        chunk = min(n, 4)
        AppointmentFactory(enrolment=enrolment, status=status, duration_minutes=chunk * 60)
        n -= chunk


def test_appointments_and_manual_entries_add_up(enrolment):
    hours(enrolment, 2)
    AppointmentFactory(enrolment=enrolment, status="booked", duration_minutes=45)
    AppointmentFactory(enrolment=enrolment, status="missed", duration_minutes=60)
    AppointmentFactory(enrolment=enrolment, status="cancelled", duration_minutes=60)
    AppointmentFactory(enrolment=enrolment, status="proposed", duration_minutes=60)
    add(enrolment, 30)
    budget = selectors.time_budget(enrolment)
    assert (budget.appointment_minutes, budget.manual_minutes, budget.used) == (165, 30, 195)


def test_a_warning_shows_from_twenty_hours(enrolment):
    hours(enrolment, 19)
    TimeEntryFactory(enrolment=enrolment, minutes=59)
    assert not selectors.time_budget(enrolment).warning
    add(enrolment, 5)
    assert selectors.time_budget(enrolment).warning
    assert not selectors.time_budget(enrolment).blocked


def test_time_that_would_pass_24_hours_is_refused_with_the_figures(enrolment):
    hours(enrolment, 23)
    add(enrolment, 60)  # exactly 24 hours is allowed
    with pytest.raises(CoachingRefused) as refusal:
        add(enrolment, 5)
    assert refusal.value.code == "cap_reached"
    assert "24 h 05" in refusal.value.messages[0] and "24 h" in refusal.value.messages[0]
    assert selectors.time_budget(enrolment).blocked


def test_booking_that_would_pass_24_hours_is_refused(enrolment):
    hours(enrolment, 23, status="booked")
    with pytest.raises(CoachingRefused) as refusal:
        services.book_appointment(
            enrolment=enrolment,
            coach=enrolment.coach,
            kind="phone",
            starts_at=timezone.now() + datetime.timedelta(days=1),
            duration_minutes=90,
        )
    assert refusal.value.code == "cap_reached"


def test_a_person_cannot_confirm_a_slot_past_the_cap(enrolment):
    proposed = services.propose_slots(
        enrolment=enrolment,
        coach=enrolment.coach,
        kind="phone",
        slots=[timezone.now() + datetime.timedelta(days=1)],
        duration_minutes=60,
    )
    hours(enrolment, 24)
    with pytest.raises(CoachingRefused) as refusal:
        services.accept_slot(appointment=proposed[0], person=enrolment.beneficiary)
    assert refusal.value.code == "cap_reached_person"


def test_an_operator_admin_override_with_a_reason_lifts_the_cap(enrolment):
    hours(enrolment, 24)
    admin = admin_of(enrolment.programme)
    services.allow_more_time(enrolment=enrolment, admin=admin, extra_minutes=120, reason="Accompagnement RQTH.")
    add(enrolment, 60)
    budget = selectors.time_budget(enrolment)
    assert (budget.used, budget.cap, budget.blocked) == (25 * 60, 26 * 60, False)
    override = TimeCapOverride.objects.get()
    assert (override.granted_by, override.reason) == (admin, "Accompagnement RQTH.")


def test_an_override_needs_a_reason(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        services.allow_more_time(
            enrolment=enrolment, admin=admin_of(enrolment.programme), extra_minutes=60, reason="  "
        )
    assert refusal.value.code == "reason_missing"


def test_only_an_admin_of_the_programmes_operator_overrides(enrolment):
    for outsider in (operator_admin(), enrolment.coach):
        with pytest.raises(CoachingRefused):
            services.allow_more_time(enrolment=enrolment, admin=outsider, extra_minutes=60, reason="Parce que.")
    assert not TimeCapOverride.objects.exists()


def test_another_coach_cannot_add_time(enrolment):
    from tests.accounts.factories import coach

    with pytest.raises(CoachingRefused):
        services.add_time(enrolment=enrolment, coach=coach(), on=timezone.localdate(), minutes=30, description="x")
