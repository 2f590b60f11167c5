"""Sign in with FranceConnect or ProConnect, link an identity to an existing account, sign out at the provider.

The views stay thin: openbilan.identity.client talks to the provider and verifies everything it answers,
openbilan.identity.services decides which account signs in (the linking rule lives there)."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openbilan.accounts.models import STAFF_ROLES
from openbilan.identity import providers, services
from openbilan.identity.client import AuthenticationRequest, ProviderClient, VerifiedIdentity, take_state
from openbilan.identity.errors import IdentityRefused
from openbilan.identity.models import Provider
from openbilan.privacy import security_log, throttle
from openbilan.www import flow
from openbilan.www.accounts import two_factor
from openbilan.www.accounts.forms import EmailAuthenticationForm
from openbilan.www.identity import session
from openbilan.www.identity.forms import LinkEmailForm
from openbilan.www.security import client_address

logger = logging.getLogger(__name__)
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _config(slug: str) -> providers.ProviderConfig:
    config = providers.provider(slug)
    if config is None:
        raise Http404
    return config


def refused(request, error: IdentityRefused, slug: str):
    security_log.event("identity_refused", provider=slug, reason=error.code)
    logger.info("identity sign-in refused: provider=%s reason=%s", slug, error)
    context = {"error": error, "provider": Provider(slug).label}
    return render(request, "identity/refused.html", context, status=error.status)


@require_GET
def start(request, slug):
    """Send the browser to the provider (state and nonce of 48 characters kept in the session)."""
    config = _config(slug)
    try:
        view = AuthenticationRequest(config)
        view.setup(request)
        return view.get(request)
    except IdentityRefused as error:
        return refused(request, error, slug)


@require_GET
def callback(request, slug):
    """The provider sends the browser back here: every check of openbilan.identity.client, then the account."""
    config = _config(slug)
    try:
        if request.GET.get("error"):
            (request.session.get("oidc_states") or {}).pop(request.GET.get("state", ""), None)
            request.session.modified = True
            raise IdentityRefused("provider_error", request.GET["error"][:40])
        nonce, code_verifier = take_state(request, slug, request.GET.get("state"))
        if not request.GET.get("code"):
            raise IdentityRefused("claims", "no code")
        identity = ProviderClient(config).exchange(
            request, code=request.GET["code"], nonce=nonce, code_verifier=code_verifier
        )
        current = request.user if request.user.is_authenticated and not two_factor.needs_verification(request) else None
        resolution = services.resolve(identity=identity, config=config, current_user=current)
    except IdentityRefused as error:
        return refused(request, error, slug)
    if resolution.user is None:
        session.keep_pending(request, identity)
        return redirect("identity:link")
    return _sign_in(request, resolution.user, identity, request.session.pop("oidc_login_next", None))


def _sign_in(request, user, identity: VerifiedIdentity, next_url: str | None = None):
    if request.user.is_authenticated and request.user.pk != user.pk:
        from django.contrib.auth import logout

        logout(request)
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        login(request, user, backend=SESSION_BACKEND)
    services.record_sign_in(user=user, identity=identity)
    session.drop_pending(request)
    session.mark_signed_in(request, identity)
    user.__dict__.pop("roles", None)
    if identity.provider == Provider.PROCONNECT and "mfa" in identity.amr and user.roles & STAFF_ROLES:
        # ProConnect asserted a second factor: the platform's rule is met (docs/PRIVACY.md).
        two_factor.mark_verified_by_provider(request, identity.provider)
    return HttpResponseRedirect(next_url or resolve_url("www:home"))


@require_GET
def logged_out(request):
    """Where the provider sends the browser back after signing out there."""
    expected = request.session.pop(session.LOGOUT_STATE_KEY, "")
    if not expected or not constant_time_compare(expected, request.GET.get("state", "")):
        security_log.event("identity_logout_state_mismatch")
    messages.success(request, _("Vous êtes déconnecté·e."))
    return redirect("www:index")


@require_http_methods(["GET", "POST"])
def link_page(request):
    """The identity is new here: the person proves the account it should open (password, or an e-mail link)."""
    identity = session.pending(request)
    if identity is None:
        if request.user.is_authenticated:
            return redirect("www:home")
        messages.info(request, _("Votre demande a expiré. Connectez-vous à nouveau."))
        return redirect("accounts:login")
    config = _config(identity.provider)
    provider = Provider(identity.provider).label
    if request.user.is_authenticated:
        if two_factor.needs_verification(request):
            return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": reverse("identity:link")}))
        if request.method == "POST":
            return _link_and_sign_in(request, request.user, identity, config)
        return render(request, "identity/link_confirm_session.html", {"provider": provider})
    form = EmailAuthenticationForm(request, data=request.POST or None, initial={"username": identity.email})
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        try:
            services.check_level(user=user, identity=identity, config=config)
        except IdentityRefused as error:
            return refused(request, error, identity.provider)
        if two_factor.required() and user.roles & STAFF_ROLES:
            # Staff prove their second factor too before an identity is linked to their account.
            login(request, user, backend=SESSION_BACKEND)
            return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": reverse("identity:link")}))
        return _link_and_sign_in(request, user, identity, config)
    context = {"form": form, "email_form": LinkEmailForm(initial={"email": identity.email}), "provider": provider}
    return render(request, "identity/link.html", context)


def _link_and_sign_in(request, user, identity: VerifiedIdentity, config):
    try:
        services.check_level(user=user, identity=identity, config=config)
    except IdentityRefused as error:
        return refused(request, error, identity.provider)
    services.link(user=user, identity=identity, how="password")
    messages.success(
        request, _("Votre compte est lié à %(provider)s.") % {"provider": Provider(identity.provider).label}
    )
    return _sign_in(request, user, identity)


@require_POST
def link_by_email(request):
    """Send a confirmation link to the account's address (the same answer whether the account exists or not)."""
    identity = session.pending(request)
    if identity is None:
        return redirect("identity:link")
    form = LinkEmailForm(request.POST)
    provider = Provider(identity.provider).label
    if not form.is_valid():
        return _link_page_again(request, identity, form, status=400)
    if not flow.run(form, lambda: throttle.attempt("password_reset", client_address(request))):
        return _link_page_again(request, identity, form, status=429)
    services.request_email_link(email=form.cleaned_data["email"], identity=identity)
    session.drop_pending(request)
    return render(request, "identity/link_sent.html", {"provider": provider})


def _link_page_again(request, identity: VerifiedIdentity, email_form, *, status: int):
    login_form = EmailAuthenticationForm(request, initial={"username": identity.email})
    context = {"form": login_form, "email_form": email_form, "provider": Provider(identity.provider).label}
    return render(request, "identity/link.html", context, status=status)


@require_http_methods(["GET", "POST"])
def link_confirm(request, token):
    """The link of the e-mail: a button confirms (an e-mail scanner that opens links confirms nothing)."""
    if request.method == "POST":
        row = services.confirm_email_link(token=token)
        if row is None:
            return render(request, "identity/link_invalid.html", status=400)
        config = providers.provider(row.provider)
        context = {"provider": row.get_provider_display(), "slug": row.provider, "configured": config is not None}
        return render(request, "identity/link_done.html", context)
    return render(request, "identity/link_email_confirm.html")


class LogoutView(auth_views.LogoutView):
    """Sign out here, then at the provider when the session was opened there (`id_token_hint`, `state`,
    `post_logout_redirect_uri`), so that the next person on a shared computer is not signed in at the provider."""

    def post(self, request, *args, **kwargs):
        signed_in = session.signed_in_with(request)
        response = super().post(request, *args, **kwargs)
        config = providers.provider(signed_in["provider"]) if signed_in else None
        if config is None or not signed_in.get("id_token"):
            return response
        try:
            end_session = providers.discovery(config).get("end_session_endpoint")
        except IdentityRefused:
            return response
        if not end_session:
            return response
        state = get_random_string(providers.STATE_SIZE)
        request.session[session.LOGOUT_STATE_KEY] = state
        params = {
            "id_token_hint": signed_in["id_token"],
            "state": state,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("identity:logged_out")),
        }
        return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")
