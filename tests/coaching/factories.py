"""Coaching data in a known state. Appointments and messages can be made directly (fast set-up for lists) or through
the services (when the test is about the rules)."""

import datetime
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from openbilan.accounts.models import Role
from openbilan.coaching.models import Appointment, AppointmentStatus, Message, TimeEntry
from tests.accounts.factories import UserFactory
from tests.journeys.factories import started_journey
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


def followed(*, phase: str = "preliminary", **kwargs):
    """An enrolment whose journey has started (consent given), followed by a coach of the programme's operator."""
    programme = kwargs.pop("programme", None) or ProgrammeFactory()
    coach = kwargs.pop("coach", None) or UserFactory(role=Role.COACH, role__organisation=programme.operator)
    journey = started_journey(phase=phase, programme=programme, coach=coach, **kwargs)
    enrolment = journey.enrolment
    enrolment.refresh_from_db()
    return enrolment


def coach_of(programme):
    return UserFactory(role=Role.COACH, role__organisation=programme.operator)


def admin_of(programme):
    return UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    enrolment = factory.SubFactory(EnrolmentFactory)
    coach = factory.LazyAttribute(lambda o: o.enrolment.coach)
    kind = "video"
    video_url = "https://visio.example.org/salle"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    duration_minutes = 60
    status = AppointmentStatus.BOOKED
    uid = factory.LazyFunction(lambda: f"{uuid.uuid4().hex}@test")
    created_at = factory.LazyFunction(timezone.now)
    booked_at = factory.LazyAttribute(lambda o: o.created_at if o.status != AppointmentStatus.PROPOSED else None)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    enrolment = factory.SubFactory(EnrolmentFactory)
    sender = factory.LazyAttribute(lambda o: o.enrolment.beneficiary)
    recipient = factory.LazyAttribute(lambda o: o.enrolment.coach)
    body = "Bonjour"
    created_at = factory.LazyFunction(timezone.now)


class TimeEntryFactory(DjangoModelFactory):
    class Meta:
        model = TimeEntry

    enrolment = factory.SubFactory(EnrolmentFactory)
    coach = factory.LazyAttribute(lambda o: o.enrolment.coach)
    on = factory.LazyFunction(timezone.localdate)
    minutes = 60
    description = "Préparation"
    created_at = factory.LazyFunction(timezone.now)
