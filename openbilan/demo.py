"""The demo programme that `make run` loads, so a newcomer can see every feature.

Safe to run twice: every object is found by a stable key and updated in place. Each domain can add its part with a
module `openbilan/<domain>/demo.py` defining `load(context: DemoContext)`; they run in INSTALLED_APPS order.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from openbilan.accounts import services as accounts
from openbilan.accounts.models import STAFF_ROLES, Organisation, Role, User
from openbilan.domains import domain_modules
from openbilan.enrolments import services as enrolment_services
from openbilan.programmes import services as programmes
from openbilan.programmes.models import Programme

DEMO_PASSWORD = "demo-openbilan-2026"
DEMO_EMAIL_DOMAIN = "demo.openbilan.fr"


@dataclass
class DemoContext:
    operator: Organisation
    funder: Organisation
    prescribers: dict[str, Organisation]
    programme: Programme
    users: dict[str, User]
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, e-mail, password)


# (key, e-mail, first name, last name, role, organisation key)
DEMO_PEOPLE = [
    ("admin", "admin@demo.openbilan.fr", "Alix", "Admin", Role.OPERATOR_ADMIN, "operator"),
    ("coach", "coach@demo.openbilan.fr", "Camille", "Martin", Role.COACH, "operator"),
    ("beneficiary", "beneficiaire@demo.openbilan.fr", "Stéphanie", "Durand", Role.BENEFICIARY, "operator"),
    ("beneficiary2", "beneficiaire2@demo.openbilan.fr", "Karim", "Benali", Role.BENEFICIARY, "operator"),
    ("funder", "financeur@demo.openbilan.fr", "Hélène", "Leroy", Role.FUNDER_VIEWER, "funder"),
    ("prescriber", "prescripteur@demo.openbilan.fr", "Paul", "Petit", Role.PRESCRIBER, "france_travail"),
]


def _ensure_demo_second_factor(user: User) -> None:
    """Demo staff accounts get a confirmed TOTP device, so a newcomer can sign in without an authenticator app:
    `manage.py demo_code EMAIL` prints the current code."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="OpenBilan (démo)", confirmed=True)


@transaction.atomic
def load_demo() -> DemoContext:
    operator = accounts.upsert_organisation(
        slug="demo-operateur", name="OpenBilan Démo (opérateur)", kind=Organisation.Kind.OPERATOR
    )
    funder = accounts.upsert_organisation(
        slug="demo-region-normandie", name="Région Normandie (démo)", kind=Organisation.Kind.FUNDER
    )
    prescribers = {
        "france_travail": accounts.upsert_organisation(
            slug="demo-france-travail-caen",
            name="France Travail Caen (démo)",
            kind=Organisation.Kind.PRESCRIBER,
            network=Organisation.Network.FRANCE_TRAVAIL,
        ),
        "mission_locale": accounts.upsert_organisation(
            slug="demo-mission-locale-rouen",
            name="Mission locale de Rouen (démo)",
            kind=Organisation.Kind.PRESCRIBER,
            network=Organisation.Network.MISSION_LOCALE,
        ),
    }
    organisations = {"operator": operator, "funder": funder, **prescribers}
    programme = programmes.upsert_programme(
        slug="demo-normandie-2026",
        name="Parcours orientation Normandie 2026 (démo)",
        operator=operator,
        funder=funder,
        prescribers=list(prescribers.values()),
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2027, 6, 30),
        capacity=120,
    )
    users: dict[str, User] = {}
    context = DemoContext(operator, funder, prescribers, programme, users)
    for key, email, first_name, last_name, role, organisation_key in DEMO_PEOPLE:
        user = accounts.upsert_user(email=email, first_name=first_name, last_name=last_name, password=DEMO_PASSWORD)
        accounts.grant_role(user=user, organisation=organisations[organisation_key], role=role)
        users[key] = user
        context.logins.append((str(Role(role).label), email, DEMO_PASSWORD))
        if role in STAFF_ROLES:
            _ensure_demo_second_factor(user)
    for key in ("beneficiary", "beneficiary2"):
        enrolment_services.enrol_with_consent(
            programme=programme,
            beneficiary=users[key],
            coach=users["coach"],
            prescriber=prescribers["france_travail"],
        )
    for module in domain_modules("demo"):
        module.load(context)
    return context
