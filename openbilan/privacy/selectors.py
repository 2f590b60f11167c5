"""Reads of the privacy domain."""

from django.db.models import QuerySet

from openbilan.accounts.models import User
from openbilan.privacy.models import AccessLog


def accesses_to(subject: User) -> QuerySet[AccessLog]:
    """Who opened this person's data, newest first: the person sees this on their privacy page."""
    return AccessLog.objects.filter(subject=subject).select_related("actor")
