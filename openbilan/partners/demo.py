"""Demo: the demo prescriber (France Travail Caen) gets a partner API token, printed by `manage.py load_demo` with
the demo logins (the secret is never stored: each load revokes the previous demo token and issues a new one)."""

from openbilan.accounts.models import Organisation
from openbilan.partners import services
from openbilan.partners.models import SCOPES_BY_KIND, ApiToken

DEMO_TOKEN_NAME = "Logiciel de l'agence (démo)"


def load(context) -> None:
    organisation = context.prescribers.get("france_travail")
    admin = context.users.get("admin")
    if organisation is None or admin is None:
        return
    for token in ApiToken.objects.filter(organisation=organisation, name=DEMO_TOKEN_NAME, revoked_at__isnull=True):
        services.revoke_token(token=token, actor=admin)
    _token, raw = services.issue_token(
        organisation=organisation,
        actor=admin,
        name=DEMO_TOKEN_NAME,
        scopes=sorted(SCOPES_BY_KIND[Organisation.Kind.PRESCRIBER]),
        days=90,
    )
    context.logins.append(("Jeton d'API (France Travail Caen)", "Authorization: Bearer", raw))
