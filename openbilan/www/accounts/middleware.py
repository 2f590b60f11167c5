import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from openbilan.privacy import security_log
from openbilan.www.accounts import two_factor


class StaffTwoFactorMiddleware:
    """A staff session that has not proved its second factor reaches only the account pages (after OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(two_factor.EXEMPT_PREFIXES) and two_factor.needs_verification(request):
            security_log.event("two_factor_required", user_id=request.user.pk)
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


LAST_SEEN = "openbilan_last_seen"  # session keys: seconds since the epoch
SIGNED_IN_AT = "openbilan_signed_in_at"
NOT_ACTIVITY = ("/static/", "/healthz", "/readyz")


def idle_minutes(user) -> int:
    """Minutes without a request before a session ends: staff hold many people's files, so theirs is shorter."""
    if two_factor.is_staff_account(user):
        return settings.OPENBILAN_IDLE_MINUTES_STAFF
    return settings.OPENBILAN_IDLE_MINUTES


def start_session_clock(sender, request=None, user=None, **kwargs) -> None:
    """At sign-in (the user_logged_in signal, connected in www/apps.py): the session's start and last activity are
    saved with the new session, so that the pages that follow write nothing more for a minute."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


class InactivityTimeoutMiddleware:
    """Signs a person out after `idle_minutes` without a request (a session left open on a shared computer), and
    SESSION_COOKIE_AGE after they signed in however active they are. The last request's time is written to the
    session at most once a minute, so that reading pages does not write the session each time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(NOT_ACTIVITY):
            now = int(time.time())
            session = request.session
            last, started = session.get(LAST_SEEN), session.setdefault(SIGNED_IN_AT, now)
            minutes = idle_minutes(user)
            idle = last is not None and now - last > minutes * 60
            if idle or now - started > settings.SESSION_COOKIE_AGE:
                return self._sign_out(request, minutes if idle else None)
            if last is None or now - last >= 60:
                session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, idle_minutes: int | None):
        security_log.event("session_expired", user_id=request.user.pk, idle=idle_minutes is not None)
        logout(request)
        if idle_minutes is not None:
            text = ngettext(
                "Vous avez été déconnecté·e après %(minutes)s minute sans activité. Reconnectez-vous.",
                "Vous avez été déconnecté·e après %(minutes)s minutes sans activité. Reconnectez-vous.",
                idle_minutes,
            )
            messages.info(request, text % {"minutes": idle_minutes})
        else:
            messages.info(request, _("Votre session est terminée. Reconnectez-vous."))
        if request.headers.get("HX-Request"):
            return HttpResponseClientRedirect(reverse("accounts:login"))
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect("accounts:login")
