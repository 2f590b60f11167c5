"""`manage.py load_demo` hook: the demo coach's exchanges with the two demo beneficiaries.

Stéphanie (beneficiary) has a conversation, an interview held by video, the next one booked, notes and time entries.
Karim (beneficiary2) missed his first appointment: the caseload flags him at risk of dropping out.
Safe to run twice: each step is skipped when already done. No e-mail is sent for the messages.
"""

import datetime

from django.utils import timezone

from openbilan.coaching import services
from openbilan.coaching.models import Appointment, AppointmentStatus, CoachNote, Message, TimeEntry
from openbilan.enrolments.models import Enrolment

VIDEO_URL = "https://visio.example.org/openbilan-demo"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time `days` from today (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _held(enrolment, coach, *, starts_at, outcome, subject):
    """An appointment that already took place (or was missed): booked before it, then settled."""
    appointment = services.book_appointment(
        enrolment=enrolment,
        coach=coach,
        kind="video",
        starts_at=starts_at,
        duration_minutes=60,
        video_url=VIDEO_URL,
        subject=subject,
        now=starts_at - datetime.timedelta(days=2),
    )
    return services.settle_appointment(appointment=appointment, coach=coach, outcome=outcome)


def load(context):
    coach = context.users["coach"]
    person, other = context.users["beneficiary"], context.users["beneficiary2"]
    enrolment = Enrolment.objects.get(programme=context.programme, beneficiary=person)
    second = Enrolment.objects.get(programme=context.programme, beneficiary=other)
    now = timezone.now()

    if not Message.objects.filter(enrolment=enrolment).exists():
        exchange = [
            (
                coach,
                "Bonjour Stéphanie, bienvenue ! J'ai lu votre analyse des besoins. On en parle mardi en visio ?",
                3,
            ),
            (person, "Bonjour, oui mardi me va très bien. J'ai commencé la ligne de vie.", 2),
            (coach, "Parfait. Pensez aussi au questionnaire sur vos centres d'intérêt avant notre rendez-vous.", 1),
        ]
        for sender, body, days_ago in exchange:
            services.send_message(
                enrolment=enrolment,
                sender=sender,
                body=body,
                notify=False,
                now=now - datetime.timedelta(days=days_ago),
            )
        services.mark_thread_read(enrolment=enrolment, reader=coach)
    if not Message.objects.filter(enrolment=second).exists():
        services.send_message(
            enrolment=second,
            sender=coach,
            body="Bonjour Karim, je ne vous ai pas vu à notre rendez-vous. Tout va bien ? Proposez-moi un moment.",
            notify=False,
        )

    statuses = set(Appointment.objects.filter(enrolment=enrolment).values_list("status", flat=True))
    if AppointmentStatus.DONE not in statuses:
        _held(enrolment, coach, starts_at=now - datetime.timedelta(hours=3), outcome="done", subject="Premier point")
    if AppointmentStatus.BOOKED not in statuses:
        services.book_appointment(
            enrolment=enrolment,
            coach=coach,
            kind="video",
            starts_at=_at(3, 10),
            duration_minutes=60,
            video_url=VIDEO_URL,
            subject="Retour sur la ligne de vie et les intérêts",
        )
    if not Appointment.objects.filter(enrolment=second, status=AppointmentStatus.MISSED).exists():
        _held(
            second, coach, starts_at=now - datetime.timedelta(hours=2), outcome="missed", subject="Premier rendez-vous"
        )

    if not CoachNote.objects.filter(enrolment=enrolment).exists():
        services.add_note(
            enrolment=enrolment,
            coach=coach,
            body="Motivée, mal de dos : éviter les métiers debout. Piste à creuser : accueil, secrétariat médical.",
        )
    if not TimeEntry.objects.filter(enrolment=enrolment).exists():
        services.add_time(
            enrolment=enrolment,
            coach=coach,
            on=timezone.localdate(),
            minutes=30,
            description="Préparation du premier entretien",
        )
    _follow_up_time(context)


def _follow_up_time(context):
    """A completed bilan of the demo cohort with its follow-up interview, recorded after the end as follow-up time:
    it does not count in the bilan's 24 hours (L6313-4)."""
    done = (
        Enrolment.objects.filter(programme=context.programme, status="completed", coach__isnull=False)
        .exclude(completed_at=None)
        .order_by("pk")
        .first()
    )
    if done is None or TimeEntry.objects.filter(enrolment=done, follow_up=True).exists():
        return
    day = min(timezone.localdate(), timezone.localdate(done.completed_at) + datetime.timedelta(days=60))
    if day <= timezone.localdate(done.completed_at):
        return
    services.add_time(enrolment=done, coach=done.coach, on=day, minutes=45, description="Entretien de suivi")
