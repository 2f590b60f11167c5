"""Suggestions: the person's explained list, one occupation's evidence ("why not X?" too), reactions, the shortlist,
business creation paths, the profile parts owned here; and the same, read-only, for their coach (logged).

Every form is a plain POST that redirects; with htmx the same URL answers the fragment it replaces."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.enrolments import access
from openbilan.journeys import services as journey_services
from openbilan.privacy.models import AccessLabel
from openbilan.projects import selectors as projects
from openbilan.recommendations import paths, selectors, services
from openbilan.referential import selectors as referential
from openbilan.www import flow
from openbilan.www.recommendations import presenters
from openbilan.www.recommendations.forms import (
    DomainForm,
    LocalDemandForm,
    ProfileForm,
    ReactionForm,
    ShortlistForm,
    WhyNotForm,
)
from openbilan.www.roles import role_required

SUGGESTIONS_READ_KEY = "recommendations_read"


def _outlook(person, domains=frozenset()):
    return selectors.outlook_for(person, domains=domains)


def _explained(outlook, code, *, numbers=False):
    code = code.upper()
    if code not in outlook.ranking.prepared.index:
        raise Http404
    return presenters.suggestion_view(outlook.ranking.explain(code), outlook, numbers=numbers)


def _domain_form(request, query=None):
    data = request.GET if query is None else query
    return DomainForm(data or None, domains=selectors.grands_domaines())


def _list_context(outlook, *, as_coach=False):
    return {
        "person": outlook.person,
        "as_coach": as_coach,
        "suggestions": presenters.suggestions(outlook),
        "missing": presenters.missing(outlook),
        "has_interests": outlook.has_interests,
        "eligible": outlook.ranking.eligible_count,
        "total": outlook.ranking.prepared.size,
        "shortlist": outlook.shortlist,
        "reactions": outlook.reactions,
        "demand": outlook.demand,
        "hiring": presenters.hiring_and_fitting(outlook),
        "demand_form": LocalDemandForm(
            initial={"local_demand": LocalDemandForm.ON if outlook.demand.enabled else LocalDemandForm.OFF}
        )
        if outlook.demand
        else None,
    }


@require_GET
@role_required(Role.BENEFICIARY)
def suggestion_list(request):
    form = _domain_form(request)
    outlook = _outlook(request.user, form.chosen())
    context = _list_context(outlook)
    context["domain_form"] = form
    if context["suggestions"] and not request.session.get(SUGGESTIONS_READ_KEY):
        # The journey's "Lire les pistes proposées" is ticked by reading them, not by a button; once per session is
        # enough (the event is idempotent), so the list costs no extra query after that.
        journey_services.record_platform_event_for_person(
            person=request.user, event=journey_services.PlatformEvent.SUGGESTIONS_READ
        )
        request.session[SUGGESTIONS_READ_KEY] = True
    return render(request, "recommendations/list.html", context)


@require_GET
@role_required(Role.BENEFICIARY)
def detail(request, code):
    return _detail_page(request, request.user, code)


def _detail_page(request, person, code, **coach):
    """The evidence page of one of `person`'s suggestions (404 for a code not among them); `coach` adds what the
    coach's version shows (`as_coach`, `back`)."""
    outlook = _outlook(person)
    suggestion = _explained(outlook, code, numbers=True)
    context = {
        "s": suggestion,
        "training": presenters.training(outlook, suggestion.code),
        "eligible": outlook.ranking.eligible_count,
        "as_coach": False,
        "person": person,
    }
    return render(request, "recommendations/detail.html", {**context, **coach})


def _training_page(request, person, code, *, back=""):
    found = paths.paths_for(_outlook(person), code.upper())
    if found is None:
        raise Http404
    project = None if back else projects.project_for_occupation(person, found.code_rome)
    context = {"p": found, "person": person, "as_coach": bool(back), "back": back, "project": project}
    fitting = [item.card.code for item in found.fitting]
    context["session_choices"] = [
        (session, next(code for code in fitting if code in session.certification_codes))
        for session in found.sessions
        if set(fitting) & set(session.certification_codes)
    ]
    context.update(presenters.exclusion_reasons(found))
    context.update(presenters.limits(found))
    return render(request, "recommendations/training.html", context)


@require_GET
@role_required(Role.BENEFICIARY)
def training(request, code):
    """How to get to one suggested occupation: certifications, sessions near the person, funding, a first step."""
    return _training_page(request, request.user, code)


def _back(request, code):
    """Where a plain form post returns: the page it came from when it is one of ours, else the evidence page."""
    target = request.POST.get("next", "")
    if target.startswith("/suggestions/") and "//" not in target:
        return redirect(target)
    return redirect("recommendations:detail", code=code)


def _acted(request, code, done: str):
    """After a reaction or a shortlist change: the suggestion's buttons again for htmx, else the message and back."""
    if request.htmx:
        outlook = _outlook(request.user)
        return render(
            request,
            "recommendations/includes/actions.html",
            {"s": _explained(outlook, code), "next": request.POST.get("next", ""), "saved": True},
        )
    messages.success(request, done)
    return _back(request, code.upper())


@require_POST
@role_required(Role.BENEFICIARY)
def react(request, code):
    form = ReactionForm(request.POST)
    outlook = _outlook(request.user)
    suggestion = _explained(outlook, code)
    if not form.is_valid():
        messages.error(request, _("Choisissez une des trois réactions proposées."))
        return _back(request, suggestion.code)
    undo = form.cleaned_data["kind"] == ReactionForm.UNDO
    if undo:
        reacted = flow.flash(request, lambda: services.undo_reaction(user=request.user, code_rome=suggestion.code))
    else:
        reacted = flow.flash(
            request,
            lambda: services.react(
                user=request.user,
                code_rome=suggestion.code,
                kind=form.cleaned_data["kind"],
                path=form.cleaned_data["path"],
                rank=suggestion.rank,
                score=suggestion.score,
                version=outlook.ranking.prepared.version,
            ),
        )
    if not reacted:
        return _back(request, suggestion.code)
    done = _("Votre réaction est annulée.") if undo else _("Votre réaction est enregistrée.")
    target, _sep, query = request.POST.get("next", "").partition("?")
    if request.htmx and target == reverse("recommendations:list"):
        # On the list, a reaction re-ranks it at once: the whole list comes back, with what changed.
        form = _domain_form(request, QueryDict(query))
        context = _list_context(_outlook(request.user, form.chosen()))
        context.update({"domain_form": form, "done": done, "focus": suggestion.code})
        return render(request, "recommendations/includes/results.html", context)
    return _acted(request, code, done)


@require_POST
@role_required(Role.BENEFICIARY)
def local_demand(request):
    """The person's choice: the hiring demand near them counts in their suggestions, or not."""
    form = LocalDemandForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez oui ou non."))
        return redirect("recommendations:list")
    enabled = form.cleaned_data["local_demand"] == LocalDemandForm.ON
    services.set_local_demand(user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("Les recrutements près de chez vous comptent à nouveau dans vos suggestions."))
    else:
        messages.success(request, _("Les recrutements près de chez vous ne comptent plus dans vos suggestions."))
    return redirect("recommendations:list")


@require_POST
@role_required(Role.BENEFICIARY)
def shortlist_toggle(request, code):
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cette action n'est pas possible."))
        return _back(request, code.upper())
    try:
        if form.cleaned_data["action"] == ShortlistForm.ADD:
            services.add_to_shortlist(user=request.user, code_rome=code, path=form.cleaned_data["path"])
            done = _("Métier ajouté à votre sélection.")
        else:
            services.remove_from_shortlist(user=request.user, code_rome=code)
            done = _("Métier retiré de votre sélection.")
    except services.UnknownOccupation as error:
        raise Http404 from error
    return _acted(request, code, done)


def _shortlist_items(outlook):
    return [
        (item, presenters.suggestion_view(outlook.ranking.explain(item.occupation.code_rome), outlook))
        for item in outlook.shortlist
        if item.occupation.code_rome in outlook.ranking.prepared.index
    ]


@require_GET
@role_required(Role.BENEFICIARY)
def shortlist(request):
    outlook = _outlook(request.user)
    return render(request, "recommendations/shortlist.html", {"items": _shortlist_items(outlook), "as_coach": False})


@require_GET
@role_required(Role.BENEFICIARY)
def business(request):
    outlook = _outlook(request.user)
    return render(
        request,
        "recommendations/business.html",
        {
            "paths": presenters.business(outlook),
            "said_no": outlook.profile.imperatives.self_employment == "no",
            "enterprising": (outlook.profile.riasec or {}).get("E"),
            "has_interests": outlook.has_interests,
        },
    )


@require_GET
@role_required(Role.BENEFICIARY)
def why_not(request):
    form = WhyNotForm(request.GET or None)
    hits = []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        hits = referential.search_occupations(form.cleaned_data["q"], per_page=10).hits
    return render(request, "recommendations/why_not.html", {"form": form, "hits": hits})


def _save_profile(person, data) -> None:
    services.choose_centres(user=person, codes=data["centres"])
    services.confirm_skills(user=person, codes=data["skills"])


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def profile(request):
    person = request.user
    past = selectors.past_occupations_of(person)
    groups = selectors.skills_to_confirm(person, past)
    centres = [(centre.code, centre.label) for centre in referential.centres_interet()]
    skills = [(skill.code_ogr, skill.label) for _job, choices in groups for skill in choices]
    initial = {
        "centres": [str(code) for code in selectors.centre_codes_of(person)],
        "skills": [str(code) for code in selectors.confirmed_skill_codes_of(person)],
    }
    form = ProfileForm(request.POST or None, initial=initial, centres=centres, skills=skills)
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(form, lambda: _save_profile(person, form.cleaned_data))
    ):
        messages.success(request, _("Vos choix sont enregistrés. Les suggestions en tiennent compte."))
        return redirect("recommendations:list")
    chosen_skills = set(form["skills"].value() or [])
    return render(
        request,
        "recommendations/profile.html",
        {
            "form": form,
            "groups": [
                (job, [(skill, str(skill.code_ogr) in chosen_skills) for skill in choices]) for job, choices in groups
            ],
            "past": past,
        },
    )


# --- the coach's read-only views ------------------------------------------------------------------------------------


def _followed(request, user_id):
    person = selectors.person_for(request.user, user_id)
    if person is None:
        raise Http404
    return person


@require_GET
@login_required
def person(request, user_id):
    followed = _followed(request, user_id)
    access.record(actor=request.user, subject=followed, label=AccessLabel.SUGGESTIONS, path=request.path)
    outlook = _outlook(followed)
    context = _list_context(outlook, as_coach=True)
    context["reaction_rows"] = selectors.reaction_history(followed)
    context["items"] = _shortlist_items(outlook)
    return render(request, "recommendations/person.html", context)


@require_GET
@login_required
def person_detail(request, user_id, code):
    followed = _followed(request, user_id)
    back = reverse("recommendations:person", args=[followed.pk])
    response = _detail_page(request, followed, code, as_coach=True, back=back)  # 404 (not logged) for a wrong code
    access.record(actor=request.user, subject=followed, label=AccessLabel.SUGGESTION_DETAIL, path=request.path)
    return response


@require_GET
@login_required
def person_training(request, user_id, code):
    """The same training page, read-only, for the person's coach (the access is logged)."""
    followed = _followed(request, user_id)
    access.record(actor=request.user, subject=followed, label=AccessLabel.SUGGESTION_TRAINING, path=request.path)
    return _training_page(request, followed, code, back=reverse("recommendations:person", args=[followed.pk]))
