"""The journey pages: invitation and consent, the journey itself, phases, status changes, activities."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.assessments.selectors import offered_instruments
from openbilan.enrolments import access as access_rule
from openbilan.enrolments import machine
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.errors import TransitionRefused
from openbilan.enrolments.models import DropReason, EnrolmentStatus, Transition
from openbilan.journeys import selectors, services
from openbilan.journeys.errors import REFUSAL_MESSAGES, ActivityLocked
from openbilan.journeys.models import Activity, ActivityKind, ActivityProgress, PhaseCode, SelfAssessment, Tool
from openbilan.privacy.models import AccessLabel
from openbilan.www import flow
from openbilan.www.journeys.access import journey_or_404, refused
from openbilan.www.journeys.access import posted as _posted
from openbilan.www.journeys.forms import (
    STATUS_ACTION_LABELS,
    ConsentForm,
    InterviewForm,
    PreferencesForm,
    SelfAssessmentForm,
    SkipForm,
    StatusForm,
)
from openbilan.www.roles import role_required

# The page that runs each tool, by URL name (the self-assessments take the moment as an argument).
TOOL_PAGES = {
    Tool.NEEDS_ANALYSIS: ("journeys:needs", {}),
    Tool.LIFE_TIMELINE: ("journeys:timeline", {}),
    Tool.DRIVERS: ("journeys:drivers", {}),
    Tool.BELIEFS: ("journeys:beliefs", {}),
    Tool.ASPIRATIONS: ("journeys:aspirations", {}),
    Tool.SELF_ASSESSMENT_ENTRY: ("journeys:self_assessment", {"moment": "entry"}),
    Tool.SELF_ASSESSMENT_END: ("journeys:self_assessment", {"moment": "end"}),
}


# Tools whose page belongs to another feature and serves the person whatever their bilan.
OTHER_TOOL_PAGES = {Tool.SUGGESTIONS: "recommendations:list"}
# The coach's page about the person for those tools (the person's own page refuses anyone else).
COACH_TOOL_PAGES = {Tool.SUGGESTIONS: "recommendations:person"}

# Activities without a tool that the platform ticks itself when the event that proves them happens
# (journeys.services.EVENT_ACTIVITIES): where the person does them, and what ticks them. No "C'est fait" on those.
PROVED_ACTIVITIES = {
    ActivityKind.FIELD_WORK: (
        "network:index",
        False,
        gettext_lazy("Rencontrer des professionnels"),
        gettext_lazy("Elle se coche toute seule quand une rencontre avec un ou une professionnelle a eu lieu."),
    ),
    ActivityKind.PROJECT_STEP: (
        "projects:bilan",
        True,
        gettext_lazy("Ouvrir mon projet"),
        gettext_lazy(
            "Elle se coche toute seule : le choix quand vous soumettez votre projet, le plan quand il est validé."
        ),
    ),
    ActivityKind.SYNTHESIS: (
        "projects:synthesis",
        True,
        gettext_lazy("Lire mon document de synthèse"),
        gettext_lazy("Elle se coche toute seule quand vous confirmez avoir reçu votre document de synthèse."),
    ),
    ActivityKind.EVALUATION: (
        "",
        False,
        "",
        gettext_lazy("Elle se coche toute seule quand vous avez répondu au questionnaire d'avis reçu par e-mail."),
    ),
}


def tool_url(enrolment_id: int, tool: str, coached_person_id: int | None = None) -> str | None:
    """The page of the tool; `coached_person_id` when a coach opens it, about that person."""
    if coached_person_id is not None and tool in COACH_TOOL_PAGES:
        return reverse(COACH_TOOL_PAGES[tool], kwargs={"user_id": coached_person_id})
    if tool in OTHER_TOOL_PAGES:
        return reverse(OTHER_TOOL_PAGES[tool])
    if tool not in TOOL_PAGES:
        return None
    name, kwargs = TOOL_PAGES[tool]
    return reverse(name, kwargs={"enrolment_id": enrolment_id, **kwargs})


@dataclass(frozen=True)
class Way:
    """Where an activity without its own page is done, and how it gets ticked."""

    url: str | None
    label: str
    ticked_by: str  # "" when the person says it is done


def way_to(enrolment_id: int, activity: Activity) -> Way:
    if activity.kind in PROVED_ACTIVITIES and not activity.tool:
        name, per_bilan, label, ticked_by = PROVED_ACTIVITIES[activity.kind]
        url = None
        if name:
            url = reverse(name, kwargs={"enrolment_id": enrolment_id}) if per_bilan else _optional_url(name)
        return Way(url, str(label), str(ticked_by))
    if activity.kind == ActivityKind.EXPLORATION and not activity.tool:
        return Way(_optional_url("explorer:index"), _("Explorer les métiers"), "")
    return Way(None, "", "")


def _optional_url(name: str) -> str | None:
    """A link to another feature's page, when that feature exists."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _questionnaire(activity) -> dict | None:
    """Where the person starts the activity's questionnaire (the assessments feature), when it is offered."""
    if activity.instrument_slug not in {version.slug for version in offered_instruments()}:
        return None
    return {"start_url": reverse("assessments:start", kwargs={"slug": activity.instrument_slug})}


@require_GET
@login_required
def index(request):
    """/parcours/: the person's home, or the list of journeys a coach follows."""
    if request.user.is_beneficiary and not request.user.is_coach:
        return redirect("www:beneficiary_home")
    if not request.user.is_coach:
        raise PermissionDenied
    enrolments = selectors.coach_journeys(request.user)
    return render(request, "journeys/coach_index.html", {"enrolments": enrolments})


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def invitation(request, enrolment_id):
    """The person reads what the bilan is, who sees what, and accepts it themselves (L6313-4)."""
    access = selectors.journey_access(request.user, enrolment_id)
    if access is None or not access.is_person:
        raise Http404
    enrolment = access.enrolment
    if enrolment.status != EnrolmentStatus.INVITED:
        return redirect("journeys:journey", enrolment_id=enrolment.pk)
    form = ConsentForm(_posted(request))
    earlier_bilan = access_rule.has_earlier_bilan(enrolment)
    if request.method == "POST":
        if request.POST.get("decline"):
            enrolment_services.change_status(
                enrolment=enrolment,
                action=machine.Action.DROP,
                actor=request.user,
                reason_code="personal",
            )
            messages.info(request, _("Vous avez refusé l'invitation. Rien n'a commencé et rien n'a été partagé."))
            return redirect("www:beneficiary_home")
        if form.is_valid() and flow.run(
            form,
            lambda: enrolment_services.accept_invitation(
                enrolment=enrolment,
                actor=request.user,
                consent=form.cleaned_data["consent"],
                share_with_prescriber=form.cleaned_data["share_with_prescriber"],
                bring_earlier_work=form.cleaned_data["bring_earlier_work"] and earlier_bilan,
            ),
            field="consent",
        ):
            messages.success(request, _("Votre bilan commence. Bienvenue !"))
            return redirect("journeys:journey", enrolment_id=enrolment.pk)
    template = selectors.programme_template(enrolment.programme) or services.default_template()
    return render(
        request,
        "journeys/invitation.html",
        {
            "enrolment": enrolment,
            "form": form,
            "template": template,
            "outline": selectors.template_outline(template),
            "earlier_bilan": earlier_bilan,
        },
    )


def _status_actions(access) -> list[machine.Action]:
    actor = machine.Actor.PERSON if access.is_person else machine.Actor.COACH
    return [a for a in machine.allowed_actions(access.enrolment.status, actor) if a != machine.Action.ACCEPT]


@require_GET
@login_required
def journey(request, enrolment_id):
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY, started=False)
    if access.journey is None:
        if access.is_person:
            return redirect("journeys:invitation", enrolment_id=enrolment_id)
        return render(request, "journeys/not_started.html", {"access": access})
    overview = selectors.summary_for(access.journey)
    coached = None if access.is_person else access.enrolment.beneficiary_id
    links = {
        a.activity.pk: tool_url(enrolment_id, a.activity.tool, coached) for p in overview.phases for a in p.activities
    }
    context = {
        "access": access,
        "enrolment": access.enrolment,
        "overview": overview,
        "links": links,
        "needs": selectors.needs_analysis_of(access.journey) if access.content else None,
        "history": _history(selectors.transitions_of(access.enrolment)),
        "status_actions": _status_actions(access),
        "gate_message": REFUSAL_MESSAGES.get(overview.next_phase_refusal, ""),
    }
    if access.is_coach:
        context["interview_form"] = InterviewForm()
        context["interviews"] = access.journey.interviews.all()
        context["reminders"] = selectors.reminders_of(access.enrolment)[:20]
    return render(request, "journeys/journey.html", context)


def _history(transitions) -> list[dict]:
    rows = []
    for transition in transitions:
        if transition.kind == Transition.Kind.STATUS:
            what = _("État : %(state)s") % {"state": EnrolmentStatus(transition.to_state).label}
        else:
            what = _("Phase : %(phase)s") % {"phase": PhaseCode(transition.to_state).label}
        if transition.reason_code:
            why = str(DropReason(transition.reason_code).label)
            why = f"{why} · {transition.note}" if transition.note else why
        elif transition.from_state == EnrolmentStatus.INVITED and transition.to_state == EnrolmentStatus.ACTIVE:
            why = _("Consentement donné par la personne")
        else:
            why = transition.note
        who = transition.actor.get_full_name() or transition.actor.email if transition.actor else _("OpenBilan")
        rows.append({"at": transition.at, "what": what, "who": who, "why": why})
    return rows


@require_POST
@login_required
def open_phase(request, enrolment_id):
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY)
    try:
        journey = services.open_phase(journey=access.journey, target=request.POST.get("phase", ""), actor=request.user)
    except TransitionRefused as error:
        return refused(request, error, enrolment_id)
    messages.success(request, _("La %(phase)s est ouverte.") % {"phase": str(journey.get_phase_display()).lower()})
    return redirect("journeys:journey", enrolment_id=enrolment_id)


@require_http_methods(["GET", "POST"])
@login_required
def status(request, enrolment_id):
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY, started=False)
    actions = _status_actions(access)
    if not actions:
        messages.info(request, _("Ce bilan ne peut plus changer d'état."))
        return redirect("journeys:journey", enrolment_id=enrolment_id)
    form = StatusForm(_posted(request), actions=actions)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        changed = flow.run(
            form,
            lambda: enrolment_services.change_status(
                enrolment=access.enrolment,
                action=action,
                actor=request.user,
                reason_code=form.cleaned_data["reason_code"] if action == machine.Action.DROP else "",
                note=form.cleaned_data["note"],
            ),
        )
        if changed:
            messages.success(request, _("C'est noté : %(action)s.") % {"action": STATUS_ACTION_LABELS[action]})
            if access.is_person and action == machine.Action.DROP:
                return redirect("www:beneficiary_home")
            return redirect("journeys:journey", enrolment_id=enrolment_id)
    return render(request, "journeys/status.html", {"access": access, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def activity(request, enrolment_id, activity_id):
    """Open an activity: its tool's page, or a page where the person says it is done. A locked phase refuses."""
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY)
    item = selectors.template_activity(access.journey.template_id, activity_id)
    if item is None:
        raise Http404
    try:
        services.require_open(access.journey, item)
    except ActivityLocked as error:
        return refused(request, error, enrolment_id)
    if request.method == "POST":
        if not flow.flash(
            request, lambda: services.mark_activity_done(journey=access.journey, activity=item, actor=request.user)
        ):
            return redirect(request.path)
        messages.success(request, _("Bravo, « %(title)s » est faite.") % {"title": item.title})
        return redirect("journeys:journey", enrolment_id=enrolment_id)
    page = tool_url(enrolment_id, item.tool, None if access.is_person else access.enrolment.beneficiary_id)
    if page:
        return redirect(page)
    state = selectors.activity_state(access.journey, item)
    way = way_to(enrolment_id, item)
    return render(
        request,
        "journeys/activity.html",
        {
            "access": access,
            "activity": item,
            "state": state or "",
            "skip_form": SkipForm() if access.is_coach else None,
            "way": way,
            "questionnaire": _questionnaire(item) if item.tool == Tool.QUESTIONNAIRE and access.is_person else None,
            "can_mark_done": access.is_person
            and access.enrolment.status == EnrolmentStatus.ACTIVE
            and item.tool in (Tool.NONE,)
            and not way.ticked_by
            and state != ActivityProgress.State.DONE,
        },
    )


@require_POST
@login_required
def activity_skip(request, enrolment_id, activity_id):
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY)
    if not access.is_coach:
        raise PermissionDenied
    item = get_object_or_404(Activity, pk=activity_id, template=access.journey.template_id)
    form = SkipForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("journeys:activity", enrolment_id=enrolment_id, activity_id=activity_id)
    services.skip_activity(
        journey=access.journey, activity=item, actor=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("L'activité est retirée de ce parcours. La raison est notée."))
    return redirect("journeys:journey", enrolment_id=enrolment_id)


@require_POST
@login_required
def interview(request, enrolment_id):
    """The coach records that a synchronous interview took place (until appointments do it for them)."""
    access = journey_or_404(request, enrolment_id, AccessLabel.JOURNEY)
    if not access.is_coach:
        raise PermissionDenied
    form = InterviewForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["held_on"]
        now = timezone.localtime()
        held_at = now if day == now.date() else timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        recorded = flow.flash(
            request,
            lambda: services.record_interview(
                journey=access.journey,
                held_at=held_at,
                mode=form.cleaned_data["mode"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                recorded_by=request.user,
            ),
        )
        if recorded:
            messages.success(request, _("L'entretien est noté."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("journeys:journey", enrolment_id=enrolment_id)


@require_POST
@login_required
def needs_confirm(request, enrolment_id):
    access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
    if not access.is_coach:
        raise PermissionDenied
    if not flow.flash(request, lambda: services.confirm_needs_analysis(journey=access.journey, actor=request.user)):
        return redirect("journeys:needs", enrolment_id=enrolment_id)
    messages.success(request, _("L'analyse des besoins est confirmée. La phase d'investigation peut s'ouvrir."))
    return redirect("journeys:journey", enrolment_id=enrolment_id)


@require_http_methods(["GET", "POST"])
@login_required
def self_assessment(request, enrolment_id, moment):
    if moment not in SelfAssessment.Moment.values:
        raise Http404
    access = journey_or_404(request, enrolment_id, AccessLabel.EXERCISE, content=True)
    tool = Tool.SELF_ASSESSMENT_ENTRY if moment == "entry" else Tool.SELF_ASSESSMENT_END
    item = selectors.tool_activity(access.journey, tool)
    if item is None:
        raise Http404
    try:
        services.require_open(access.journey, item)
    except ActivityLocked as error:
        return refused(request, error, enrolment_id)
    answer = selectors.self_assessment_of(access.journey, moment)
    initial = {"project": answer.project, "confidence": answer.confidence} if answer else None
    form = SelfAssessmentForm(_posted(request), initial=initial)
    if request.method == "POST":
        if not access.is_person:
            raise PermissionDenied
        if form.is_valid() and flow.run(
            form,
            lambda: services.save_self_assessment(
                journey=access.journey, moment=moment, actor=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Merci, vos réponses sont enregistrées."))
            return redirect("journeys:journey", enrolment_id=enrolment_id)
    return render(
        request,
        "journeys/self_assessment.html",
        {
            "access": access,
            "enrolment": access.enrolment,
            "activity": item,
            "form": form,
            "answer": answer,
            "moment": moment,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def preferences(request):
    current = selectors.wants_reminders(request.user)
    form = PreferencesForm(_posted(request), initial={"reminders": current})
    if request.method == "POST" and form.is_valid():
        services.set_email_preference(user=request.user, reminders=form.cleaned_data["reminders"])
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("journeys:preferences")
    return render(request, "journeys/preferences.html", {"form": form})
