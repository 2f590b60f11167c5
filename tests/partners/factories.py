"""A small partner world: an operator's programme listing a prescriber organisation, and tokens for it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from openbilan.accounts.models import Organisation, Role
from openbilan.partners import services
from openbilan.partners.models import ApiToken, Scope
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory

ALL_SCOPES = [Scope.REFERRALS_READ, Scope.REFERRALS_WRITE, Scope.WEBHOOKS]
OPERATOR_SCOPES = [Scope.COHORTS_READ, Scope.COHORTS_WRITE]


@dataclass
class Partner:
    programme: object
    prescriber: Organisation
    admin: object
    agent: object


def partner(**programme_kwargs) -> Partner:
    programme = ProgrammeFactory(**programme_kwargs)
    prescriber = OrganisationFactory(prescriber=True)
    programme.prescribers.add(prescriber)
    admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    agent = UserFactory(role=Role.PRESCRIBER, role__organisation=prescriber)
    return Partner(programme=programme, prescriber=prescriber, admin=admin, agent=agent)


def token_for(world: Partner, scopes=None, days: int = 30) -> tuple[ApiToken, str]:
    return services.issue_token(
        organisation=world.prescriber, actor=world.admin, name="Logiciel", scopes=scopes or ALL_SCOPES, days=days
    )


def funder_token_for(world: Partner, days: int = 30) -> tuple[ApiToken, str]:
    return services.issue_token(
        organisation=world.programme.funder, actor=world.admin, name="Entrepôt", scopes=[Scope.FIGURES_READ], days=days
    )


def expire(token: ApiToken) -> ApiToken:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    token.refresh_from_db()
    return token


def headers(raw: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", **extra}


def operator_token_for(world: Partner, scopes=None, days: int = 30) -> tuple[ApiToken, str]:
    """The operator's own token: its software reads and writes the cohorts of the programmes it runs."""
    return services.issue_token(
        organisation=world.programme.operator,
        actor=world.admin,
        name="Logiciel de l'opérateur",
        scopes=scopes or OPERATOR_SCOPES,
        days=days,
    )
