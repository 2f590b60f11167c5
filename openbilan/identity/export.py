"""The identity domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `identity.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.identity.selectors import linked_identities
from openbilan.serialize import when

NAME = "identity"


def part(person: User) -> dict:
    """The accounts the person linked at an identity provider (OpenID Connect): what is kept, nothing more."""
    identities = [
        {
            "provider": row.provider,
            "sub": row.sub,
            "email_verified": row.email_verified,
            "last_acr": row.last_acr,
            "last_amr": row.last_amr,
            "last_login_at": when(row.last_login_at),
            "linked_at": when(row.linked_at),
        }
        for row in linked_identities(person)
    ]
    return {"external_identities": identities}
