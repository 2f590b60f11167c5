"""Quality pages (Qualiopi): public offers and results, complaints (filed by anyone, handled by the operator's
admins), the disability referent and accommodation requests (recorded by the person, seen by their coach and the
operator's admins, every staff access logged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.enrolments import access
from openbilan.privacy import throttle
from openbilan.privacy.models import AccessLabel
from openbilan.quality import rules, selectors, services
from openbilan.quality.models import ComplaintState
from openbilan.www import flow
from openbilan.www.quality.forms import (
    AccommodationForm,
    ComplaintForm,
    ComplaintStepForm,
    OfferForm,
    OperatorQualityForm,
)
from openbilan.www.quality.presenters import result_rows
from openbilan.www.roles import role_required
from openbilan.www.security import client_address


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- Public: offers and results --------------------------------------------------------------------------------------


@require_GET
def offers(request):
    return render(request, "quality/offers.html", {"offers": selectors.published_offers()})


@require_GET
def offer(request, slug):
    item = selectors.published_offer(slug)
    if item is None:
        raise Http404
    programme = item.programme
    quality = getattr(programme.operator, "quality", None)
    snapshot = selectors.latest_results(programme)
    return render(
        request,
        "quality/offer.html",
        {
            "offer": item,
            "programme": programme,
            "referent": quality if quality and quality.has_referent else None,
            "snapshot": snapshot,
            "rows": result_rows(snapshot) if snapshot else [],
        },
    )


# --- Complaints: anyone files, the person follows their own --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    signed_in = request.user.is_authenticated
    programmes = selectors.complaint_programmes(request.user)
    initial = {}
    chosen = programmes.filter(slug=str(request.GET.get("programme", ""))[:80]).first()
    if chosen is not None:
        initial["programme"] = chosen
    form = ComplaintForm(_posted(request), programmes=programmes, signed_in=signed_in, initial=initial)
    identity = f"user:{request.user.pk}" if signed_in else client_address(request)
    if request.method == "POST" and form.is_valid() and flow.run(form, lambda: throttle.attempt("complaint", identity)):
        data = form.cleaned_data
        complaint = services.file_complaint(
            programme=data["programme"],
            body=data["body"],
            email=data.get("email", ""),
            name=data.get("name", ""),
            person=request.user if signed_in else None,
        )
        messages.success(
            request,
            _(
                "Votre réclamation est enregistrée sous la référence %(reference)s. Nous la prenons en compte "
                "avant le %(day)s."
            )
            % {
                "reference": complaint.reference,
                "day": formats.date_format(complaint.acknowledge_by, "SHORT_DATE_FORMAT"),
            },
        )
        if signed_in:
            return redirect("quality:my_complaints")
        if hasattr(data["programme"], "offer") and data["programme"].offer.published:
            return redirect("quality:offer", slug=data["programme"].slug)
        return redirect("quality:offers")
    return render(request, "quality/complaint_new.html", {"form": form, "signed_in": signed_in})


@require_GET
@login_required
def my_complaints(request):
    return render(request, "quality/my_complaints.html", {"complaints": selectors.complaints_of(request.user)})


# --- Operator admins: offers, results, settings, the complaints register -------------------------------------------


def _operator(request):
    operator = selectors.first_operator_administered_by(request.user)
    if operator is None:
        raise Http404
    return operator


def _programme(request, slug):
    programme = selectors.programme_for_admin(request.user, slug)
    if programme is None:
        raise Http404
    return programme


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def manage(request):
    operator = _operator(request)
    today = timezone.localdate()
    open_complaints = list(selectors.open_complaints(request.user))
    overdue = sum(1 for complaint in open_complaints if complaint.lateness(today).overdue)
    return render(
        request,
        "quality/manage.html",
        {
            "operator": operator,
            "quality": selectors.operator_quality(operator),
            "programmes": selectors.programmes_for_quality(request.user),
            "open_count": len(open_complaints),
            "overdue_count": overdue,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def operator_settings(request):
    operator = _operator(request)
    form = OperatorQualityForm(_posted(request), instance=selectors.operator_quality(operator))
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(
            form, lambda: services.save_operator_quality(operator=operator, actor=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Les réglages qualité sont enregistrés."))
        return redirect("quality:manage")
    return render(request, "quality/settings.html", {"form": form, "operator": operator})


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def offer_edit(request, slug):
    programme = _programme(request, slug)
    current = selectors.offer_of(programme)
    form = OfferForm(_posted(request), instance=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(form, lambda: services.save_offer(programme=programme, actor=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("L'offre est enregistrée."))
        return redirect("quality:offer_edit", slug=programme.slug)
    snapshots = list(selectors.results_of(programme)[:10])
    return render(
        request,
        "quality/offer_edit.html",
        {
            "form": form,
            "programme": programme,
            "offer": current,
            "snapshots": [(snapshot, result_rows(snapshot)) for snapshot in snapshots],
        },
    )


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def offer_publish(request, slug):
    programme = _programme(request, slug)
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        messages.error(request, _("Choisissez de publier ou de retirer l'offre."))
        return redirect("quality:offer_edit", slug=programme.slug)
    if flow.flash(
        request,
        lambda: services.set_offer_published(programme=programme, actor=request.user, published=action == "publish"),
    ):
        if action == "publish":
            messages.success(request, _("L'offre est publiée : tout le monde peut la lire."))
        else:
            messages.success(request, _("L'offre est retirée : elle n'est plus publique."))
    return redirect("quality:offer_edit", slug=programme.slug)


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def results_publish(request, slug):
    programme = _programme(request, slug)
    snapshot = services.publish_results(programme=programme, actor=request.user)
    messages.success(
        request,
        _("Les résultats au %(day)s sont publiés.") % {"day": formats.date_format(snapshot.as_of, "SHORT_DATE_FORMAT")},
    )
    return redirect("quality:offer_edit", slug=programme.slug)


@require_GET
@role_required(Role.OPERATOR_ADMIN)
def complaints(request):
    today = timezone.localdate()
    rows = [(complaint, complaint.lateness(today)) for complaint in selectors.complaints_register(request.user)]
    return render(request, "quality/complaints.html", {"rows": rows})


NEXT_STEP_LABELS = {
    ComplaintState.ANALYSED: gettext_lazy("Marquer comme analysée"),
    ComplaintState.ANSWERED: gettext_lazy("Marquer comme répondue"),
    ComplaintState.CLOSED: gettext_lazy("Clôturer la réclamation"),
}


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def complaint(request, complaint_id):
    item = selectors.complaint_for_admin(request.user, complaint_id)
    if item is None:
        raise Http404
    target = rules.NEXT.get(item.state)
    form = ComplaintStepForm(
        _posted(request),
        initial={"target": target, "category": item.category, "improvement": item.improvement},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and flow.run(
            form, lambda: services.move_complaint(complaint=item, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("La réclamation est à jour."))
            return redirect("quality:complaint", complaint_id=item.pk)
        status = 400
    return render(
        request,
        "quality/complaint.html",
        {
            "complaint": item,
            "lateness": item.lateness(timezone.localdate()),
            "form": form,
            "target": target,
            "step_label": NEXT_STEP_LABELS[target] if target else "",
        },
        status=status,
    )


# --- Accommodations --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def my_accommodations(request):
    form = AccommodationForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and flow.run(form, lambda: services.record_accommodation(person=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Votre demande est enregistrée et partagée."))
        return redirect("quality:my_accommodations")
    return render(
        request,
        "quality/my_accommodations.html",
        {
            "form": form,
            "requests": selectors.accommodations_of(request.user),
            "referents": selectors.referents_for(request.user),
        },
    )


@require_POST
@role_required(Role.BENEFICIARY)
def accommodation_withdraw(request, accommodation_id):
    if not services.withdraw_accommodation(person=request.user, request_id=accommodation_id):
        raise Http404
    messages.success(request, _("Votre demande est retirée et supprimée."))
    return redirect("quality:my_accommodations")


@require_GET
@role_required(Role.COACH, Role.OPERATOR_ADMIN)
def accommodations(request):
    requests = list(selectors.accommodations_visible_to(request.user))
    for person in {item.person for item in requests}:
        access.record(actor=request.user, subject=person, label=AccessLabel.ACCOMMODATIONS, path=request.path)
    return render(request, "quality/accommodations.html", {"requests": requests})
