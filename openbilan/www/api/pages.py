"""The operator admin's page of the partner API: tokens issued to the prescribers of their programmes (issued and
revoked here), the webhooks registered and their last deliveries, the last calls."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openbilan.accounts.models import Role
from openbilan.partners import errors, selectors, services
from openbilan.www.api.forms import TokenForm
from openbilan.www.roles import role_required


def _context(request, form, secret=None):
    user = request.user
    return {
        "form": form,
        "secret": secret,
        "now": timezone.now(),
        "tokens": selectors.tokens_issued_for(user)[:100],
        "webhooks": selectors.webhooks_for(user)[:50],
        "deliveries": selectors.deliveries_for(user)[:50],
        "calls": selectors.calls_for(user)[:50],
    }


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR_ADMIN)
def index(request):
    organisations = selectors.partner_organisations_of(request.user)
    form = TokenForm(request.POST if request.method == "POST" else None, organisations=organisations)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.issue_token(
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except errors.ApiRefusal as refusal:
            form.add_error(None, str(refusal.detail))
        else:
            form = TokenForm(organisations=organisations)
    response = render(request, "api/operator.html", _context(request, form, secret))
    return response


@require_POST
@role_required(Role.OPERATOR_ADMIN)
def revoke(request, token_id):
    token = selectors.token_issued_for(request.user, token_id)
    if token is None:
        raise Http404
    services.revoke_token(token=token, actor=request.user)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("partners:index")
