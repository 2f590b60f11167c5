"""The token of the link that confirms, by e-mail, linking an identity to an account: minted from the pending row and
the site's secret key, so the request that asks for it and the worker that e-mails it find the same token, and neither
the task table nor the database holds it (the row keeps its hash; a new request changes `created_at`, so the token)."""

from datetime import timedelta

from django.utils.crypto import salted_hmac

from openbilan.identity.models import ExternalIdentity

LINK_VALIDITY = timedelta(hours=24)  # how long the link confirms


def link_token(row: ExternalIdentity) -> str:
    created = row.created_at.strftime("%Y%m%dT%H%M%S.%f%z")
    return salted_hmac(
        "openbilan.identity.email_link",
        f"{row.pk}:{row.user_id}:{row.provider}:{row.sub}:{created}",
        algorithm="sha256",
    ).hexdigest()
