"""Demo: the demo prescriber (France Travail Caen) and the demo operator get a partner API token each, printed by
`manage.py load_demo` with the demo logins (the secret is never stored: each load revokes the previous demo token
and issues a new one)."""

from openbilan.partners import selectors, services
from openbilan.partners.models import SCOPES_BY_KIND, ApiToken

DEMO_TOKEN_NAME = "Logiciel de l'agence (démo)"
DEMO_OPERATOR_TOKEN_NAME = "Logiciel de l'opérateur (démo)"


def _issue(organisation, admin, name: str) -> str:
    for token in ApiToken.objects.filter(organisation=organisation, name=name, revoked_at__isnull=True):
        services.revoke_token(token=token, actor=admin)
    _token, raw = services.issue_token(
        organisation=organisation, actor=admin, name=name, scopes=sorted(SCOPES_BY_KIND[organisation.kind]), days=90
    )
    return raw


def load(context) -> None:
    organisation = context.prescribers.get("france_travail")
    admin = context.users.get("admin")
    if organisation is None or admin is None:
        return
    raw = _issue(organisation, admin, DEMO_TOKEN_NAME)
    context.logins.append(("Jeton d'API (France Travail Caen)", "Authorization: Bearer", raw))
    operator = selectors.operators_of(admin).order_by("pk").first()
    if operator is not None:  # the operator's own software: cohorts:read and cohorts:write
        raw = _issue(operator, admin, DEMO_OPERATOR_TOKEN_NAME)
        context.logins.append(("Jeton d'API (opérateur, cohortes)", "Authorization: Bearer", raw))
