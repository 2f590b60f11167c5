"""Every read of the coaching domain. Who may see what is decided here, once:

- a coach sees the bilans they follow (Enrolment.coach), and nothing of anybody else;
- the person sees their own thread and appointments (never the coach's notes on screen; they are in their export);
- an operator admin sees who follows which bilan of their organisation's programmes, and the time used, never the
  content (no message, note or result);
- funders and prescribers see nothing here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from openbilan.accounts.models import Role, User
from openbilan.coaching.models import (
    AdaptationLog,
    Appointment,
    AppointmentStatus,
    Assignment,
    Attachment,
    CoachNote,
    ContactAttempt,
    Message,
    TimeEntry,
)
from openbilan.enrolments import access
from openbilan.enrolments.models import Enrolment
from openbilan.journeys import selectors as journeys
from openbilan.programmes.models import Programme

# The law: a bilan may not exceed 24 hours of service (R6313-4 and following); OpenBilan warns from 20 hours.
MAX_MINUTES = 24 * 60
WARNING_MINUTES = 20 * 60
COUNTED_APPOINTMENTS = (AppointmentStatus.BOOKED, AppointmentStatus.DONE)
UPCOMING = (AppointmentStatus.PROPOSED, AppointmentStatus.BOOKED)

# --- Who may open what -------------------------------------------------------------------------------------------


def coach_enrolment(user: User, enrolment_id: int) -> Enrolment | None:
    """The bilan `user` follows as its coach, else None (another coach's person does not exist for them)."""
    if not user.is_authenticated or not user.is_coach:
        return None
    return (
        access.coached_enrolments(user)
        .filter(pk=enrolment_id)
        .select_related("beneficiary", "programme__operator", "prescriber", "journey__template")
        .first()
    )


def person_enrolments(user: User) -> QuerySet[Enrolment]:
    """The person's own bilans, with their coach, newest first."""
    if not user.is_authenticated or not user.is_beneficiary:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(beneficiary=user)
        .select_related("programme", "coach", "beneficiary")
        .order_by("-created_at", "-pk")
    )


def person_enrolment(user: User, enrolment_id: int) -> Enrolment | None:
    return person_enrolments(user).filter(pk=enrolment_id).first()


def _party_filter(user: User, prefix: str = "") -> Q:
    """The bilans `user` is a party to: as the person, or as their current coach while the access rule lets them
    run it (openbilan.enrolments.access.coach_scope)."""
    rule = Q(pk__in=[])
    if user.is_beneficiary:
        rule |= Q(**{f"{prefix}beneficiary": user})
    if user.is_coach:
        rule |= Q(**{f"{prefix}pk__in": access.coached_enrolments(user).values("pk")})
    return rule


def attachment_for(user: User, attachment_id: int) -> Attachment | None:
    """An attachment only the two parties of its thread may download."""
    if not user.is_authenticated:
        return None
    return (
        Attachment.objects.filter(_party_filter(user, "message__enrolment__"), pk=attachment_id)
        .select_related("message__enrolment__beneficiary")
        .first()
    )


def appointment_for(user: User, appointment_id: int) -> Appointment | None:
    if not user.is_authenticated:
        return None
    return (
        Appointment.objects.filter(_party_filter(user, "enrolment__"), pk=appointment_id)
        .select_related("enrolment__beneficiary", "enrolment__programme", "coach")
        .first()
    )


@dataclass(frozen=True)
class AssignmentFilters:
    """The assignment page's filters: a programme, a coach (or `without_coach`), a status; empty means all."""

    programme_id: int | None = None
    coach_id: int | None = None
    without_coach: bool = False
    status: str = ""


def operator_admin_enrolments(
    user: User, filters: AssignmentFilters | None = None, *, ids: Iterable[int] | None = None
) -> QuerySet[Enrolment]:
    """The bilans of the programmes run by the operator organisations `user` administers (those `filters` keep,
    or those among `ids`)."""
    if not user.is_authenticated or not user.is_operator_admin:
        return Enrolment.objects.none()
    enrolments = Enrolment.objects.filter(programme__operator__in=journeys.operator_organisations_of(user))
    if ids is not None:
        enrolments = enrolments.filter(pk__in=list(ids))
    if filters is not None:
        if filters.programme_id:
            enrolments = enrolments.filter(programme_id=filters.programme_id)
        if filters.without_coach:
            enrolments = enrolments.filter(coach__isnull=True)
        elif filters.coach_id:
            enrolments = enrolments.filter(coach_id=filters.coach_id)
        if filters.status:
            enrolments = enrolments.filter(status=filters.status)
    return enrolments.select_related("beneficiary", "programme", "coach").order_by(
        "programme__name", "beneficiary__last_name", "beneficiary__first_name", "pk"
    )


def operator_admin_enrolment_ids(user: User) -> list[int]:
    """The ids of those bilans (the choices of the bulk assignment form)."""
    return list(operator_admin_enrolments(user).values_list("pk", flat=True))


def operator_admin_programmes(user: User) -> QuerySet[Programme]:
    """The programmes whose bilans `user` may assign (for the assignment page's filter)."""
    if not user.is_authenticated or not user.is_operator_admin:
        return Programme.objects.none()
    return Programme.objects.filter(operator__in=journeys.operator_organisations_of(user)).order_by("name", "pk")


def operator_admin_coaches(user: User) -> QuerySet[User]:
    """The coaches of every operator organisation `user` administers (for the assignment page's filter and bulk)."""
    if not user.is_authenticated or not user.is_operator_admin:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__organisation__in=journeys.operator_organisations_of(user),
            memberships__role=Role.COACH,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def admin_enrolment(user: User, enrolment_id: int) -> Enrolment | None:
    return operator_admin_enrolments(user).filter(pk=enrolment_id).first()


def coaches_of(operator_id: int) -> QuerySet[User]:
    """The coaches of an operator organisation (active memberships)."""
    return (
        User.objects.filter(
            memberships__organisation_id=operator_id,
            memberships__role=Role.COACH,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def is_coach_of_operator(user: User, operator_id: int) -> bool:
    return coaches_of(operator_id).filter(pk=user.pk).exists()


def is_admin_of_operator(user: User, operator_id: int) -> bool:
    return journeys.operator_organisations_of(user).filter(pk=operator_id).exists()


# --- Messages ----------------------------------------------------------------------------------------------------


def thread(enrolment: Enrolment, *, last: int | None = None) -> list[Message]:
    """The messages of a bilan, oldest first, with their attachments (two queries). `last`: only the last ones."""
    messages = Message.objects.filter(enrolment=enrolment).select_related("sender").prefetch_related("attachments")
    if last is not None:
        return list(reversed(messages.order_by("-created_at", "-pk")[:last]))
    return list(messages)


def unread_count(user: User, enrolment: Enrolment | None = None) -> int:
    """Messages from the other party that `user` has not read yet."""
    if not user.is_authenticated:
        return 0
    messages = Message.objects.filter(read_at__isnull=True).exclude(sender=user)
    if enrolment is not None:
        return messages.filter(enrolment=enrolment).count()
    return messages.filter(_party_filter(user, "enrolment__")).count()


def sent_in_last_hour(sender: User, now: datetime.datetime) -> int:
    return Message.objects.filter(sender=sender, created_at__gt=now - datetime.timedelta(hours=1)).count()


@dataclass(frozen=True)
class InboxRow:
    """One followed person in the coach's inbox: their last message and how many of theirs the coach has not read."""

    enrolment: Enrolment
    last: Message | None
    unread: int


def coach_inbox(coach: User) -> list[InboxRow]:
    """Every bilan the coach follows with a message, unread first, then the most recent; three queries whatever the
    caseload (the enrolments, the unread counts, the last messages)."""
    if not coach.is_authenticated or not coach.is_coach:
        return []
    enrolments = {
        enrolment.pk: enrolment
        for enrolment in access.coached_enrolments(coach)
        .filter(messages__isnull=False)
        .select_related("beneficiary", "programme")
        .distinct()
    }
    unread = dict(
        Message.objects.filter(enrolment__in=list(enrolments), read_at__isnull=True)
        .exclude(sender=coach)
        .values("enrolment")
        .annotate(count=Count("pk"))
        .values_list("enrolment", "count")
    )
    latest_ids = (
        Message.objects.filter(enrolment__in=list(enrolments))
        .values("enrolment")
        .annotate(latest=Max("pk"))
        .values_list("latest", flat=True)
    )
    last = {m.enrolment_id: m for m in Message.objects.filter(pk__in=list(latest_ids)).select_related("sender")}
    rows = [InboxRow(enrolment, last.get(pk), unread.get(pk, 0)) for pk, enrolment in enrolments.items()]
    rows.sort(
        key=lambda row: (row.unread == 0, -(row.last.created_at.timestamp() if row.last else 0), row.enrolment.pk)
    )
    return rows


# --- Appointments ------------------------------------------------------------------------------------------------


def appointments_of(enrolment: Enrolment) -> list[Appointment]:
    return list(Appointment.objects.filter(enrolment=enrolment).select_related("coach").order_by("-starts_at", "-pk"))


def person_appointments(user: User) -> QuerySet[Appointment]:
    """The person's appointments in all their bilans, soonest first."""
    if not user.is_authenticated or not user.is_beneficiary:
        return Appointment.objects.none()
    return (
        Appointment.objects.filter(enrolment__beneficiary=user)
        .select_related("coach", "enrolment__programme")
        .order_by("starts_at", "pk")
    )


def upcoming_appointments(user: User) -> QuerySet[Appointment]:
    """The person's appointments still to come (booked, or proposed and waiting for them), soonest first."""
    return person_appointments(user).filter(
        status__in=[AppointmentStatus.BOOKED, AppointmentStatus.PROPOSED], starts_at__gte=timezone.now()
    )


def coach_agenda(coach: User, *, now: datetime.datetime | None = None, past_days: int = 7) -> QuerySet[Appointment]:
    """The coach's appointments across the caseload: proposed and booked ones from now on, and the last `past_days`
    days (to record what happened), soonest first."""
    if not coach.is_authenticated or not coach.is_coach:
        return Appointment.objects.none()
    now = now or timezone.now()
    return (
        Appointment.objects.filter(coach=coach, enrolment__in=access.coached_enrolments(coach))
        .filter(Q(starts_at__gte=now, status__in=UPCOMING) | Q(starts_at__gte=now - datetime.timedelta(days=past_days)))
        .select_related("enrolment__beneficiary", "enrolment__programme")
        .order_by("starts_at", "pk")
    )


# --- Time --------------------------------------------------------------------------------------------------------


def hours_label(minutes: int) -> str:
    """90 -> "1 h 30", 120 -> "2 h"."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@dataclass(frozen=True)
class TimeBudget:
    appointment_minutes: int
    manual_minutes: int
    follow_up_minutes: int = 0  # after the end (the follow-up interview): recorded, not the bilan's time

    @property
    def used(self) -> int:
        return self.appointment_minutes + self.manual_minutes

    @property
    def cap(self) -> int:
        return MAX_MINUTES  # L6313-4: 24 hours per bilan, no exception, no override

    @property
    def warning(self) -> bool:
        return self.used >= WARNING_MINUTES

    @property
    def blocked(self) -> bool:
        return self.used >= self.cap

    @property
    def left(self) -> int:
        return max(0, self.cap - self.used)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.cap)) if self.cap else 100

    @property
    def used_label(self) -> str:
        return hours_label(self.used)

    @property
    def cap_label(self) -> str:
        return hours_label(self.cap)

    @property
    def follow_up_label(self) -> str:
        return hours_label(self.follow_up_minutes)

    def allows(self, minutes: int) -> bool:
        return self.used + minutes <= self.cap


def time_budget(enrolment: Enrolment) -> TimeBudget:
    """Booked and held appointments plus manual entries, against 24 hours (two queries). Follow-up time after the
    end is shown apart and never counted as the bilan's."""
    appointments = Appointment.objects.filter(enrolment=enrolment, status__in=COUNTED_APPOINTMENTS).aggregate(
        total=Sum("duration_minutes")
    )["total"]
    manual = TimeEntry.objects.filter(enrolment=enrolment).aggregate(
        bilan=Sum("minutes", filter=Q(follow_up=False)), follow_up=Sum("minutes", filter=Q(follow_up=True))
    )
    return TimeBudget(appointments or 0, manual["bilan"] or 0, manual["follow_up"] or 0)


def time_entries_of(enrolment: Enrolment) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(enrolment=enrolment).select_related("coach")


# --- Notes, adaptations, contact attempts, assignments ----------------------------------------------------------


def notes_of(enrolment: Enrolment) -> QuerySet[CoachNote]:
    return CoachNote.objects.filter(enrolment=enrolment).select_related("author")


def notes_about(beneficiary: User) -> QuerySet[CoachNote]:
    """Every coach note about a person, in all their bilans: for the person's data export (right of access). Not for
    any screen: the caller is the export, which the person themself asks for."""
    return (
        CoachNote.objects.filter(enrolment__beneficiary=beneficiary)
        .select_related("author", "enrolment__programme")
        .order_by("created_at", "pk")
    )


def adaptations_of(enrolment: Enrolment) -> QuerySet[AdaptationLog]:
    return AdaptationLog.objects.filter(enrolment=enrolment).select_related("by")


def contacts_of(enrolment: Enrolment) -> QuerySet[ContactAttempt]:
    return ContactAttempt.objects.filter(enrolment=enrolment).select_related("by")


def assignments_of(enrolment: Enrolment) -> QuerySet[Assignment]:
    return Assignment.objects.filter(enrolment=enrolment).select_related("from_coach", "to_coach", "by")


# --- The timeline ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    at: datetime.datetime
    kind: str  # transition, message, appointment, reminder, appointment_reminder, contact, adaptation, assignment
    item: object


def timeline(enrolment: Enrolment, *, limit: int = 80) -> list[Event]:
    """What happened in the bilan, newest first: status and phase changes, messages, appointments, reminders sent
    (the journeys' and the appointments'), contact attempts, adaptations, reassignments (one query per kind)."""
    events = [Event(t.at, "transition", t) for t in journeys.transitions_of(enrolment).order_by("-at")[:limit]]
    events += [
        Event(m.created_at, "message", m)
        for m in Message.objects.filter(enrolment=enrolment).select_related("sender").order_by("-created_at")[:limit]
    ]
    events += [
        Event(a.settled_at or a.booked_at or a.created_at, "appointment", a)
        for a in Appointment.objects.filter(enrolment=enrolment).order_by("-created_at")[:limit]
    ]
    events += [Event(r.sent_at or r.queued_at, "reminder", r) for r in journeys.reminders_of(enrolment)[:limit]]
    events += [
        Event(a.reminder_sent_at, "appointment_reminder", a)
        for a in Appointment.objects.filter(enrolment=enrolment, reminder_sent_at__isnull=False).order_by(
            "-reminder_sent_at"
        )[:limit]
    ]
    events += [Event(c.at, "contact", c) for c in contacts_of(enrolment)[:limit]]
    events += [Event(a.at, "adaptation", a) for a in adaptations_of(enrolment)[:limit]]
    events += [Event(a.at, "assignment", a) for a in assignments_of(enrolment)[:limit]]
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]
