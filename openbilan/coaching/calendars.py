"""An appointment as an iCalendar file: downloaded from its page, attached to its invitation and cancellation."""

from django.conf import settings
from django.utils import timezone, translation

from openbilan.coaching import ics
from openbilan.coaching.models import Appointment, AppointmentKind, AppointmentStatus


def calendar_file(appointment: Appointment, *, method: str = "PUBLISH") -> str:
    """The appointment as an iCalendar file (see coaching.ics)."""
    return ics.build(ics_event(appointment), method=method)


def ics_event(appointment: Appointment) -> ics.Event:
    coach, person = appointment.coach, appointment.enrolment.beneficiary
    with translation.override(settings.LANGUAGE_CODE):
        summary = translation.gettext("Rendez-vous de bilan avec %(name)s") % {
            "name": coach.get_full_name() or coach.email
        }
        description = " · ".join(
            part
            for part in (str(AppointmentKind(appointment.kind).label), appointment.subject, appointment.location)
            if part
        )
    location = appointment.location
    if appointment.kind == AppointmentKind.VIDEO:
        location = appointment.video_url
    elif appointment.kind == AppointmentKind.PHONE and not location:
        location = str(AppointmentKind.PHONE.label)
    return ics.Event(
        uid=appointment.uid,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=summary,
        stamp=timezone.now(),
        description=description,
        location=location,
        url=appointment.video_url if appointment.kind == AppointmentKind.VIDEO else "",
        sequence=appointment.sequence,
        cancelled=appointment.status == AppointmentStatus.CANCELLED,
        organizer_email=coach.email,
        organizer_name=coach.get_full_name(),
        attendees=((person.email, person.get_full_name()),),
    )
