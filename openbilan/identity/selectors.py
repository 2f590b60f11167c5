"""Reads about external identities."""

from django.db.models import QuerySet

from openbilan.accounts.models import User
from openbilan.identity.models import ExternalIdentity


def linked_identities(user: User) -> QuerySet[ExternalIdentity]:
    return ExternalIdentity.objects.filter(user=user, linked_at__isnull=False).order_by("provider")
