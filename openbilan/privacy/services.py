"""Writes of the privacy domain."""

from openbilan.accounts.models import User
from openbilan.privacy.models import AccessLog


def record_access(*, actor: User, subject: User, what: str, reason: str = "", path: str = "") -> AccessLog | None:
    """Log that a staff member opened a person's data. A person reading their own data is not logged."""
    if actor.pk == subject.pk:
        return None
    return AccessLog.objects.create(actor=actor, subject=subject, what=what[:200], reason=reason[:300], path=path[:300])
