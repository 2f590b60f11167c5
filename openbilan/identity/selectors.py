"""Reads about external identities."""

from django.db.models import QuerySet

from openbilan.accounts.models import User
from openbilan.identity.models import ExternalIdentity


def linked_identities(user: User) -> QuerySet[ExternalIdentity]:
    return ExternalIdentity.objects.filter(user=user, linked_at__isnull=False).order_by("provider")


def export_of(person: User) -> list[dict]:
    """The person's linked identities, for their data export (what is kept, nothing more)."""
    return [
        {
            "provider": row.provider,
            "sub": row.sub,
            "email_verified": row.email_verified,
            "last_acr": row.last_acr,
            "last_amr": row.last_amr,
            "last_login_at": row.last_login_at.isoformat() if row.last_login_at else None,
            "linked_at": row.linked_at.isoformat() if row.linked_at else None,
        }
        for row in linked_identities(person)
    ]
