"""The synthesis document of a bilan: versions, the person's comments, PDF, share links, and the person's choice of
keeping their documents for follow-up. Each opening by the coach is recorded and shown to the person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan import mail
from openbilan.privacy.models import AccessLabel
from openbilan.projects import document, pdf, selectors, services, workflow
from openbilan.projects.models import Opening, SynthesisVersion
from openbilan.www import flow
from openbilan.www.projects import forms, presenters
from openbilan.www.projects.access import bilan_or_404 as _bilan
from openbilan.www.projects.access import own_bilan


def _coach_opened(request, synthesis, format: str = Opening.Format.PAGE) -> None:
    """The coach opened the person's synthesis: recorded for the person to see (and in the privacy access log)."""
    services.record_opening(
        subject=synthesis.enrolment.beneficiary,
        via=Opening.Via.COACH,
        synthesis=synthesis,
        actor=request.user,
        format=format,
        path=request.path,
    )


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
        _coach_opened(request, synthesis)
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
            saved = flow.run(
                form, lambda: services.save_synthesis(enrolment=enrolment, actor=request.user, **form.cleaned_data)
            )
            if saved:
                number = saved.value.number
                messages.success(request, _("La version %(number)s est enregistrée.") % {"number": number})
                return redirect("projects:synthesis", enrolment_id=enrolment.pk)
        status = 400
    else:
        if synthesis is not None:
            _coach_opened(request, synthesis)
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
    write, ok = step
    if flow.flash(request, lambda: write(enrolment=access.enrolment, actor=request.user)):
        messages.success(request, ok)
    return redirect("projects:synthesis", enrolment_id=enrolment_id)


@require_POST
@login_required
def synthesis_comment(request, enrolment_id):
    access = own_bilan(request, enrolment_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        if flow.flash(
            request,
            lambda: services.comment_synthesis(
                enrolment=access.enrolment, actor=request.user, body=form.cleaned_data["body"]
            ),
        ):
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
    version = selectors.version_numbered(synthesis, number)
    if version is None:
        raise Http404
    if access.is_coach:
        _coach_opened(request, synthesis)
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


def pdf_response(version, *, final: bool) -> HttpResponse:
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
        _coach_opened(request, synthesis, Opening.Format.PDF)
    return pdf_response(version, final=version.is_final)


@require_POST
@login_required
def share(request, enrolment_id):
    access = own_bilan(request, enrolment_id)
    form = forms.ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez pour qui est le lien et choisissez une durée proposée."))
        return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#share")
    created = flow.flash(
        request,
        lambda: services.create_share_link(
            enrolment=access.enrolment,
            actor=request.user,
            recipient=form.cleaned_data["recipient"],
            days=form.cleaned_data["days"],
            to_cep=form.cleaned_data["to_cep"],
        ),
    )
    if created:
        link, token = created.value
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
    access = own_bilan(request, enrolment_id)
    revoked = flow.flash(
        request, lambda: services.revoke_share_link(enrolment=access.enrolment, actor=request.user, link_id=link_id)
    )
    if revoked:
        messages.success(
            request, _("Le lien pour « %(recipient)s » ne fonctionne plus.") % {"recipient": revoked.value.recipient}
        )
    return redirect(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment_id}) + "#share")


@require_POST
@login_required
def retention(request, enrolment_id):
    access = own_bilan(request, enrolment_id)
    form = forms.RetentionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une durée proposée : rien, 1 an, ou 3 ans au plus."))
    elif chosen := flow.flash(
        request,
        lambda: services.choose_retention(
            enrolment=access.enrolment,
            actor=request.user,
            months=form.cleaned_data["months"],
            agreed=form.cleaned_data["agree"],
        ),
    ):
        choice = chosen.value
        messages.success(
            request,
            _("Votre choix est enregistré.")
            if not choice.keep
            else _("Vos documents seront gardés jusqu'au %(date)s.") % {"date": choice.keep_until.strftime("%d/%m/%Y")},
        )
    return redirect(reverse("projects:bilan", kwargs={"enrolment_id": enrolment_id}) + "#retention")
