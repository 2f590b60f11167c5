"""TOTP two-factor authentication for staff roles (coach, operator admin) and the technical admin, with django-otp.

A staff member signs in with their password, then proves the second factor: the first time they enrol an
authenticator app (QR code as inline SVG), then they type its 6-digit code. Until then every page but the account
pages answers a redirect to the two-factor page (StaffTwoFactorMiddleware). A verified staff session ends when the
browser closes (and after SESSION_COOKIE_AGE at most)."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from openbilan.accounts.models import STAFF_ROLES
from openbilan.privacy import security_log

EXEMPT_PREFIXES = ("/compte/", "/i18n/", "/static/", "/healthz", "/readyz")


def required() -> bool:
    return getattr(settings, "OPENBILAN_STAFF_2FA", True)


def is_staff_account(user) -> bool:
    """Coaches, operator admins and whoever may enter the technical admin (`is_staff`)."""
    return bool(user.is_authenticated and (user.roles & STAFF_ROLES or user.is_staff))


def applies_to(user) -> bool:
    return required() and is_staff_account(user)


def is_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified()) or _verified_by_provider(request)


# Issue 23: a ProConnect sign-in whose `amr` asserts a second factor meets the rule without the TOTP code. The mark
# lives in the session of that sign-in only (a new sign-in or a sign-out clears the session).
PROVIDER_MFA_SESSION_KEY = "two_factor_by_provider"


def _verified_by_provider(request) -> bool:
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return False
    return session.get(PROVIDER_MFA_SESSION_KEY) == user.pk


def mark_verified_by_provider(request, provider: str) -> None:
    request.session[PROVIDER_MFA_SESSION_KEY] = request.user.pk
    request.session.set_expiry(0)  # like a TOTP-verified staff session: it ends with the browser
    security_log.event("two_factor_verified", user_id=request.user.pk, by=provider)


def needs_verification(request) -> bool:
    return applies_to(request.user) and not is_verified(request)


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for this device (used for the demo accounts only)."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
