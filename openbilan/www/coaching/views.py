"""The coach's workspace (one screen per person, and the forms it posts to), the person's messages and appointments,
attachments and calendar files for the two parties only, and the operator admins' assignment pages.

Who may open what is decided by coaching.selectors; a coach opening a person's data is logged with
openbilan.enrolments.access. Anybody else gets a 404 (nothing tells them the person exists) or a 403 (wrong role).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.coaching import calendars, filetypes, selectors, services
from openbilan.coaching.models import AppointmentStatus
from openbilan.enrolments import access
from openbilan.privacy.models import AccessLabel
from openbilan.www import flow
from openbilan.www.coaching import forms, presenters
from openbilan.www.roles import role_required

# What the access log says of each page: a code the person reads in their own language.
WHAT = {
    "person": AccessLabel.COACH_PERSON,
    "thread": AccessLabel.COACH_THREAD,
    "appointment": AccessLabel.COACH_APPOINTMENT,
    "ics": AccessLabel.COACH_ICS,
    "attachment": AccessLabel.COACH_ATTACHMENT,
    "assignment": AccessLabel.ASSIGNMENT,
}


def _log(request, subject, what: str) -> None:
    """Record that a staff member opened this person's data (the person sees it on their privacy page)."""
    access.record(actor=request.user, subject=subject, label=WHAT[what], path=request.path)


def _followed(request, enrolment_id, what: str | None = None):
    """The bilan the signed-in coach follows; 404 for any other. A GET that shows the person's data is logged."""
    enrolment = selectors.coach_enrolment(request.user, enrolment_id)
    if enrolment is None:
        raise Http404
    if what:
        _log(request, enrolment.beneficiary, what)
    return enrolment


def _back(enrolment, anchor: str):
    return redirect(reverse("coaching:person", kwargs={"enrolment_id": enrolment.pk}) + f"#{anchor}")


def _form_page(request, enrolment, form, *, title: str, action: str, submit: str, status: int = 400):
    """A refused form shown on its own page, with its errors, whatever JavaScript does."""
    return render(
        request,
        "coaching/form_page.html",
        {"enrolment": enrolment, "form": form, "title": title, "action": action, "submit": submit},
        status=status,
    )


@require_GET
@login_required
def index(request):
    """/accompagnement/: each role's way in."""
    user = request.user
    if user.is_coach:
        return redirect("www:coach_home")
    if user.is_operator_admin:
        return redirect("coaching:assignments")
    if user.is_beneficiary:
        return redirect("coaching:messages")
    raise PermissionDenied


# --- The coach's screen for one person ---------------------------------------------------------------------------


@require_GET
@role_required(Role.COACH)
def person(request, enrolment_id):
    enrolment = _followed(request, enrolment_id, "person")
    context = presenters.person_screen(enrolment, request.user)
    shown = [message.pk for message in context["thread"]]
    services.mark_thread_read(enrolment=enrolment, reader=request.user, only=shown)  # the last ones are on screen
    return render(request, "coaching/person.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def coach_thread(request, enrolment_id):
    """The whole thread with the person; posting adds a message."""
    if request.method == "GET":
        enrolment = _followed(request, enrolment_id, "thread")
        services.mark_thread_read(enrolment=enrolment, reader=request.user)
        return render(request, "coaching/thread.html", presenters.thread_context(enrolment, request.user))
    enrolment = _followed(request, enrolment_id)
    return _post_message(request, enrolment, back=reverse("coaching:person", args=[enrolment.pk]) + "#messages")


def _post_message(request, enrolment, *, back: str):
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid() and flow.run(
        form,
        lambda: services.send_message(
            enrolment=enrolment, sender=request.user, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
        ),
    ):
        messages.success(request, _("Votre message est envoyé."))
        return redirect(back)
    context = presenters.thread_context(enrolment, request.user, form=form)
    template = "coaching/thread.html" if request.user.pk == enrolment.coach_id else "coaching/messages.html"
    return render(request, template, context, status=400)


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def appointment_new(request, enrolment_id):
    enrolment = _followed(request, enrolment_id, None if request.method == "POST" else "appointment")
    form = forms.AppointmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "enrolment": enrolment,
            "coach": request.user,
            "kind": data["kind"],
            "duration_minutes": data["duration"],
            "location": data["location"],
            "video_url": data["video_url"],
            "subject": data["subject"],
        }
        if data["mode"] == "book":
            done = flow.run(form, lambda: services.book_appointment(starts_at=data["slot1"], **details))
            success = _("Le rendez-vous est fixé. La personne reçoit une invitation par e-mail.")
        else:
            done = flow.run(form, lambda: services.propose_slots(slots=form.slots(), **details))
            success = _("Les créneaux sont proposés. La personne choisit celui qui lui convient.")
        if done:
            messages.success(request, success)
            return _back(enrolment, "appointments")
    return _form_page(
        request,
        enrolment,
        form,
        title=_("Nouveau rendez-vous"),
        action=request.path,
        submit=_("Enregistrer le rendez-vous"),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(Role.COACH)
def appointment_settle(request, enrolment_id, appointment_id):
    enrolment = _followed(request, enrolment_id)
    appointment = selectors.appointment_for(request.user, appointment_id)
    if appointment is None or appointment.enrolment_id != enrolment.pk:
        raise Http404
    form = forms.SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez ce qui s'est passé."))
        return _back(enrolment, "appointments")
    outcome = form.cleaned_data["outcome"]
    if outcome == AppointmentStatus.CANCELLED:
        done = flow.flash(request, lambda: services.cancel_appointment(appointment=appointment, coach=request.user))
    else:
        done = flow.flash(
            request,
            lambda: services.settle_appointment(appointment=appointment, coach=request.user, outcome=outcome),
        )
    if done:
        messages.success(request, presenters.SETTLED_MESSAGES[outcome])
    return _back(enrolment, "appointments")


def _screen_form(name: str, form_class: type[forms.ScreenForm], write):
    """A view for one of the small forms of the coach's screen: valid -> `write(enrolment=, coach=, **data)`, then
    back to the screen; refused -> the form on its own page (the texts and anchor are the form's)."""

    def view(request, enrolment_id):
        enrolment = _followed(request, enrolment_id)
        form = form_class(request.POST)
        if form.is_valid() and flow.run(
            form, lambda: write(enrolment=enrolment, coach=request.user, **form.service_data())
        ):
            messages.success(request, form.success)
            return _back(enrolment, form.anchor)
        return _form_page(request, enrolment, form, title=form.title, action=request.path, submit=form.submit)

    view.__name__ = view.__qualname__ = name  # what the security log names on a refusal
    return require_POST(role_required(Role.COACH)(view))


note_add = _screen_form("note_add", forms.NoteForm, services.add_note)
time_add = _screen_form("time_add", forms.TimeForm, services.add_time)
adaptation_add = _screen_form("adaptation_add", forms.AdaptationForm, services.log_adaptation)
contact_add = _screen_form("contact_add", forms.ContactForm, services.record_contact_attempt)
end = _screen_form("end", forms.EndForm, services.end_enrolment)


# --- The person's messages and appointments ----------------------------------------------------------------------


def _as_coach(request) -> bool:
    """The coach's hubs share the person's addresses: a coach (who is not also a beneficiary) gets the caseload's."""
    return request.user.is_coach and not request.user.is_beneficiary


@require_GET
@role_required(Role.BENEFICIARY, Role.COACH)
def messages_index(request):
    if _as_coach(request):
        # The inbox across the caseload: who wrote, when, how many unread; no message text (that opens the thread,
        # which is logged like every opening of a person's file).
        return render(request, "coaching/coach_inbox.html", {"rows": selectors.coach_inbox(request.user)})
    enrolments = list(selectors.person_enrolments(request.user))
    if len(enrolments) == 1:
        return redirect("coaching:person_thread", enrolment_id=enrolments[0].pk)
    return render(request, "coaching/messages_index.html", {"enrolments": enrolments})


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def person_thread(request, enrolment_id):
    enrolment = selectors.person_enrolment(request.user, enrolment_id)
    if enrolment is None:
        raise Http404
    if request.method == "POST":
        return _post_message(request, enrolment, back=request.path)
    services.mark_thread_read(enrolment=enrolment, reader=request.user)
    return render(request, "coaching/messages.html", presenters.thread_context(enrolment, request.user))


@require_GET
@role_required(Role.BENEFICIARY, Role.COACH)
def appointments(request):
    now = timezone.now()
    if _as_coach(request):
        items = list(selectors.coach_agenda(request.user, now=now))
        return render(
            request,
            "coaching/coach_agenda.html",
            {
                "upcoming": [a for a in items if a.starts_at >= now],
                "recent": [a for a in reversed(items) if a.starts_at < now],
            },
        )
    items = list(selectors.person_appointments(request.user))
    return render(
        request,
        "coaching/appointments.html",
        {
            "proposed": [a for a in items if a.status == AppointmentStatus.PROPOSED and a.starts_at >= now],
            "booked": [a for a in items if a.status == AppointmentStatus.BOOKED],
            "past": [a for a in reversed(items) if a.status in (AppointmentStatus.DONE, AppointmentStatus.MISSED)],
        },
    )


@require_POST
@role_required(Role.BENEFICIARY)
def appointment_accept(request, appointment_id):
    appointment = selectors.appointment_for(request.user, appointment_id)
    if appointment is None or appointment.enrolment.beneficiary_id != request.user.pk:
        raise Http404
    if flow.flash(request, lambda: services.accept_slot(appointment=appointment, person=request.user)):
        messages.success(request, _("Le rendez-vous est confirmé. Vous recevez une invitation par e-mail."))
    return redirect("coaching:appointments")


# --- Files only the two parties may download ---------------------------------------------------------------------


@require_GET
@login_required
def appointment_ics(request, appointment_id):
    appointment = selectors.appointment_for(request.user, appointment_id)
    if appointment is None or appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED):
        raise Http404
    if request.user.pk != appointment.enrolment.beneficiary_id:
        _log(request, appointment.enrolment.beneficiary, "ics")
    response = HttpResponse(calendars.calendar_file(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{appointment.starts_at:%Y-%m-%d}.ics"'
    return response


@require_GET
@login_required
def attachment(request, attachment_id):
    item = selectors.attachment_for(request.user, attachment_id)
    if item is None:
        raise Http404
    person = item.message.enrolment.beneficiary
    if request.user.pk != person.pk:
        _log(request, person, "attachment")
    try:
        handle = item.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["Content-Type"] = filetypes.CONTENT_TYPES.get(item.kind, "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


# --- Operator admins: who follows whom ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def assignments(request):
    """Who follows whom: filtered by programme, coach and status (GET); several bilans given at once (POST)."""
    coaches = selectors.operator_admin_coaches(request.user)
    programmes = selectors.operator_admin_programmes(request.user)
    filters = forms.AssignmentFilterForm(request.GET or None, programmes=programmes, coaches=coaches)
    bulk = forms.BulkAssignForm(
        request.POST if request.method == "POST" else None,
        coaches=coaches,
        enrolment_ids=selectors.operator_admin_enrolment_ids(request.user),
    )
    status = 200
    if request.method == "POST":
        if bulk.is_valid():
            chosen = list(selectors.operator_admin_enrolments(request.user, ids=bulk.cleaned_data["enrolments"]))
            done = flow.run(
                bulk,
                lambda: services.assign_coaches(
                    enrolments=chosen,
                    coach=bulk.cleaned_data["coach"],
                    admin=request.user,
                    reason=bulk.cleaned_data["reason"],
                ),
            )
            if done:
                messages.success(
                    request, _("Affectations enregistrées. Bilans changés : %(count)s.") % {"count": done.value}
                )
                return redirect(request.get_full_path())
        status = 400
    enrolments = selectors.operator_admin_enrolments(request.user, filters.filters())
    return render(
        request,
        "coaching/assignments.html",
        {"enrolments": enrolments, "filters": filters, "bulk": bulk, "filtered": filters.is_bound},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def assignment_detail(request, enrolment_id):
    enrolment = selectors.admin_enrolment(request.user, enrolment_id)
    if enrolment is None:
        raise Http404
    coaches = selectors.coaches_of(enrolment.programme.operator_id)
    form = forms.AssignForm(
        request.POST if request.method == "POST" else None, coaches=coaches, initial={"coach": enrolment.coach_id}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(
            form,
            lambda: services.assign_coach(
                enrolment=enrolment,
                coach=form.cleaned_data["coach"],
                admin=request.user,
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(request, _("L'affectation est enregistrée."))
        return redirect("coaching:assignment_detail", enrolment_id=enrolment.pk)
    if request.method == "GET":
        _log(request, enrolment.beneficiary, "assignment")
    return render(
        request,
        "coaching/assignment_detail.html",
        presenters.assignment_context(enrolment, form=form),
        status=400 if request.method == "POST" else 200,
    )
