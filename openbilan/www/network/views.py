"""Meeting professionals: the person searches by occupation and asks for a meeting; the professional answers; the
two exchange a few messages, set the date; the person writes a debrief, the professional may leave feedback.
Professionals join by invitation or by signing up (approved by an operator admin) and have their own home page.

Who may see what is decided by network.selectors. A professional never reaches any bilan content: their pages show
only the meetings asked of them (first name, request, exchange).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.network import selectors, services
from openbilan.network.models import Meeting, ProfessionalProfile
from openbilan.privacy import throttle
from openbilan.recommendations import selectors as recommendations
from openbilan.referential.selectors import search_occupations
from openbilan.www import flow
from openbilan.www.network import forms
from openbilan.www.roles import role_required
from openbilan.www.security import client_address

ROME_CODE = re.compile(r"^[A-Na-n]\d{4}$")


# --- the person's search -----------------------------------------------------------------------------------------


def _codes_for(query: str) -> list[str]:
    """The occupations a search means: one ROME code, or the best title matches (at most 20)."""
    query = query.strip()
    if ROME_CODE.match(query):
        return [query.upper()]
    if not query:
        return []
    return [hit.occupation.code_rome for hit in search_occupations(query, per_page=20).hits]


@require_GET
@login_required
def index(request):
    """/reseau/: the person's search and meetings; a professional's and an admin's ways in."""
    user = request.user
    if selectors.is_professional(user) and not user.is_beneficiary:
        return redirect("network:professional_home")
    if user.is_operator_admin and not user.is_beneficiary:
        return redirect("network:admin")
    if not user.is_beneficiary:
        raise PermissionDenied
    form = forms.SearchForm(request.GET or None)
    query, region = "", ""
    if form.is_bound and form.is_valid():
        query, region = form.cleaned_data["q"], form.cleaned_data["region"]
    query = request.GET.get("code", "")[:5] or query
    codes = _codes_for(query)
    context = {
        "form": form,
        "searched": bool(query),
        "query": query,
        "cards": selectors.search(user, codes=codes, region=region) if codes else [],
        "can_search": selectors.can_search(user),
    }
    if request.htmx:
        return render(request, "network/includes/results.html", context)
    context.update(
        shortlist=recommendations.shortlist_of(user),
        meetings=list(selectors.meetings_of_beneficiary(user)),
    )
    return render(request, "network/index.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def ask(request, profile_id):
    card = selectors.card_for(request.user, profile_id)
    if card is None:
        raise Http404
    form = forms.RequestForm(
        request.POST or None, occupations=card.occupations, initial={"code": request.GET.get("code", "")}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and (
            asked := flow.run(
                form,
                lambda: services.request_meeting(
                    beneficiary=request.user,
                    professional=card.profile,
                    code_rome=form.cleaned_data["code"],
                    request=form.cleaned_data["request"],
                ),
            )
        ):
            messages.success(
                request,
                _("%(name)s a reçu votre demande. Vous recevrez un e-mail quand il ou elle répondra.")
                % {"name": card.profile.public_name},
            )
            return redirect("network:meeting", meeting_id=asked.value.pk)
        status = 400
    return render(request, "network/ask.html", {"card": card, "form": form}, status=status)


# --- one meeting -------------------------------------------------------------------------------------------------


def _meeting(request, meeting_id):
    access = selectors.meeting_for(request.user, meeting_id)
    if access is None:
        raise Http404
    return access


def _meeting_context(access, bound: dict | None = None) -> dict:
    meeting = access.meeting
    bound = bound or {}
    state = meeting.state
    context = {
        "access": access,
        "meeting": meeting,
        "thread": selectors.messages_of(meeting),
        "now": timezone.now(),
    }
    if access.as_professional and state == Meeting.State.REQUESTED:
        context["answer_form"] = bound.get("answer") or forms.AnswerForm()
    if state == Meeting.State.ACCEPTED:
        context["message_form"] = bound.get("message") or forms.MessageForm()
        context["schedule_form"] = bound.get("schedule") or forms.ScheduleForm(
            initial={
                "scheduled_at": meeting.scheduled_at and timezone.localtime(meeting.scheduled_at),
                "place": meeting.place,
            }
        )
    if access.as_beneficiary and state in (Meeting.State.ACCEPTED, Meeting.State.DONE):
        context["debrief_form"] = bound.get("debrief") or forms.DebriefForm(
            initial={
                "held_on": meeting.held_on or (meeting.scheduled_at and timezone.localdate(meeting.scheduled_at)),
                "debrief": meeting.debrief,
                "outcome": meeting.outcome,
            }
        )
    if access.as_professional and state == Meeting.State.DONE:
        context["feedback_form"] = bound.get("feedback") or forms.FeedbackForm(initial={"feedback": meeting.feedback})
    context["can_cancel"] = access.as_beneficiary and state in selectors.OPEN_STATES
    return context


@require_GET
@login_required
def meeting(request, meeting_id):
    access = _meeting(request, meeting_id)
    return render(request, "network/meeting.html", _meeting_context(access))


OPERATIONS = {
    # op: (form, service call, success message)
    "answer": (
        forms.AnswerForm,
        lambda meeting, user, data: services.answer(
            meeting=meeting, actor=user, accept=data["decision"] == "accept", reason=data["reason"]
        ),
        lambda data: (
            _("Vous avez accepté la rencontre. Proposez une date à la personne.")
            if data["decision"] == "accept"
            else _("Vous avez décliné la demande. Merci d'avoir répondu.")
        ),
    ),
    "message": (
        forms.MessageForm,
        lambda meeting, user, data: services.post_message(meeting=meeting, author=user, body=data["body"]),
        lambda data: _("Votre message est envoyé."),
    ),
    "schedule": (
        forms.ScheduleForm,
        lambda meeting, user, data: services.schedule(meeting=meeting, actor=user, **data),
        lambda data: _("La date de la rencontre est enregistrée."),
    ),
    "debrief": (
        forms.DebriefForm,
        lambda meeting, user, data: services.debrief(
            meeting=meeting, actor=user, held_on=data["held_on"], text=data["debrief"], outcome=data["outcome"]
        ),
        lambda data: _("Votre compte rendu est enregistré. Il compte comme preuve du terrain pour votre projet."),
    ),
    "feedback": (
        forms.FeedbackForm,
        lambda meeting, user, data: services.leave_feedback(meeting=meeting, actor=user, text=data["feedback"]),
        lambda data: _("Merci pour votre retour."),
    ),
}


@require_POST
@login_required
def meeting_act(request, meeting_id, op):
    access = _meeting(request, meeting_id)
    form_class, run, done = OPERATIONS[op]
    form = form_class(request.POST)
    if form.is_valid() and flow.run(form, lambda: run(access.meeting, request.user, form.cleaned_data)):
        messages.success(request, done(form.cleaned_data))
        return redirect(reverse("network:meeting", kwargs={"meeting_id": meeting_id}) + f"#{op}")
    return render(request, "network/meeting.html", _meeting_context(access, {op: form}), status=400)


@require_POST
@login_required
def cancel(request, meeting_id):
    access = _meeting(request, meeting_id)
    if flow.flash(request, lambda: services.cancel(meeting=access.meeting, actor=request.user)):
        messages.success(request, _("Votre demande est annulée."))
    return redirect("network:meeting", meeting_id=meeting_id)


# --- the professional --------------------------------------------------------------------------------------------


def _profile(request) -> ProfessionalProfile:
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise PermissionDenied
    return profile


@require_GET
@role_required(Role.PROFESSIONAL)
def professional_home(request):
    """The professional's home: requests waiting for an answer, meetings to come, past meetings. No bilan content."""
    profile = _profile(request)
    meetings = list(selectors.meetings_of_professional(profile))
    return render(
        request,
        "network/professional_home.html",
        {
            "profile": profile,
            "occupations": selectors.occupations_of(profile),
            "waiting": [m for m in meetings if m.state == Meeting.State.REQUESTED],
            "accepted": [m for m in meetings if m.state == Meeting.State.ACCEPTED],
            "past": [m for m in meetings if m.state not in (Meeting.State.REQUESTED, Meeting.State.ACCEPTED)][:20],
        },
    )


def _profile_initial(profile: ProfessionalProfile) -> dict:
    return {
        "headline": profile.headline,
        "employer": profile.employer,
        "region": profile.region,
        "codes": ", ".join(selectors.occupation_codes_of(profile)),
        "availability": profile.availability,
        "contact_mode": profile.contact_mode,
        "paused": profile.state == ProfessionalProfile.State.PAUSED,
    }


@require_http_methods(["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def profile(request):
    profile = _profile(request)
    form = forms.ProfileForm(request.POST or None, initial=_profile_initial(profile))
    status = 200
    if request.method == "POST":
        if form.is_valid() and flow.run(
            form, lambda: services.update_profile(profile=profile, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("network:professional_home")
        status = 400
    return render(request, "network/profile.html", {"form": form, "profile": profile}, status=status)


# --- joining the network -----------------------------------------------------------------------------------------


def _account_fields(data: dict) -> dict:
    keys = ("first_name", "last_name", "password", "headline", "employer", "region", "codes", "availability")
    return {key: data[key] for key in keys} | {"contact_mode": data["contact_mode"]}


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        messages.info(request, _("Vous êtes déjà connecté·e. Écrivez à l'opérateur pour rejoindre le réseau."))
        return redirect("www:home")
    operators = selectors.operators_open_to_signup()
    form = forms.SignupForm(request.POST or None, operators=operators)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if not flow.run(form, lambda: throttle.attempt("signup", client_address(request))):
                return render(request, "network/signup.html", {"form": form}, status=429)
            signed_up = flow.run(
                form,
                lambda: services.sign_up(
                    operator=data["operator"],
                    email=data["email"],
                    motivation=data["motivation"],
                    **_account_fields(data),
                ),
            )
            if signed_up:
                return render(request, "network/signup_done.html", {"operator": data["operator"]})
        status = 400
    return render(request, "network/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = services.invitation_for(token)
    if invitation is None:
        return render(request, "network/invitation_invalid.html", status=410)
    form = forms.InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and flow.run(
            form, lambda: services.accept_invitation(token=token, **_account_fields(form.cleaned_data))
        ):
            messages.success(request, _("Votre compte est créé. Connectez-vous avec votre adresse e-mail."))
            return redirect("accounts:login")
        status = 400
    response = render(request, "network/invitation.html", {"form": form, "invitation": invitation}, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- operator admins ---------------------------------------------------------------------------------------------


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def admin(request):
    operators = selectors.admin_operators(request.user)
    profiles = list(selectors.profiles_for_admin(request.user))
    return render(
        request,
        "network/admin.html",
        {
            "pending": [p for p in profiles if p.state == ProfessionalProfile.State.PENDING],
            "members": [p for p in profiles if p.state != ProfessionalProfile.State.PENDING],
            "invitations": selectors.invitations_for_admin(request.user),
            "invite_form": forms.InviteForm(operators=operators),
            "now": timezone.now(),
        },
    )


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def admin_decide(request, profile_id):
    profile = selectors.profile_for_admin(request.user, profile_id)
    if profile is None:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    if flow.flash(request, lambda: services.decide_signup(profile=profile, actor=request.user, approve=approve)):
        messages.success(
            request,
            _("%(name)s rejoint le réseau.") % {"name": profile.user.get_full_name()}
            if approve
            else _("L'inscription de %(name)s est refusée.") % {"name": profile.user.get_full_name()},
        )
    return redirect("network:admin")


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def admin_invite(request):
    form = forms.InviteForm(request.POST, operators=selectors.admin_operators(request.user))
    if form.is_valid():
        invited = flow.flash(
            request,
            lambda: services.invite(
                operator=form.cleaned_data["operator"], email=form.cleaned_data["email"], invited_by=request.user
            ),
        )
        if invited:
            messages.success(
                request, _("L'invitation est envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
            )
    else:
        messages.error(request, _("Indiquez une adresse e-mail valide."))
    return redirect("network:admin")
