"""Time per bilan: appointments and manual entries add up; a warning from 20 hours; blocked at 24 hours, with no
override (L6313-4); time after the end is follow-up, recorded apart."""

import datetime

import pytest
from django.utils import timezone

from openbilan.coaching import selectors, services
from openbilan.coaching.errors import CoachingRefused
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


def test_nobody_can_allow_more_than_24_hours(enrolment, client):
    """Issue 16, finding 10: L6313-4 caps a bilan at 24 hours with no exception; operator admins could "allow more
    than 24 hours". Neither the service, nor the model, nor the page exists any more."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    from tests.accounts.factories import verify_otp

    assert not hasattr(services, "allow_more_time")
    assert "timecapoverride" not in {model._meta.model_name for model in apps.get_models()}
    with pytest.raises(NoReverseMatch):
        reverse("coaching:time_override", args=[enrolment.pk])
    hours(enrolment, 24)
    admin = admin_of(enrolment.programme)
    client.force_login(admin)
    verify_otp(client, admin)
    page = client.get(reverse("coaching:assignment_detail", args=[enrolment.pk])).content.decode()
    assert "dépassement des 24 heures" not in page and "aucune exception" in page
    with pytest.raises(CoachingRefused):
        add(enrolment, 15)
    assert (selectors.time_budget(enrolment).cap, selectors.time_budget(enrolment).blocked) == (24 * 60, True)


def test_time_after_the_end_is_recorded_as_follow_up_not_as_the_bilan(enrolment):
    """The follow-up interview after the end (R6313-4, 3°) is recorded apart: it neither counts in nor is refused by
    the bilan's 24 hours."""
    hours(enrolment, 24)
    ended = timezone.now() - datetime.timedelta(days=30)
    type(enrolment).objects.filter(pk=enrolment.pk).update(status="completed", completed_at=ended)
    enrolment.refresh_from_db()
    entry = services.add_time(
        enrolment=enrolment,
        coach=enrolment.coach,
        on=timezone.localdate(),
        minutes=60,
        description="Entretien de suivi",
    )
    assert entry.follow_up
    budget = selectors.time_budget(enrolment)
    assert (budget.used, budget.follow_up_minutes) == (24 * 60, 60)
    # Time entered late for a day of the bilan itself is still the bilan's, and still capped.
    with pytest.raises(CoachingRefused):
        services.add_time(
            enrolment=enrolment, coach=enrolment.coach, on=timezone.localdate(ended), minutes=15, description="Oubli"
        )


def test_time_during_the_bilan_is_never_follow_up(enrolment):
    assert not add(enrolment, 30).follow_up
    assert selectors.time_budget(enrolment).manual_minutes == 30


def test_another_coach_cannot_add_time(enrolment):
    from tests.accounts.factories import coach

    with pytest.raises(CoachingRefused):
        services.add_time(enrolment=enrolment, coach=coach(), on=timezone.localdate(), minutes=30, description="x")
