"""Rate limits shared by every application process (the counts live in the database, not in a process).

Each scope allows `limit` uses per `window` for one account or one network address. A refused use raises
`Throttled`, whose message tells the person how long to wait. Limits come from settings.OPENBILAN_RATE_LIMITS
(scope -> (limit, seconds)) over DEFAULT_LIMITS."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbilan.privacy import security_log
from openbilan.privacy.models import Attempt

HOUR, DAY = 3600, 86400
DEFAULT_LIMITS = {
    "signup": (5, HOUR),  # public sign-up forms, per network address
    "password_reset": (5, HOUR),  # password reset e-mails, per network address
    "complaint": (5, HOUR),  # public complaint form, per network address
    "invitation": (50, DAY),  # invitations sent by one staff member
    "referral": (100, DAY),  # referrals made by one prescriber
    "referral_notice": (1, DAY),  # "you were referred" e-mails to an existing account, per account (issue 16)
    "signup_notice": (1, DAY),  # "this address already has an account" e-mails, per account (issue 16)
    "api": (300, 60),  # partner API calls, per token (issue 23)
    "api_auth_failure": (30, 60),  # partner API calls with a wrong token, per network address (issue 23)
}
KEEP = datetime.timedelta(days=1)


class Throttled(ValidationError):
    """A refused use: a ValidationError, so forms and views show its message like any other refusal."""

    def __init__(self, scope: str, limit: int, window: int):
        self.scope, self.limit, self.window = scope, limit, window
        minutes = max(1, window // 60)
        super().__init__(
            ngettext(
                "Trop de demandes : %(limit)s au plus par %(minutes)s minute. Réessayez plus tard.",
                "Trop de demandes : %(limit)s au plus par %(minutes)s minutes. Réessayez plus tard.",
                minutes,
            )
            % {"limit": limit, "minutes": minutes}
            if window < DAY
            else _("Trop de demandes : %(limit)s au plus par jour. Réessayez demain.") % {"limit": limit},
            code="throttled",
        )


def limits(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "OPENBILAN_RATE_LIMITS", {}) or {}
    return tuple(configured.get(scope, DEFAULT_LIMITS[scope]))


def _who(identity: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def attempt(scope: str, identity: str, *, now: datetime.datetime | None = None) -> None:
    """Count one use of `scope` by `identity` (an account id or an address), or raise Throttled past the limit."""
    limit, window = limits(scope)
    now = now or timezone.now()
    who = _who(f"{scope}:{identity}")
    used = Attempt.objects.filter(scope=scope, who=who, at__gt=now - datetime.timedelta(seconds=window)).count()
    if used >= limit:
        security_log.event("rate_limited", scope=scope)
        raise Throttled(scope, limit, window)
    Attempt.objects.create(scope=scope, who=who, at=now)


def purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the uses older than the longest window (run nightly with the retention purge)."""
    now = now or timezone.now()
    deleted, _by_model = Attempt.objects.filter(at__lt=now - KEEP).delete()
    return deleted
