"""Sign in, sign out, password reset, and the page shown when an account is throttled."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from openbilan.accounts import selectors as account_selectors
from openbilan.accounts import services as account_services
from openbilan.privacy import security_log, throttle
from openbilan.www import flow
from openbilan.www.accounts import two_factor
from openbilan.www.accounts.forms import EmailAuthenticationForm, ProposalDecisionForm, QueuedPasswordResetForm
from openbilan.www.privacy.forms import TokenForm
from openbilan.www.security import client_address


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this once an account has failed too often from one address (HTTP 429, never a 500)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/accueil/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request):
    """Enrol an authenticator app (first time), then type its code: staff only; others go home."""
    user = request.user
    if not two_factor.applies_to(user) or two_factor.is_verified(request):
        return redirect(_next(request))
    device = account_selectors.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = account_services.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                account_services.confirm_device(device)
                security_log.event("two_factor_enrolled", user_id=user.pk)
            otp_login(request, device)
            request.session.set_expiry(0)  # a staff session ends with the browser (and after 8 h at most)
            security_log.event("two_factor_verified", user_id=user.pk)
            return redirect(_next(request))
        security_log.event("two_factor_failed", user_id=user.pk)
        form.add_error("token", form.fields["token"].error_messages["wrong"])
    context = {"form": form, "enrolling": enrolling, "next": _next(request)}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code")
        context["secret"] = _b32(device.bin_key)
    return render(request, "privacy/two_factor.html", context)


def _b32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = QueuedPasswordResetForm  # the e-mail: accounts/emails.py, with a link on the public address
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Each request may send an e-mail: a limit per network address, shared by every process.
        if not flow.run(form, lambda: throttle.attempt("password_reset", client_address(self.request))):
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "POST"])
def proposals(request):
    """The changes of name or e-mail an organisation's file asked for: the person accepts or refuses each one; nothing
    changes without their answer (issue 16)."""
    if request.method == "POST":
        form = ProposalDecisionForm(request.POST)
        proposal = form.is_valid() and account_selectors.pending_proposal(request.user, form.cleaned_data["proposal"])
        if not proposal:
            messages.error(request, _("Cette proposition n'existe pas, ou vous y avez déjà répondu."))
            return redirect("accounts:proposals")
        accept = form.cleaned_data["decision"] == "accept"
        if flow.flash(
            request, lambda: account_services.decide_change(proposal=proposal, user=request.user, accept=accept)
        ):
            messages.success(
                request, _("Votre compte est modifié.") if accept else _("C'est noté : votre compte ne change pas.")
            )
        return redirect("accounts:proposals")
    return render(
        request, "accounts/proposals.html", {"proposals": list(account_selectors.pending_proposals(request.user))}
    )
