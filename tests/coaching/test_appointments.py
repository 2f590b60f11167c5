"""Appointments: booking and proposals, the invitation with its calendar file, the reminder the day before, done and
missed, and the interview a done appointment gives the journey (the conclusions phase needs one)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openbilan.coaching import emails, services
from openbilan.coaching.errors import CoachingRefused
from openbilan.coaching.models import Appointment, AppointmentStatus
from openbilan.journeys import selectors as journeys
from openbilan.journeys import services as journey_services
from openbilan.journeys.errors import TransitionRefused
from openbilan.journeys.models import Interview
from tests.coaching.factories import followed
from tests.coaching.ics_check import check_calendar

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
LINK = "https://visio.example.org/salle-12"


def book(enrolment, starts_at=None, **kwargs):
    values = {"kind": "video", "duration_minutes": 60, "video_url": LINK}
    return services.book_appointment(
        enrolment=enrolment,
        coach=enrolment.coach,
        starts_at=starts_at or timezone.now() + 3 * DAY,
        **{**values, **kwargs},
    )


def starting_now(enrolment, **kwargs):
    """Booked for a minute from now: it can be marked done at once (five minutes' tolerance, as for interviews)."""
    return book(enrolment, timezone.now() + datetime.timedelta(minutes=1), **kwargs)


def held(enrolment, **kwargs):
    """Booked two days ago for an hour ago, as if time had passed."""
    return book(enrolment, timezone.now() - HOUR, now=timezone.now() - 2 * DAY, **kwargs)


@pytest.fixture
def enrolment(db):
    return followed(phase="investigation")


def test_booking_queues_the_invitation_and_the_reminder_the_day_before(enrolment):
    appointment = book(enrolment)
    assert appointment.status == AppointmentStatus.BOOKED
    tasks = {task.task_path.rsplit(".", 1)[1]: task for task in DBTaskResult.objects.all()}
    assert tasks["send_appointment_email"].args_kwargs["args"] == [appointment.pk, "invitation"]
    assert tasks["send_appointment_reminder"].run_after == appointment.starts_at - DAY


def test_no_reminder_is_planned_for_an_appointment_within_a_day(enrolment):
    book(enrolment, timezone.now() + 3 * HOUR)
    assert not DBTaskResult.objects.filter(task_path__endswith="send_appointment_reminder").exists()


def test_the_invitation_carries_a_valid_calendar_file(enrolment):
    appointment = book(enrolment)
    assert emails.deliver_appointment_email(appointment_id=appointment.pk, what="invitation") == "sent"
    email = mail.outbox[0]
    assert email.to == [enrolment.beneficiary.email]
    assert LINK in email.body
    name, content, mimetype = email.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    event = check_calendar(content if isinstance(content, bytes) else content.encode())
    assert str(event["UID"]) == appointment.uid
    assert str(event["URL"]) == LINK
    assert str(event["ATTENDEE"]) == f"mailto:{enrolment.beneficiary.email}"
    appointment.refresh_from_db()
    assert appointment.invitation_sent_at is not None


def test_the_reminder_is_sent_once_and_not_for_a_moved_or_cancelled_slot(enrolment):
    appointment = book(enrolment)
    planned = appointment.starts_at.isoformat()
    assert emails.deliver_appointment_reminder(appointment_id=appointment.pk, starts_at=planned) == "sent"
    assert emails.deliver_appointment_reminder(appointment_id=appointment.pk, starts_at=planned) == "already_sent"
    assert len(mail.outbox) == 1 and "demain" in mail.outbox[0].subject
    moved = book(enrolment)
    Appointment.objects.filter(pk=moved.pk).update(starts_at=moved.starts_at + HOUR)
    assert (
        emails.deliver_appointment_reminder(appointment_id=moved.pk, starts_at=moved.starts_at.isoformat()) == "moved"
    )
    services.cancel_appointment(appointment=moved, coach=enrolment.coach)
    assert emails.deliver_appointment_reminder(appointment_id=moved.pk, starts_at=planned) == "not_booked"
    assert len(mail.outbox) == 1


def test_a_video_appointment_needs_its_link(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        book(enrolment, video_url="")
    assert refusal.value.code == "video_link"


def test_an_on_site_appointment_needs_its_address(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        book(enrolment, kind="on_site", video_url="", location=" ")
    assert refusal.value.code == "location_missing"


def test_a_slot_in_the_past_cannot_be_booked(enrolment):
    with pytest.raises(CoachingRefused) as refusal:
        book(enrolment, timezone.now() - DAY)
    assert refusal.value.code == "slot_past"


def test_only_the_persons_coach_books(enrolment):
    from tests.accounts.factories import coach

    with pytest.raises(CoachingRefused):
        services.book_appointment(
            enrolment=enrolment, coach=coach(), kind="phone", starts_at=timezone.now() + DAY, duration_minutes=30
        )


def test_a_person_accepts_one_proposed_slot_and_the_others_are_withdrawn(enrolment):
    slots = [timezone.now() + n * DAY for n in (2, 3, 4)]
    proposed = services.propose_slots(
        enrolment=enrolment, coach=enrolment.coach, kind="phone", slots=slots, duration_minutes=45
    )
    assert [a.status for a in proposed] == ["proposed"] * 3
    chosen = services.accept_slot(appointment=proposed[1], person=enrolment.beneficiary)
    assert chosen.status == "booked"
    statuses = dict(Appointment.objects.values_list("pk", "status"))
    assert statuses == {proposed[0].pk: "cancelled", proposed[1].pk: "booked", proposed[2].pk: "cancelled"}
    with pytest.raises(CoachingRefused) as refusal:
        services.accept_slot(appointment=proposed[0], person=enrolment.beneficiary)
    assert refusal.value.code == "not_proposed"


def test_nobody_else_accepts_a_slot(enrolment):
    proposed = services.propose_slots(
        enrolment=enrolment, coach=enrolment.coach, kind="phone", slots=[timezone.now() + DAY], duration_minutes=45
    )
    with pytest.raises(CoachingRefused):
        services.accept_slot(appointment=proposed[0], person=enrolment.coach)


def test_an_appointment_cannot_be_marked_before_it_starts(enrolment):
    appointment = book(enrolment)
    with pytest.raises(CoachingRefused) as refusal:
        services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="done")
    assert refusal.value.code == "slot_not_yet"


def test_a_done_appointment_is_recorded_as_an_interview_of_the_journey(enrolment):
    appointment = held(enrolment, kind="phone", video_url="", duration_minutes=45)
    services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="done")
    interview = Interview.objects.get()
    assert (interview.source, interview.source_ref) == ("appointment", str(appointment.pk))
    assert (interview.mode, interview.duration_minutes) == ("phone", 45)
    assert interview.held_at == appointment.starts_at


@pytest.mark.parametrize("kind", ["video", "phone", "on_site"])
def test_a_done_interview_of_any_kind_opens_the_way_to_conclusions(enrolment, kind):
    journey = enrolment.journey
    with pytest.raises(TransitionRefused):
        journey_services.open_phase(journey=journey, target="conclusions", actor=enrolment.coach)
    details = {"video_url": LINK if kind == "video" else "", "location": "12 rue de Caen"}
    appointment = starting_now(enrolment, kind=kind, **details)  # after the investigation opened
    services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="done")
    journey = journey_services.open_phase(journey=journey, target="conclusions", actor=enrolment.beneficiary)
    assert journey.phase == "conclusions"


def test_a_missed_appointment_gives_no_interview(enrolment):
    appointment = held(enrolment)
    services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="missed")
    assert not Interview.objects.exists()
    assert journeys.summary_for(enrolment.journey).next_phase_refusal == "interview_missing"


def test_a_settled_appointment_does_not_change_again(enrolment):
    appointment = held(enrolment)
    services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="done")
    with pytest.raises(CoachingRefused) as refusal:
        services.settle_appointment(appointment=appointment, coach=enrolment.coach, outcome="missed")
    assert refusal.value.code == "already_settled"
    assert Interview.objects.count() == 1


def test_cancelling_a_booked_appointment_sends_a_cancel_calendar(enrolment):
    appointment = book(enrolment)
    services.cancel_appointment(appointment=appointment, coach=enrolment.coach)
    emails.deliver_appointment_email(appointment_id=appointment.pk, what="cancellation")
    _name, content, _mimetype = mail.outbox[0].attachments[0]
    event = check_calendar(content if isinstance(content, bytes) else content.encode())
    assert str(event["STATUS"]) == "CANCELLED" and str(event["SEQUENCE"]) == "1"


def test_booking_is_refused_for_a_bilan_not_in_progress(db):
    enrolment = followed()
    services.end_enrolment(enrolment=enrolment, coach=enrolment.coach, reason_code="found_job")
    enrolment.refresh_from_db()
    with pytest.raises(CoachingRefused) as refusal:
        book(enrolment)
    assert refusal.value.code == "not_in_progress"


def test_a_sent_reminder_shows_in_the_timeline(enrolment):
    from openbilan.coaching import selectors

    appointment = book(enrolment)
    emails.deliver_appointment_reminder(appointment_id=appointment.pk, starts_at=appointment.starts_at.isoformat())
    assert "appointment_reminder" in {event.kind for event in selectors.timeline(enrolment)}
