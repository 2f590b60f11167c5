"""The professional project (criteria with evidence, workflow, history) and the synthesis document (versions,
comments, PDF, share links, keeping documents for follow-up).

Who may open what is decided by projects.selectors: the person and their coach (and, for a project waiting for a
second review, the second reviewer). Anybody else gets a 404. Each opening by the coach or the second reviewer is
recorded (projects Opening + privacy access log) and shown to the person; so is each opening through a share link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan import mail
from openbilan.accounts.models import User
from openbilan.privacy.models import AccessLabel
from openbilan.projects import document, pdf, selectors, services, workflow
from openbilan.projects.models import Opening, ProjectState, SynthesisVersion
from openbilan.www.projects import forms, presenters

# --- access --------------------------------------------------------------------------------------------------------


def _bilan(request, enrolment_id):
    access = selectors.bilan_access(request.user, enrolment_id)
    if access is None:
        raise Http404
    return access


def _project(request, project_id):
    access = selectors.project_access(request.user, project_id)
    if access is None:
        raise Http404
    return access


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


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
    access = _bilan(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un métier de votre sélection."))
        return redirect("projects:bilan", enrolment_id=enrolment_id)
    try:
        project = services.start_project(
            enrolment=access.enrolment, actor=request.user, shortlist_item_id=form.cleaned_data["item"]
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("projects:bilan", enrolment_id=enrolment_id)
    messages.success(request, _("Votre projet est créé. Remplissez ses critères, un par un."))
    return redirect("projects:project", project_id=project.pk)


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
    """Validate a form, run the service; a refusal becomes a form error shown where the form is."""
    if not form.is_valid():
        return _answer(request, access, bound={form_key: form}, anchor=anchor)
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _answer(request, access, bound={form_key: form}, anchor=anchor)
    return _answer(request, access, ok=ok, anchor=anchor)


@require_POST
@login_required
def notes(request, project_id):
    access = _project(request, project_id)
    user, target = request.user, access.project
    if "alignment_note" in request.POST:
        form = forms.AlignmentForm(request.POST)
        return _run(
            request,
            access,
            "alignment",
            form,
            lambda data: services.save_notes(project=target, actor=user, alignment_note=data["alignment_note"]),
            ok=_("Votre texte est enregistré."),
            anchor="c-alignment",
        )
    form = forms.FeasibilityForm(request.POST)
    return _run(
        request,
        access,
        "feasibility",
        form,
        lambda data: services.save_notes(project=target, actor=user, feasibility_note=data["feasibility_note"]),
        ok=_("Votre texte est enregistré."),
        anchor="c-feasibility",
    )


@require_POST
@login_required
def refresh(request, project_id):
    access = _project(request, project_id)
    try:
        services.refresh_evidence(project=access.project, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
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


@require_POST
@login_required
def market(request, project_id):
    access = _project(request, project_id)
    form = forms.MarketForm(request.POST, prefix="market")
    return _run(
        request,
        access,
        "market",
        form,
        lambda data: services.add_market(project=access.project, actor=request.user, **data),
        ok=_("C'est noté."),
        anchor="c-labour_market",
    )


@require_POST
@login_required
def step_add(request, project_id):
    access = _project(request, project_id)
    form = forms.StepForm(request.POST, prefix="step")
    return _run(
        request,
        access,
        "step",
        form,
        lambda data: services.add_step(project=access.project, actor=request.user, **data),
        ok=_("L'étape est ajoutée."),
        anchor="c-action_plan",
    )


@require_POST
@login_required
def step_done(request, project_id, step_id):
    access = _project(request, project_id)
    try:
        services.set_step_done(
            project=access.project, actor=request.user, step_id=step_id, done=request.POST.get("done") == "1"
        )
    except ValidationError as error:
        _refused(request, error)
    return _answer(request, access, anchor="c-action_plan")


@require_POST
@login_required
def field(request, project_id):
    access = _project(request, project_id)
    form = forms.FieldForm(request.POST, prefix="field")
    return _run(
        request,
        access,
        "field",
        form,
        lambda data: services.add_field(project=access.project, actor=request.user, **data),
        ok=_("C'est noté."),
        anchor="c-field",
    )


@require_POST
@login_required
def delete(request, project_id, kind, item_id):
    access = _project(request, project_id)
    try:
        services.delete_evidence(project=access.project, actor=request.user, kind=kind, item_id=item_id)
    except ValidationError as error:
        _refused(request, error)
        return _answer(request, access)
    return _answer(request, access, ok=_("C'est supprimé."))


@require_POST
@login_required
def transition(request, project_id):
    access = _project(request, project_id)
    form = forms.WorkflowForm(request.POST)
    if not form.is_valid():
        return _answer(request, access, bound={"workflow": form}, anchor="workflow")
    reviewer = None
    if form.cleaned_data.get("reviewer"):
        reviewer = User.objects.filter(pk=form.cleaned_data["reviewer"]).first()
    action = form.cleaned_data["action"]
    try:
        services.transition(
            project=access.project,
            actor=request.user,
            action=action,
            comment=form.cleaned_data["comment"],
            criteria_comments=form.criteria_comments(),
            reviewer=reviewer,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _answer(request, access, bound={"workflow": form}, anchor="workflow")
    access.project.refresh_from_db()
    done = {
        "submit": _("Votre projet est envoyé à votre consultant·e pour validation."),
        "withdraw": _("Votre demande de validation est retirée : vous pouvez modifier votre projet."),
        "request_changes": _("Vos demandes de modification sont envoyées à la personne."),
        "validate": _("Le projet est validé.")
        if access.project.state == ProjectState.VALIDATED
        else _("Le projet est transmis au second relecteur."),
    }[action]
    messages.success(request, done)
    if selectors.project_access(request.user, access.project.pk) is None:  # a second reviewer's review is over
        return redirect("projects:index")
    return redirect(reverse("projects:project", kwargs={"project_id": access.project.pk}) + "#workflow")


# --- the synthesis -------------------------------------------------------------------------------------------------


def _synthesis_or_404(access, *, as_person: bool):
    synthesis = selectors.synthesis_for(access.enrolment)
    if synthesis is None:
        return None, None
    return synthesis, selectors.readable_version(synthesis, as_person=as_person)


@require_GET
@login_required
def synthesis(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    synthesis, version = _synthesis_or_404(access, as_person=access.is_person)
    if access.is_coach and synthesis is not None:
        services.record_opening(
            subject=access.enrolment.beneficiary,
            via=Opening.Via.COACH,
            synthesis=synthesis,
            actor=request.user,
            path=request.path,
        )
    context = {
        "access": access,
        "enrolment": access.enrolment,
        "person": access.enrolment.beneficiary,
        "synthesis": synthesis,
        "version": version,
        "doc": document.document(version, final=version.is_final) if version else None,
        "versions": selectors.versions_of(synthesis) if synthesis else [],
    }
    if synthesis is not None and access.is_person:
        context.update(
            comment_form=forms.CommentForm() if synthesis.state == workflow.SynthesisState.REVIEW else None,
            share_form=forms.ShareForm() if workflow.synthesis_is_final(synthesis.state) else None,
            links=selectors.links_of(synthesis),
            new_link=request.session.pop("projects_new_link", None),
            now=timezone.now(),
        )
    return render(request, "projects/synthesis.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def synthesis_edit(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    if not access.is_coach:
        raise Http404
    enrolment = access.enrolment
    synthesis = selectors.synthesis_for(enrolment)
    if synthesis is not None and workflow.synthesis_is_final(synthesis.state):
        messages.error(request, _("La synthèse est définitive : elle ne change plus."))
        return redirect("projects:synthesis", enrolment_id=enrolment.pk)
    latest = selectors.latest_version(synthesis) if synthesis else None
    if request.method == "POST":
        form = forms.SynthesisForm(request.POST)
        if form.is_valid():
            try:
                version = services.save_synthesis(enrolment=enrolment, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("La version %(number)s est enregistrée.") % {"number": version.number})
                return redirect("projects:synthesis", enrolment_id=enrolment.pk)
        status = 400
    else:
        if synthesis is not None:
            services.record_opening(
                subject=enrolment.beneficiary,
                via=Opening.Via.COACH,
                synthesis=synthesis,
                actor=request.user,
                path=request.path,
            )
        else:
            access.rule.log(AccessLabel.SYNTHESIS, path=request.path)
        if latest is not None:
            initial = {name: getattr(latest, name) for name in ("circumstances", "skills", "options", "project")}
        else:
            draft = SynthesisVersion(number=0, facts=selectors.synthesis_facts(enrolment), created_at=timezone.now())
            initial = presenters.draft_texts(document.document(draft, final=False))
        form = forms.SynthesisForm(initial=initial)
        status = 200
    return render(
        request,
        "projects/synthesis_edit.html",
        {"enrolment": enrolment, "person": enrolment.beneficiary, "form": form, "latest": latest},
        status=status,
    )


@require_POST
@login_required
def synthesis_action(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    action = request.POST.get("action", "")
    steps = {
        ("send", False): (services.send_synthesis, _("La synthèse est envoyée à la personne pour ses commentaires.")),
        ("finalise", False): (services.finalise_synthesis, _("La synthèse est définitive.")),
        ("confirm", True): (services.confirm_receipt, _("Merci : la réception de votre synthèse est enregistrée.")),
    }
    step = steps.get((action, access.is_person))
    if step is None:
        raise PermissionDenied
    run, ok = step
    try:
        run(enrolment=access.enrolment, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, ok)
    return redirect("projects:synthesis", enrolment_id=enrolment_id)


@require_POST
@login_required
def synthesis_comment(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_synthesis(enrolment=access.enrolment, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Votre commentaire est envoyé à votre consultant·e."))
    else:
        messages.error(request, _("Écrivez votre commentaire."))
    return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#comments")


@require_GET
@login_required
def synthesis_version(request, enrolment_id, number):
    access = _bilan(request, enrolment_id)
    synthesis = selectors.synthesis_for(access.enrolment)
    if synthesis is None or (access.is_person and not workflow.person_may_read(synthesis.state)):
        raise Http404
    version = synthesis.versions.filter(number=number).first()
    if version is None:
        raise Http404
    if access.is_coach:
        services.record_opening(
            subject=access.enrolment.beneficiary,
            via=Opening.Via.COACH,
            synthesis=synthesis,
            actor=request.user,
            path=request.path,
        )
    return render(
        request,
        "projects/synthesis_version.html",
        {
            "access": access,
            "enrolment": access.enrolment,
            "synthesis": synthesis,
            "version": version,
            "doc": document.document(version, final=version.is_final),
        },
    )


def _pdf_response(version, *, final: bool) -> HttpResponse:
    response = HttpResponse(pdf.render_pdf(version, final=final), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(version)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def synthesis_pdf(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    synthesis, version = _synthesis_or_404(access, as_person=access.is_person)
    if version is None:
        raise Http404
    if access.is_coach:
        services.record_opening(
            subject=access.enrolment.beneficiary,
            via=Opening.Via.COACH,
            synthesis=synthesis,
            actor=request.user,
            format=Opening.Format.PDF,
            path=request.path,
        )
    return _pdf_response(version, final=version.is_final)


@require_POST
@login_required
def share(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    form = forms.ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez pour qui est le lien et choisissez une durée proposée."))
        return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#share")
    try:
        link, token = services.create_share_link(
            enrolment=access.enrolment,
            actor=request.user,
            recipient=form.cleaned_data["recipient"],
            days=form.cleaned_data["days"],
            to_cep=form.cleaned_data["to_cep"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        # Shown once, on the next page: only the token's hash is kept.
        request.session["projects_new_link"] = {
            "recipient": link.recipient,
            # the public address, as in e-mails: the person sends this link to someone else
            "url": mail.absolute_url(reverse("projects:shared", kwargs={"token": token})),
        }
    return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#share")


@require_POST
@login_required
def revoke(request, enrolment_id, link_id):
    access = _bilan(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    try:
        link = services.revoke_share_link(enrolment=access.enrolment, actor=request.user, link_id=link_id)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Le lien pour « %(recipient)s » ne fonctionne plus.") % {"recipient": link.recipient}
        )
    return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#share")


@require_POST
@login_required
def retention(request, enrolment_id):
    access = _bilan(request, enrolment_id)
    if not access.is_person:
        raise PermissionDenied
    form = forms.RetentionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une durée proposée : rien, 1 an, ou 3 ans au plus."))
    else:
        try:
            choice = services.choose_retention(
                enrolment=access.enrolment,
                actor=request.user,
                months=form.cleaned_data["months"],
                agreed=form.cleaned_data["agree"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("Votre choix est enregistré.")
                if not choice.keep
                else _("Vos documents seront gardés jusqu'au %(date)s.")
                % {"date": choice.keep_until.strftime("%d/%m/%Y")},
            )
    return redirect(reverse("projects:bilan", kwargs={"enrolment_id": enrolment_id}) + "#retention")


# --- the share link (no sign-in) -------------------------------------------------------------------------------------


def _shared(request, token):
    lookup = selectors.link_for(token)
    if lookup.status == 404:
        raise Http404
    if lookup.status == 410:
        response = render(request, "projects/shared_gone.html", status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return None, response
    return lookup.link, None


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def shared(request, token):
    link, gone = _shared(request, token)
    if gone is not None:
        return gone
    synthesis = link.synthesis
    version = selectors.final_version(synthesis)
    services.record_opening(
        subject=synthesis.enrolment.beneficiary, via=Opening.Via.LINK, synthesis=synthesis, link=link
    )
    return _private(
        render(
            request,
            "projects/shared.html",
            {"link": link, "token": token, "version": version, "doc": document.document(version, final=True)},
        )
    )


@never_cache
@require_GET
def shared_pdf(request, token):
    link, gone = _shared(request, token)
    if gone is not None:
        return gone
    synthesis = link.synthesis
    version = selectors.final_version(synthesis)
    services.record_opening(
        subject=synthesis.enrolment.beneficiary,
        via=Opening.Via.LINK,
        synthesis=synthesis,
        link=link,
        format=Opening.Format.PDF,
    )
    return _private(_pdf_response(version, final=True))
