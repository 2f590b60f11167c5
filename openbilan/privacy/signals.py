"""Security events from Django's and django-axes' signals, as identifiers only (see security_log)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from openbilan.privacy import security_log


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_log.event("login_succeeded", user_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    security_log.event("logout", user_id=getattr(user, "pk", None))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Never the e-mail typed: it may be someone else's address, or a password typed in the wrong field.
    security_log.event("login_failed", level=logging.WARNING)


def connect_axes() -> None:
    try:
        from axes.signals import user_locked_out
    except ImportError:  # pragma: no cover - axes is installed in every environment
        return

    @receiver(user_locked_out, weak=False)
    def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        security_log.event("lockout", level=logging.WARNING)
