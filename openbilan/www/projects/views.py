"""The professional project: the entry points (the person's bilan, the coach's review queue) and one project
(criteria with evidence, workflow, history). The synthesis document is in synthesis.py, the share links in shared.py.

Each opening by the coach or the second reviewer is recorded (projects Opening + privacy access log) and shown to the
person.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openbilan.privacy.models import AccessLabel
from openbilan.projects import selectors, services, workflow
from openbilan.projects.models import Opening, ProjectState
from openbilan.www import flow
from openbilan.www.projects import forms, presenters
from openbilan.www.projects.access import bilan_or_404 as _bilan
from openbilan.www.projects.access import own_bilan
from openbilan.www.projects.access import project_or_404 as _project

# --- entry points --------------------------------------------------------------------------------------------------


@require_GET
@login_required
def index(request):
    """/projet/: the person's bilan (or the list when they have several); the coach's projects to review."""
    user = request.user
    if user.is_beneficiary:
        bilans = list(selectors.my_bilans(user))
        if len(bilans) == 1:
            return redirect("projects:bilan", enrolment_id=bilans[0].pk)
        return render(request, "projects/index.html", {"bilans": bilans})
    if user.is_coach:
        return render(
            request,
            "projects/coach_index.html",
            {"queue": selectors.review_queue(user), "rows": selectors.caseload_projects(user)},
        )
    raise PermissionDenied


@require_GET
@login_required
def bilan(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    enrolment = access.enrolment
    access.rule.log(AccessLabel.PROJECTS, path=request.path)
    synthesis = selectors.synthesis_for(enrolment)
    retention = selectors.retention_of(enrolment)
    return render(
        request,
        "projects/bilan.html",
        {
            "access": access,
            "enrolment": enrolment,
            "person": enrolment.beneficiary,
            "projects": selectors.projects_of_enrolment(enrolment),
            "candidates": selectors.shortlist_candidates(enrolment) if access.is_person else [],
            "synthesis": synthesis,
            "person_may_read": synthesis is not None and workflow.person_may_read(synthesis.state),
            "openings": [(o, presenters.opening_label(o)) for o in selectors.openings_of(enrolment)]
            if access.is_person
            else [],
            "retention": retention,
            "retention_form": forms.RetentionForm(initial={"months": _retention_months(retention)}),
        },
    )


def _retention_months(retention) -> str:
    if retention is None:
        return ""
    if not retention.keep:
        return "0"
    days = (retention.keep_until - timezone.localdate(retention.chosen_at)).days
    return "36" if days > 400 else "12"


@require_POST
@login_required
def start(request, enrolment_id):
    access = own_bilan(request, enrolment_id)
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un métier de votre sélection."))
        return redirect("projects:bilan", enrolment_id=enrolment_id)
    started = flow.flash(
        request,
        lambda: services.start_project(
            enrolment=access.enrolment, actor=request.user, shortlist_item_id=form.cleaned_data["item"]
        ),
    )
    if not started:
        return redirect("projects:bilan", enrolment_id=enrolment_id)
    messages.success(request, _("Votre projet est créé. Remplissez ses critères, un par un."))
    return redirect("projects:project", project_id=started.value.pk)


# --- one project ---------------------------------------------------------------------------------------------------


def _project_context(request, access, bound: dict | None = None) -> dict:
    project = access.project
    view = selectors.project_view(project)
    bound = bound or {}
    context = {
        "access": access,
        "project": project,
        "view": view,
        "rows": presenters.criterion_rows(view),
        "alignment": presenters.alignment(project.alignment_evidence),
        "feasibility": presenters.feasibility(project.feasibility_evidence),
        "funding_labels": presenters.funding_labels(project.funding_sources or []),
        "editable": access.is_person and workflow.editable(project.state),
        "actions": presenters.actions_for(access, view),
        "events": [(event, presenters.event_label(event)) for event in view.events],
        "second_review": selectors.second_review_required(project.enrolment.programme),
        "reviewers": list(selectors.reviewers_for(project, request.user)) if access.is_coach else [],
    }
    if context["editable"]:
        context.update(
            alignment_form=bound.get("alignment")
            or forms.AlignmentForm(initial={"alignment_note": project.alignment_note}),
            feasibility_form=bound.get("feasibility")
            or forms.FeasibilityForm(initial={"feasibility_note": project.feasibility_note}),
            funding_form=bound.get("funding")
            or forms.FundingForm(
                initial={
                    "training_needed": {True: "yes", False: "no"}.get(project.training_needed, ""),
                    "training_name": project.training_name,
                    "sources": project.funding_sources,
                    "note": project.funding_note,
                },
                prefix="funding",
            ),
            market_form=bound.get("market") or forms.MarketForm(prefix="market"),
            step_form=bound.get("step") or forms.StepForm(prefix="step"),
            field_form=bound.get("field") or forms.FieldForm(prefix="field"),
        )
    if context["actions"]:
        context["workflow_form"] = bound.get("workflow") or forms.WorkflowForm()
    return context


@require_GET
@login_required
def project(request, project_id):
    access = _project(request, project_id)
    if access.is_person and services.refresh_evidence_if_stale(project=access.project, actor=request.user) is not (
        access.project
    ):
        access = _project(request, project_id)  # the evidence was taken again: the criteria read the new one
    if not access.is_person:
        services.record_opening(
            subject=access.project.beneficiary,
            via=Opening.Via.COACH if access.is_coach else Opening.Via.REVIEWER,
            project=access.project,
            actor=request.user,
            path=request.path,
        )
    return render(request, "projects/project.html", _project_context(request, access))


def _answer(request, access, *, bound: dict | None = None, ok: str = "", anchor: str = "criteria"):
    """After a write on the project page: the criteria fragment for htmx, the page again (with errors, 400) or a
    redirect to the page for a plain form."""
    if ok:
        messages.success(request, ok)
    if bound or request.htmx:
        access = selectors.project_access(request.user, access.project.pk)
        context = _project_context(request, access, bound)
        if request.htmx:
            return render(request, "projects/includes/criteria.html", context)
        return render(request, "projects/project.html", context, status=400)
    return redirect(reverse("projects:project", kwargs={"project_id": access.project.pk}) + f"#{anchor}")


def _run(request, access, form_key, form, action, *, ok: str, anchor: str):
    """Validate a form, run the service (www.flow); a refusal becomes a form error shown where the form is."""
    if form.is_valid() and flow.run(form, lambda: action(form.cleaned_data)):
        return _answer(request, access, ok=ok, anchor=anchor)
    return _answer(request, access, bound={form_key: form}, anchor=anchor)


@require_POST
@login_required
def notes(request, project_id):
    access = _project(request, project_id)
    user, target = request.user, access.project
    key = "alignment" if "alignment_note" in request.POST else "feasibility"
    form = (forms.AlignmentForm if key == "alignment" else forms.FeasibilityForm)(request.POST)
    note = f"{key}_note"
    return _run(
        request,
        access,
        key,
        form,
        lambda data: services.save_notes(project=target, actor=user, **{note: data[note]}),
        ok=_("Votre texte est enregistré."),
        anchor=f"c-{key}",
    )


@require_POST
@login_required
def refresh(request, project_id):
    access = _project(request, project_id)
    if not flow.flash(request, lambda: services.refresh_evidence(project=access.project, actor=request.user)):
        return _answer(request, access, anchor="c-alignment")
    return _answer(request, access, ok=_("Les éléments de cohérence sont à jour."), anchor="c-alignment")


@require_POST
@login_required
def funding(request, project_id):
    access = _project(request, project_id)
    form = forms.FundingForm(request.POST, prefix="funding")
    return _run(
        request,
        access,
        "funding",
        form,
        lambda data: services.save_funding(
            project=access.project,
            actor=request.user,
            training_needed=data["training_needed"],
            training_name=data["training_name"],
            sources=data["sources"],
            note=data["note"],
        ),
        ok=_("La formation et son financement sont enregistrés."),
        anchor="c-funding",
    )


@require_POST
@login_required
def choose_training(request, project_id):
    """Issue 21: pick a certification (and a session, or none yet) for the plan, from the suggestion's training
    page; back to the project's training and funding criterion."""
    access = _project(request, project_id)
    form = forms.TrainingChoiceForm(request.POST)
    return _run(
        request,
        access,
        "funding",
        form,
        lambda data: services.choose_training(
            project=access.project,
            actor=request.user,
            certification_code=data["certification"],
            session_reference=data["session"],
        ),
        ok=_("La formation choisie est enregistrée dans votre projet."),
        anchor="c-funding",
    )


def _evidence_view(name: str, form_class, write, ok, anchor: str):
    """A view adding a piece of evidence to the project: `write(project=, actor=, **data)` with the form's data; the
    form's prefix is its key on the project page."""

    def view(request, project_id):
        access = _project(request, project_id)
        form = form_class(request.POST)

        def action(data):
            return write(project=access.project, actor=request.user, **data)

        return _run(request, access, form.prefix, form, action, ok=ok, anchor=anchor)

    view.__name__ = view.__qualname__ = name
    return require_POST(login_required(view))


market = _evidence_view("market", forms.MarketForm, services.add_market, gettext_lazy("C'est noté."), "c-labour_market")
step_add = _evidence_view(
    "step_add", forms.StepForm, services.add_step, gettext_lazy("L'étape est ajoutée."), "c-action_plan"
)
field = _evidence_view("field", forms.FieldForm, services.add_field, gettext_lazy("C'est noté."), "c-field")


@require_POST
@login_required
def step_done(request, project_id, step_id):
    access = _project(request, project_id)
    flow.flash(
        request,
        lambda: services.set_step_done(
            project=access.project, actor=request.user, step_id=step_id, done=request.POST.get("done") == "1"
        ),
    )
    return _answer(request, access, anchor="c-action_plan")


@require_POST
@login_required
def delete(request, project_id, kind, item_id):
    access = _project(request, project_id)
    deleted = flow.flash(
        request,
        lambda: services.delete_evidence(project=access.project, actor=request.user, kind=kind, item_id=item_id),
    )
    if not deleted:
        return _answer(request, access)
    return _answer(request, access, ok=_("C'est supprimé."))


@require_POST
@login_required
def transition(request, project_id):
    access = _project(request, project_id)
    form = forms.WorkflowForm(request.POST)
    if not form.is_valid():
        return _answer(request, access, bound={"workflow": form}, anchor="workflow")
    reviewer = selectors.user_named(form.cleaned_data["reviewer"]) if form.cleaned_data.get("reviewer") else None
    action = form.cleaned_data["action"]
    moved = flow.run(
        form,
        lambda: services.transition(
            project=access.project,
            actor=request.user,
            action=action,
            comment=form.cleaned_data["comment"],
            criteria_comments=form.criteria_comments(),
            reviewer=reviewer,
        ),
    )
    if not moved:
        return _answer(request, access, bound={"workflow": form}, anchor="workflow")
    project = moved.value  # the project as the transition left it
    done = {
        "submit": _("Votre projet est envoyé à votre consultant·e pour validation."),
        "withdraw": _("Votre demande de validation est retirée : vous pouvez modifier votre projet."),
        "request_changes": _("Vos demandes de modification sont envoyées à la personne."),
        "validate": _("Le projet est validé.")
        if project.state == ProjectState.VALIDATED
        else _("Le projet est transmis au second relecteur."),
    }[action]
    messages.success(request, done)
    if selectors.project_access(request.user, project.pk) is None:  # a second reviewer's review is over
        return redirect("projects:index")
    return redirect(reverse("projects:project", kwargs={"project_id": project.pk}) + "#workflow")
