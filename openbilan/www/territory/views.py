"""The person's place: where they live (a commune of their postcode), how far they can travel, the job level aimed at.

One URL. GET with `postcode` lists the communes of that postcode (htmx asks for the form fragment only); POST saves
or forgets. Everything works without JavaScript: the postcode is a plain GET form, the rest a plain POST form.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openbilan.accounts.models import Role
from openbilan.territory import selectors, services
from openbilan.www import flow
from openbilan.www.roles import role_required
from openbilan.www.territory.forms import PlaceForm, PostcodeForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else ""


@require_http_methods(["GET", "POST"])
@role_required(Role.BENEFICIARY)
def place(request):
    current = selectors.place_of(request.user)
    next_url = _next(request)
    if request.method == "POST" and request.POST.get("action") == "clear":
        if services.clear_place(person=request.user):
            messages.success(request, _("Votre commune est effacée."))
        return redirect("territory:place")

    if request.method == "POST":
        postcode = request.POST.get("postcode", "").strip()
    else:
        postcode = request.GET.get("postcode", "").strip() or selectors.default_postcode(request.user)
    postcode_form = PostcodeForm({"postcode": postcode} if postcode else None)
    communes = selectors.communes_of_postcode(postcode) if postcode_form.is_valid() else []
    if postcode_form.is_valid() and not communes:
        postcode_form.add_error("postcode", _("Aucune commune ne porte ce code postal. Vérifiez-le."))

    initial = {"postcode": postcode}
    if current is not None:
        initial.update(travel_km=current.place.travel_km or "", job_level=current.place.job_level)
        if current.place.postcode == postcode:
            initial["commune"] = current.area.commune.insee_code
    if len(communes) == 1:
        initial["commune"] = communes[0].insee_code
    form = PlaceForm(
        request.POST if request.method == "POST" else None, communes=communes, initial=initial, auto_id="place_%s"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placed = flow.run(
            form,
            lambda: services.set_place(
                person=request.user,
                postcode=data["postcode"],
                commune_code=data["commune"],
                travel_km=data["travel_km"],
                job_level=data["job_level"],
            ),
        )
        if placed:
            messages.success(request, _("Votre commune est enregistrée."))
            return redirect(next_url or "territory:place")
    context = {
        "place_view": current,
        "postcode_form": postcode_form,
        "form": form,
        "communes": communes,
        "next": next_url,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "territory/includes/place_form.html", context)
    return render(request, "territory/place.html", context)
