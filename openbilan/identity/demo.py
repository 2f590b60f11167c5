"""Demo: the demo prescriber organisations get a SIRET, so that an agent signing in with the test ProConnect
provider (docs/OPERATIONS.md, "Trying it locally") lands in the France Travail agency."""

from openbilan.accounts import services as accounts

DEMO_SIRETS = {"france_travail": "13000548100010", "mission_locale": "30012345600017"}


def load(context) -> None:
    for key, siret in DEMO_SIRETS.items():
        organisation = context.prescribers.get(key)
        if organisation is not None and organisation.siret != siret:
            accounts.set_organisation_siret(organisation=organisation, siret=siret)
