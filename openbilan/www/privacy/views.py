"""The person's privacy page: consents, who opened their data, download everything, erase everything."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import STAFF_ROLES
from openbilan.privacy import erasure, export, selectors, services
from openbilan.www.privacy.effects import EFFECTS
from openbilan.www.privacy.forms import ConsentForm, ErasureForm

ACCESS_LOG_LIMIT = 200


@login_required
@require_GET
def index(request):
    return render(
        request,
        "privacy/index.html",
        {
            "consents": [(state, EFFECTS[state.purpose]) for state in selectors.consents_of(request.user)],
            "ledger": selectors.consent_ledger(request.user)[:100],
            "accesses": selectors.accesses_to(request.user)[:ACCESS_LOG_LIMIT],
            "is_staff_account": bool(request.user.roles & STAFF_ROLES),
        },
    )


@login_required
@require_POST
def consent(request):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce choix n'a pas pu être enregistré. Réessayez depuis la page."))
        return redirect("privacy:index")
    services.set_consent(
        person=request.user, purpose=form.cleaned_data["purpose"], granted=form.cleaned_data["granted"]
    )
    purpose = form.cleaned_data["purpose"]
    messages.success(request, _("Votre choix est enregistré. %(effect)s") % {"effect": EFFECTS[purpose]})
    return redirect("privacy:index")


@login_required
@require_GET
def download(request):
    data = export.zip_for(request.user)
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-openbilan-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    if request.user.roles & STAFF_ROLES:
        # Staff accounts hold other people's records (notes, reviews): the operator closes them.
        raise PermissionDenied
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erasure.erase_person(person=user)
        return render(request, "privacy/erased.html")
    return render(request, "privacy/erase.html", {"form": form})
