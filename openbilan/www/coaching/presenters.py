"""What the coaching pages show, gathered from the selectors of each domain (reads only)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from openbilan.assessments import selectors as assessments
from openbilan.coaching import caseload, risk, selectors, services
from openbilan.coaching.models import AppointmentStatus
from openbilan.enrolments import access
from openbilan.enrolments.models import DropReason, EnrolmentStatus, Transition
from openbilan.journeys import selectors as journeys
from openbilan.journeys.models import Aspirations, BeliefEntry, DriverEntry, NeedsAnalysis, PhaseCode, TimelineEntry
from openbilan.projects.selectors import project_summary_for
from openbilan.recommendations import selectors as recommendations
from openbilan.www.coaching import forms

SETTLED_MESSAGES = {
    "done": gettext_lazy("Le rendez-vous est noté comme fait. Il compte comme entretien du bilan."),
    "missed": gettext_lazy("Le rendez-vous est noté comme manqué."),
    "cancelled": gettext_lazy("Le rendez-vous est annulé. La personne est prévenue par e-mail."),
}


def flag_text(flag: risk.Flag) -> str:
    if flag.code == risk.INACTIVE:
        return ngettext("Sans activité depuis %(days)s jour", "Sans activité depuis %(days)s jours", flag.days) % {
            "days": flag.days
        }
    if flag.code == risk.MISSED_APPOINTMENT:
        return _("Dernier rendez-vous manqué")
    return ngettext(
        "Phase en retard de %(weeks)s semaine", "Phase en retard de %(weeks)s semaines", flag.weeks_late
    ) % {"weeks": flag.weeks_late}


def caseload_context(coach, form: forms.CaseloadForm) -> dict:
    """The coach's home: the filter form and one row per person (a constant number of queries)."""
    rows = caseload.caseload(coach, form.filters())
    for row in rows:
        row.flag_texts = [flag_text(flag) for flag in row.flags]
    return {"rows": rows, "form": form, "at_risk_count": sum(1 for row in rows if row.flags)}


def _results(person, rule) -> list[dict]:
    language = (get_language() or "fr")[:2]
    rows = []
    for attempt in assessments.finished_attempts_of_person(person, rule, limit=10):
        result = attempt.result or {}
        rows.append(
            {
                "attempt": attempt,
                "name": attempt.instrument_version.instrument().name(language),
                "code": result.get("holland_code", ""),
                "order": result.get("order", [])[:3],
            }
        )
    return rows


ENTRY_KINDS = (
    (NeedsAnalysis, gettext_lazy("Analyse des besoins"), "journeys:needs"),
    (TimelineEntry, gettext_lazy("Ligne de vie"), "journeys:timeline"),
    (DriverEntry, gettext_lazy("Mes moteurs et mes freins"), "journeys:drivers"),
    (BeliefEntry, gettext_lazy("Croyances limitantes"), "journeys:beliefs"),
    (Aspirations, gettext_lazy("Attentes, aspirations, besoins, impératifs"), "journeys:aspirations"),
)


def _entries(enrolment, journey) -> list[dict]:
    """The exercises the person shares with their coach (never the private ones): how many, and where to read them."""
    if journey is None:
        return []
    rows = []
    for model, label, url_name in ENTRY_KINDS:
        entries = [e for e in journeys.visible_entries(journey, model, viewer_is_person=False) if e.has_text()]
        rows.append(
            {
                "label": label,
                "count": len(entries),
                "updated_at": max((e.updated_at for e in entries), default=None),
                "titles": [str(getattr(e, "title", "") or "") for e in entries if getattr(e, "title", "")][:5],
                "url": reverse(url_name, kwargs={"enrolment_id": enrolment.pk}),
            }
        )
    return rows


def project_section(person):
    """The person's project, its criteria and the synthesis state, from the projects domain."""
    return project_summary_for(person)


def person_screen(enrolment, coach) -> dict:
    person = enrolment.beneficiary
    journey = getattr(enrolment, "journey", None)
    if journey is not None:
        journey.enrolment = enrolment
    row = caseload.row_for(enrolment)
    row.flag_texts = [flag_text(flag) for flag in row.flags]
    now = timezone.now()
    appointments = selectors.appointments_of(enrolment)
    for appointment in appointments:
        appointment.can_settle = (
            appointment.status == AppointmentStatus.BOOKED and appointment.starts_at <= now + services.SETTLE_TOLERANCE
        )
        appointment.can_cancel = appointment.status in (AppointmentStatus.PROPOSED, AppointmentStatus.BOOKED)
    budget = selectors.time_budget(enrolment)
    thread = selectors.thread(enrolment, last=10)
    rule = access.decide(coach, enrolment)
    content = rule is not None and rule.content  # the person's work, while they share it (enrolments.access)
    person_rule = access.person_for_content(coach, person) if content else None
    return {
        "enrolment": enrolment,
        "person": person,
        "journey": journey,
        "row": row,
        "overview": journeys.summary_for(journey) if journey else None,
        "content": content,
        "results": _results(person, person_rule) if person_rule else [],
        "entries": _entries(enrolment, journey) if content else [],
        "reactions": recommendations.reaction_history(person)[:10] if _suggestions(coach, person, content) else [],
        "shortlist": recommendations.shortlist_of(person) if _suggestions(coach, person, content) else [],
        "project": project_section(person) if content else None,
        "thread": thread,
        "unread": selectors.unread_count(coach, enrolment),
        # One page, seven forms: each its own field ids, so that every label names its own field.
        "message_form": forms.MessageForm(),
        "appointments": appointments,
        "appointment_form": forms.AppointmentForm(auto_id="appointment-%s"),
        "notes": selectors.notes_of(enrolment)[:20],
        "note_form": forms.NoteForm(auto_id="note-%s"),
        "budget": budget,
        "time_entries": selectors.time_entries_of(enrolment)[:20],
        "ended_on": services.ended_on(enrolment),
        "time_form": forms.TimeForm(auto_id="time-%s"),
        "adaptations": selectors.adaptations_of(enrolment),
        "adaptation_form": forms.AdaptationForm(auto_id="adaptation-%s"),
        "contacts": selectors.contacts_of(enrolment)[:20],
        "contact_form": forms.ContactForm(auto_id="contact-%s"),
        "reminders": journeys.reminders_of(enrolment)[:20],
        "end_form": forms.EndForm(auto_id="end-%s"),
        "can_end": enrolment.status in ("invited", "active", "paused"),
        "timeline": [{"at": e.at, "text": event_text(e)} for e in selectors.timeline(enrolment, limit=60)],
    }


def _suggestions(coach, person, content: bool) -> bool:
    return content and recommendations.can_view(coach, person)


def _name(user) -> str:
    return (user.get_full_name() or user.email) if user else _("OpenBilan")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "—"


def event_text(event: selectors.Event) -> str:
    """One line of the timeline, in the reader's language."""
    item = event.item
    if event.kind == "transition":
        if item.kind == Transition.Kind.STATUS:
            text = _("État : %(state)s") % {"state": _label(EnrolmentStatus, item.to_state)}
        else:
            text = _("Phase : %(phase)s") % {"phase": _label(PhaseCode, item.to_state)}
        if item.reason_code:
            text += f" ({_label(DropReason, item.reason_code)})"
        return f"{text} · {_name(item.actor)}"
    if event.kind == "message":
        return _("Message de %(name)s") % {"name": _name(item.sender)}
    if event.kind == "appointment":
        return _("Rendez-vous du %(date)s (%(kind)s) : %(status)s") % {
            "date": formats.date_format(timezone.localtime(item.starts_at), "ABBR_MONTH_DAY_TIME_FORMAT"),
            "kind": item.get_kind_display(),
            "status": item.get_status_display(),
        }
    if event.kind == "reminder":
        return _("Rappel : %(kind)s (%(state)s)") % {"kind": item.get_kind_display(), "state": item.get_state_display()}
    if event.kind == "appointment_reminder":
        return _("Rappel envoyé pour le rendez-vous du %(date)s") % {
            "date": formats.date_format(timezone.localtime(item.starts_at), "ABBR_MONTH_DAY_TIME_FORMAT")
        }
    if event.kind == "contact":
        return _("Tentative de contact : %(channel)s, %(outcome)s") % {
            "channel": item.get_channel_display(),
            "outcome": item.get_outcome_display(),
        }
    if event.kind == "adaptation":
        return _("Adaptation : %(kind)s") % {"kind": item.get_kind_display()}
    if event.kind == "assignment":
        return _("Suivi confié à %(name)s") % {"name": _name(item.to_coach) if item.to_coach else "—"}
    return event.kind


def thread_context(enrolment, viewer, *, form=None) -> dict:
    return {
        "enrolment": enrolment,
        "thread": selectors.thread(enrolment),
        "form": form or forms.MessageForm(),
        "viewer": viewer,
        "as_coach": viewer.pk == enrolment.coach_id,
    }


def assignment_context(enrolment, *, form) -> dict:
    return {
        "enrolment": enrolment,
        "form": form,
        "history": selectors.assignments_of(enrolment),
        "budget": selectors.time_budget(enrolment),
    }
