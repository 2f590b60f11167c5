"""The token of a professional's invitation link, minted from the invitation and the site's secret key: the view
that creates the invitation and the worker that e-mails it find the same token, so neither the task table nor the
database ever holds it (the invitation keeps its hash only)."""

from django.utils.crypto import salted_hmac

from openbilan.network.models import Invitation

INVITATION_DAYS = 14  # how long an invitation link is valid


def invitation_token(invitation: Invitation) -> str:
    created = invitation.created_at.strftime("%Y%m%dT%H%M%S.%f%z")
    return salted_hmac(
        "openbilan.network.invitation", f"{invitation.pk}:{invitation.email}:{created}", algorithm="sha256"
    ).hexdigest()
