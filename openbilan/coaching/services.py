"""Every write of the coaching domain. Each function is one transaction, takes keyword arguments, checks who acts,
and refuses with a translated CoachingRefused (or the enrolment core's TransitionRefused when ending a bilan).
"""

import datetime
import logging
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from openbilan.accounts.models import User
from openbilan.coaching import filetypes, selectors
from openbilan.coaching.errors import CoachingRefused
from openbilan.coaching.models import (
    AdaptationLog,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Assignment,
    Attachment,
    CoachNote,
    ContactAttempt,
    Message,
    MessageNotification,
    TimeEntry,
)
from openbilan.coaching.tasks import send_appointment_email, send_appointment_reminder, send_message_notification
from openbilan.enrolments import access
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.machine import Action
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.journeys import services as journeys
from openbilan.journeys.models import Interview

ENDED = (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED)

logger = logging.getLogger(__name__)

MAX_FILES = 3
SETTLE_TOLERANCE = datetime.timedelta(minutes=5)  # the same tolerance as journeys.record_interview


def attachment_max_bytes() -> int:
    return int(getattr(settings, "OPENBILAN_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def messages_per_hour() -> int:
    return int(getattr(settings, "OPENBILAN_MESSAGES_PER_HOUR", 30))


def digest_minutes() -> int:
    return int(getattr(settings, "OPENBILAN_MESSAGE_DIGEST_MINUTES", 15))


def _is_coach_of(enrolment: Enrolment, user: User) -> bool:
    """The enrolment's coach, as the one access rule says (their operator, the status, the dates)."""
    if user is None:
        return False
    rule = access.decide(user, enrolment)
    return rule is not None and rule.is_coach


def _is_person_of(enrolment: Enrolment, user: User) -> bool:
    return user is not None and user.pk == enrolment.beneficiary_id and user.is_beneficiary


def _require_coach(enrolment: Enrolment, user: User) -> None:
    if not _is_coach_of(enrolment, user):
        raise CoachingRefused("not_allowed")


def _locked(enrolment: Enrolment) -> Enrolment:
    """The enrolment row, locked: writes that check a limit (time, rate) on it are serialised."""
    locked = Enrolment.objects.select_for_update(of=("self",))  # the coach is an outer join: lock only the enrolment
    return locked.select_related("beneficiary", "coach", "programme").get(pk=enrolment.pk)


# --- Messages ----------------------------------------------------------------------------------------------------


def check_attachment(upload) -> str:
    """The allowed kind of an uploaded file, or a refusal that names the file and says what to do."""
    decision = filetypes.check(upload.name, upload, upload.size, attachment_max_bytes())
    if isinstance(decision, filetypes.Refusal):
        raise CoachingRefused(
            f"file_{decision.code}", name=upload.name[:80], limit=filesizeformat(attachment_max_bytes())
        )
    return decision


@transaction.atomic
def send_message(
    *,
    enrolment: Enrolment,
    sender: User,
    body: str,
    files: Sequence = (),
    notify: bool = True,
    now: datetime.datetime | None = None,
) -> Message:
    """Add a message to the thread of a bilan, from the person or their coach, with up to three checked files.

    The other party is told by e-mail, grouped (see notify_new_message). A sender may send a limited number of
    messages per hour, so a loop or a slip of the finger cannot flood anybody."""
    enrolment = _locked(enrolment)
    if _is_person_of(enrolment, sender):
        recipient = enrolment.coach
    elif _is_coach_of(enrolment, sender):
        recipient = enrolment.beneficiary
    else:
        raise CoachingRefused("not_allowed")
    if enrolment.status == EnrolmentStatus.DROPPED:
        raise CoachingRefused("thread_closed")
    body = (body or "").strip()
    files = list(files)
    if not body and not files:
        raise CoachingRefused("empty_message")
    if len(files) > MAX_FILES:
        raise CoachingRefused("too_many_files", limit=MAX_FILES)
    kinds = [check_attachment(upload) for upload in files]
    now = now or timezone.now()
    limit = messages_per_hour()
    if selectors.sent_in_last_hour(sender, now) >= limit:
        raise CoachingRefused("rate_limited", limit=limit)
    message = Message.objects.create(
        enrolment=enrolment, sender=sender, recipient=recipient, body=body[:5000], created_at=now
    )
    for upload, kind in zip(files, kinds, strict=True):
        upload.seek(0)
        Attachment.objects.create(message=message, file=upload, name=upload.name[:200], kind=kind, size=upload.size)
    if sender == enrolment.beneficiary:
        journeys.record_outside_activity(enrolment=enrolment, at=now)
    if notify and recipient is not None:
        notify_new_message(recipient=recipient, now=now)
    return message


@transaction.atomic
def mark_thread_read(
    *,
    enrolment: Enrolment,
    reader: User,
    only: Sequence[int] | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """The reader saw the other party's messages (all of them, or `only` those shown). Returns how many became
    read."""
    if not (_is_person_of(enrolment, reader) or _is_coach_of(enrolment, reader)):
        raise CoachingRefused("not_allowed")
    messages = Message.objects.filter(enrolment=enrolment, read_at__isnull=True).exclude(sender=reader)
    if only is not None:
        messages = messages.filter(pk__in=list(only))
    return messages.update(read_at=now or timezone.now())


def notify_new_message(*, recipient: User, now: datetime.datetime) -> MessageNotification | None:
    """Plan one e-mail about new messages: at most one waits per person, and two e-mails are at least the grouping
    delay apart. The e-mail lists how many messages arrived and from whom, never their content."""
    if MessageNotification.objects.filter(recipient=recipient, state=MessageNotification.State.PENDING).exists():
        return None
    last_sent = (
        MessageNotification.objects.filter(recipient=recipient, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    due = now + datetime.timedelta(minutes=2)  # read at once in the app: no e-mail at all
    if last_sent is not None:
        due = max(due, last_sent + datetime.timedelta(minutes=digest_minutes()))
    try:
        with transaction.atomic():
            notification = MessageNotification.objects.create(recipient=recipient, due_at=due)
    except IntegrityError:  # another message planned it at the same moment
        return None
    send_message_notification.using(run_after=due).enqueue(notification.pk)
    return notification


# --- Time --------------------------------------------------------------------------------------------------------


def _require_time(enrolment: Enrolment, minutes: int, *, for_person: bool = False) -> None:
    """Refuse what would take the bilan beyond 24 hours (L6313-4: no exception, nobody can allow more)."""
    budget = selectors.time_budget(enrolment)
    if not budget.allows(minutes):
        if for_person:
            raise CoachingRefused("cap_reached_person")
        raise CoachingRefused(
            "cap_reached", total=selectors.hours_label(budget.used + minutes), cap=selectors.hours_label(budget.cap)
        )


def ended_on(enrolment: Enrolment) -> datetime.date | None:
    """The day the action ended (completed or stopped); None while it goes on."""
    moment = enrolment.completed_at or enrolment.dropped_at
    return timezone.localdate(moment) if moment and enrolment.status in ENDED else None


@transaction.atomic
def add_time(*, enrolment: Enrolment, coach: User, on: datetime.date, minutes: int, description: str) -> TimeEntry:
    """Record coach time spent on the bilan outside appointments. Time spent after the end (the follow-up
    interview) is recorded as follow-up: it does not count in, nor is it refused by, the bilan's 24 hours."""
    enrolment = _locked(enrolment)
    _require_coach(enrolment, coach)
    if not description.strip():
        raise CoachingRefused("text_missing")
    end = ended_on(enrolment)
    follow_up = end is not None and on > end
    if not follow_up:
        _require_time(enrolment, minutes)
    return TimeEntry.objects.create(
        enrolment=enrolment,
        coach=coach,
        on=on,
        minutes=minutes,
        description=description.strip()[:300],
        follow_up=follow_up,
        created_at=timezone.now(),
    )


# --- Appointments ------------------------------------------------------------------------------------------------


def _slot_details(kind: str, duration_minutes: int, location: str, video_url: str, subject: str) -> dict:
    """What a booked or proposed slot says besides its time, checked and stripped."""
    if kind not in AppointmentKind.values:
        raise CoachingRefused("not_allowed")
    if kind == AppointmentKind.VIDEO and not video_url.startswith("https://"):
        raise CoachingRefused("video_link")
    if kind == AppointmentKind.ON_SITE and not location.strip():
        raise CoachingRefused("location_missing")
    return {
        "kind": kind,
        "duration_minutes": duration_minutes,
        "location": location.strip(),
        "video_url": video_url.strip(),
        "subject": subject.strip(),
    }


def _require_in_progress(enrolment: Enrolment) -> None:
    if enrolment.status not in (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED):
        raise CoachingRefused("not_in_progress")


def _new_appointment(enrolment, coach, status, starts_at, now, **details) -> Appointment:
    return Appointment.objects.create(
        enrolment=enrolment,
        coach=coach,
        status=status,
        starts_at=starts_at,
        uid=f"{uuid.uuid4().hex}@openbilan",
        created_by=coach,
        created_at=now,
        booked_at=now if status == AppointmentStatus.BOOKED else None,
        **details,
    )


def _after_booking(appointment: Appointment, now: datetime.datetime) -> None:
    """The invitation with its calendar file now, and the reminder the day before."""
    send_appointment_email.enqueue(appointment.pk, "invitation")
    remind_at = appointment.starts_at - datetime.timedelta(days=1)
    if remind_at > now:
        send_appointment_reminder.using(run_after=remind_at).enqueue(appointment.pk, appointment.starts_at.isoformat())


@transaction.atomic
def book_appointment(
    *,
    enrolment: Enrolment,
    coach: User,
    kind: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    video_url: str = "",
    subject: str = "",
    now: datetime.datetime | None = None,
) -> Appointment:
    """The coach books a slot: the person receives an invitation with a calendar file, and a reminder the day
    before. The duration counts towards the bilan's 24 hours."""
    enrolment = _locked(enrolment)
    _require_coach(enrolment, coach)
    _require_in_progress(enrolment)
    details = _slot_details(kind, duration_minutes, location, video_url, subject)
    now = now or timezone.now()
    if starts_at < now - SETTLE_TOLERANCE:
        raise CoachingRefused("slot_past")
    _require_time(enrolment, duration_minutes)
    appointment = _new_appointment(
        enrolment,
        coach,
        AppointmentStatus.BOOKED,
        starts_at,
        now,
        **details,
    )
    _after_booking(appointment, now)
    return appointment


@transaction.atomic
def propose_slots(
    *,
    enrolment: Enrolment,
    coach: User,
    kind: str,
    slots: Sequence[datetime.datetime],
    duration_minutes: int,
    location: str = "",
    video_url: str = "",
    subject: str = "",
    now: datetime.datetime | None = None,
) -> list[Appointment]:
    """The coach proposes one to three slots; the person accepts one and the others are withdrawn."""
    enrolment = _locked(enrolment)
    _require_coach(enrolment, coach)
    _require_in_progress(enrolment)
    details = _slot_details(kind, duration_minutes, location, video_url, subject)
    now = now or timezone.now()
    slots = sorted(set(slots))
    if not slots:
        raise CoachingRefused("slot_missing")
    if any(slot < now for slot in slots):
        raise CoachingRefused("slot_past")
    _require_time(enrolment, duration_minutes)
    proposal = uuid.uuid4()
    created = [
        _new_appointment(
            enrolment,
            coach,
            AppointmentStatus.PROPOSED,
            slot,
            now,
            **details,
            proposal=proposal,
        )
        for slot in slots[:3]
    ]
    send_appointment_email.enqueue(created[0].pk, "proposal")
    return created


@transaction.atomic
def accept_slot(*, appointment: Appointment, person: User, now: datetime.datetime | None = None) -> Appointment:
    """The person accepts a proposed slot: it is booked, the other slots of the proposal are withdrawn."""
    enrolment = _locked(appointment.enrolment)
    if not _is_person_of(enrolment, person):
        raise CoachingRefused("not_allowed")
    _require_in_progress(enrolment)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    now = now or timezone.now()
    if appointment.status != AppointmentStatus.PROPOSED or appointment.starts_at < now:
        raise CoachingRefused("not_proposed")
    _require_time(enrolment, appointment.duration_minutes, for_person=True)
    appointment.status, appointment.booked_at = AppointmentStatus.BOOKED, now
    appointment.save(update_fields=["status", "booked_at"])
    if appointment.proposal:
        Appointment.objects.filter(proposal=appointment.proposal, status=AppointmentStatus.PROPOSED).exclude(
            pk=appointment.pk
        ).update(status=AppointmentStatus.CANCELLED, settled_at=now, settled_by=person)
    _after_booking(appointment, now)
    return appointment


@transaction.atomic
def settle_appointment(
    *, appointment: Appointment, coach: User, outcome: str, now: datetime.datetime | None = None
) -> Appointment:
    """The coach says a booked appointment took place ("done") or not ("missed"), once its time has come.

    A done appointment is a synchronous interview (video, phone and on site all are): it is recorded in the journey
    through journeys.services.record_interview, which the conclusions phase requires (R6313-4)."""
    enrolment = _locked(appointment.enrolment)
    _require_coach(enrolment, coach)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if outcome not in (AppointmentStatus.DONE, AppointmentStatus.MISSED):
        raise CoachingRefused("not_allowed")
    if appointment.status != AppointmentStatus.BOOKED:
        raise CoachingRefused("not_booked" if appointment.status == AppointmentStatus.PROPOSED else "already_settled")
    now = now or timezone.now()
    if appointment.starts_at > now + SETTLE_TOLERANCE:
        raise CoachingRefused("slot_not_yet")
    appointment.status, appointment.settled_at, appointment.settled_by = outcome, now, coach
    appointment.save(update_fields=["status", "settled_at", "settled_by"])
    if outcome == AppointmentStatus.DONE:
        journey = journeys.ensure_journey(enrolment)
        if journey is not None and appointment.starts_at >= journey.started_at - datetime.timedelta(days=1):
            journeys.record_interview(
                journey=journey,
                held_at=appointment.starts_at,
                mode=appointment.kind,
                recorded_by=coach,
                duration_minutes=appointment.duration_minutes,
                source=Interview.Source.APPOINTMENT,
                source_ref=str(appointment.pk),
            )
    return appointment


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, coach: User, now: datetime.datetime | None = None) -> Appointment:
    """The coach cancels a proposed or booked appointment; a booked one's invitation is withdrawn by e-mail."""
    enrolment = _locked(appointment.enrolment)
    _require_coach(enrolment, coach)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status not in (AppointmentStatus.PROPOSED, AppointmentStatus.BOOKED):
        raise CoachingRefused("already_settled")
    was_booked = appointment.status == AppointmentStatus.BOOKED
    appointment.status, appointment.settled_at, appointment.settled_by = (
        AppointmentStatus.CANCELLED,
        now or timezone.now(),
        coach,
    )
    appointment.sequence += 1
    appointment.save(update_fields=["status", "settled_at", "settled_by", "sequence"])
    if was_booked:
        send_appointment_email.enqueue(appointment.pk, "cancellation")
    return appointment


# --- Notes, adaptations, contact attempts, end of a bilan -------------------------------------------------------


@transaction.atomic
def add_note(*, enrolment: Enrolment, coach: User, body: str) -> CoachNote:
    """A private working note (the person gets it in their data export: write it as if they could read it)."""
    _require_coach(enrolment, coach)
    if not body.strip():
        raise CoachingRefused("text_missing")
    return CoachNote.objects.create(
        enrolment=enrolment, author=coach, body=body.strip()[:5000], created_at=timezone.now()
    )


@transaction.atomic
def log_adaptation(*, enrolment: Enrolment, coach: User, kind: str, change: str, reason: str) -> AdaptationLog:
    """A change of content, pace or arrangements for this person, with its reason (Qualiopi ind. 10)."""
    _require_coach(enrolment, coach)
    if kind not in AdaptationLog.Kind.values:
        raise CoachingRefused("not_allowed")
    if not change.strip():
        raise CoachingRefused("text_missing")
    if not reason.strip():
        raise CoachingRefused("reason_missing")
    return AdaptationLog.objects.create(
        enrolment=enrolment, kind=kind, change=change.strip(), reason=reason.strip(), by=coach, at=timezone.now()
    )


@transaction.atomic
def record_contact_attempt(
    *,
    enrolment: Enrolment,
    coach: User,
    channel: str,
    outcome: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ContactAttempt:
    """The coach tried to reach the person (drop-out prevention, Qualiopi ind. 12)."""
    _require_coach(enrolment, coach)
    if channel not in ContactAttempt.Channel.values or outcome not in ContactAttempt.Outcome.values:
        raise CoachingRefused("not_allowed")
    return ContactAttempt.objects.create(
        enrolment=enrolment, channel=channel, outcome=outcome, note=note.strip(), by=coach, at=at or timezone.now()
    )


def end_enrolment(*, enrolment: Enrolment, coach: User, reason_code: str, note: str = "") -> Enrolment:
    """The bilan stops, with a reason code: through the enrolment's status machine, which records the transition."""
    _require_coach(enrolment, coach)
    return enrolment_services.change_status(
        enrolment=enrolment, action=Action.DROP, actor=coach, reason_code=reason_code, note=note.strip()
    )


# --- Who follows whom --------------------------------------------------------------------------------------------


@transaction.atomic
@transaction.atomic
def assign_coaches(*, enrolments: list[Enrolment], coach: User | None, admin: User, reason: str = "") -> int:
    """Bulk assignment: the same coach for several bilans, all or nothing (one refusal changes none of them).
    Bilans that already have this coach are left as they are; returns how many changed."""
    changed = 0
    for enrolment in enrolments:
        if (coach.pk if coach else None) == enrolment.coach_id:
            continue
        assign_coach(enrolment=enrolment, coach=coach, admin=admin, reason=reason)
        changed += 1
    return changed


def assign_coach(*, enrolment: Enrolment, coach: User | None, admin: User, reason: str = "") -> Assignment:
    """An admin of the programme's operator gives a bilan to one of the operator's coaches (or takes it back).
    Every change is kept: who, from whom, to whom, when and why. The former coach loses access at once."""
    enrolment = _locked(enrolment)
    operator_id = enrolment.programme.operator_id
    if not selectors.is_admin_of_operator(admin, operator_id):
        raise CoachingRefused("not_allowed")
    if coach is not None and not selectors.is_coach_of_operator(coach, operator_id):
        raise CoachingRefused("coach_not_of_operator")
    if (coach.pk if coach else None) == enrolment.coach_id:
        raise CoachingRefused("same_coach")
    assignment = Assignment.objects.create(
        enrolment=enrolment,
        from_coach_id=enrolment.coach_id,
        to_coach=coach,
        by=admin,
        reason=reason.strip()[:300],
        at=timezone.now(),
    )
    enrolment_services.change_coach(enrolment=enrolment, coach=coach)
    if enrolment.coach_id is not None:  # what the person wrote to the former coach and nobody read yet
        Message.objects.filter(enrolment=enrolment, recipient_id=enrolment.coach_id, read_at__isnull=True).update(
            recipient=coach
        )
    enrolment.coach = coach
    logger.info(
        "assignment: enrolment=%s coach %s -> %s by=%s",
        enrolment.pk,
        assignment.from_coach_id,
        assignment.to_coach_id,
        admin.pk,
    )
    return assignment
