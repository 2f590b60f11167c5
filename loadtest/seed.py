"""Seed the load test's people (run with the Django settings, before any gunicorn starts; never inside locust).

    python -m loadtest.seed --beneficiaries 44 --coaches 5 --cohort 20000 --output var/loadtest/accounts.json

- a live programme with the simulated beneficiaries, each enrolled with consent (active journey), spread over the
  coaches' caseloads;
- a second programme of the same funder with a generated cohort (`manage.py generate_cohort`), run by another
  operator so that its fictitious people never land in the simulated coaches' caseloads: the funder's dashboard
  then reads real volumes;
- the questionnaires and the journey template (the same hooks as `manage.py load_reference_data`, without the
  occupational referential, which the load test does not need);
- one spare account used after the run to prove that login throttling is shared by the two instances.

Writes the accounts (e-mail, password, enrolment ids) as JSON for the locustfile, which speaks HTTP only.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "charge-openbilan-2026"
LIVE = "charge-direct"
COHORT = "charge-cohorte"
INSTRUMENTS = ("riasec-markers-48", "ipip-bigfive-50")
LOCKOUT_EMAIL = "verrou@charge.invalid"


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _authenticator(user) -> str | None:
    """Staff sign in with a second factor (django-otp TOTP) when the project has it: a confirmed authenticator whose
    key the simulated coach uses to compute its codes (loadtest.pages.totp)."""
    from django.apps import apps

    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Charge", confirmed=True)
    return device.key


def seed(*, beneficiaries: int, coaches: int, funders: int, cohort: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from openbilan.accounts.models import Organisation, Role
    from openbilan.accounts.services import grant_role, upsert_organisation, upsert_user
    from openbilan.assessments.reference import sync_instruments
    from openbilan.journeys import services as journeys
    from openbilan.journeys.reference import load as load_journey_template
    from openbilan.programmes.services import upsert_programme

    sync_instruments()
    load_journey_template()
    today = timezone.localdate()
    operator = upsert_organisation(slug="charge-operateur", name="Opérateur (charge)", kind=Organisation.Kind.OPERATOR)
    operator2 = upsert_organisation(
        slug="charge-operateur-cohorte", name="Opérateur cohorte (charge)", kind=Organisation.Kind.OPERATOR
    )
    funder = upsert_organisation(slug="charge-financeur", name="Région (charge)", kind=Organisation.Kind.FUNDER)
    prescriber = upsert_organisation(
        slug="charge-prescripteur",
        name="France Travail (charge)",
        kind=Organisation.Kind.PRESCRIBER,
        network=Organisation.Network.FRANCE_TRAVAIL,
    )
    live = upsert_programme(
        slug=LIVE,
        name="Programme en direct (charge)",
        operator=operator,
        funder=funder,
        prescribers=[prescriber],
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=365),
    )
    upsert_programme(
        slug=COHORT,
        name="Cohorte générée (charge)",
        operator=operator2,
        funder=funder,
        prescribers=[prescriber],
        starts_on=today - datetime.timedelta(days=3 * 365),
        ends_on=today,
    )

    def person(kind: str, number: int, organisation, role):
        user = upsert_user(
            email=f"{kind}-{number:03d}@charge.invalid",
            first_name=kind.capitalize(),
            last_name=f"{number:03d}",
            password=PASSWORD,
        )
        grant_role(user=user, organisation=organisation, role=role)
        return user

    coach_users = [person("consultant", n, operator, Role.COACH) for n in range(1, coaches + 1)]
    keys = {user.pk: _authenticator(user) for user in coach_users}
    funder_users = [person("financeur", n, funder, Role.FUNDER_VIEWER) for n in range(1, funders + 1)]
    accounts = {
        "password": PASSWORD,
        "live_programme": LIVE,
        "cohort_programme": COHORT,
        "instruments": list(INSTRUMENTS),
        "beneficiaries": [],
        "coaches": [{"email": user.email, "enrolments": [], "totp_key": keys[user.pk]} for user in coach_users],
        "funders": [{"email": user.email} for user in funder_users],
        "lockout_email": LOCKOUT_EMAIL,
    }
    for number in range(1, beneficiaries + 1):
        user = person("beneficiaire", number, operator, Role.BENEFICIARY)
        index = (number - 1) % coaches
        enrolment = journeys.enrol_with_consent(
            programme=live, beneficiary=user, coach=coach_users[index], prescriber=prescriber
        )
        accounts["beneficiaries"].append({"email": user.email, "enrolment": enrolment.pk})
        accounts["coaches"][index]["enrolments"].append(enrolment.pk)
    lockout = upsert_user(email=LOCKOUT_EMAIL, first_name="Verrou", last_name="Essai", password=PASSWORD)
    grant_role(user=lockout, organisation=operator, role=Role.BENEFICIARY)
    if cohort:
        started = time.perf_counter()
        call_command("generate_cohort", COHORT, size=cohort, seed=11, stdout=open(os.devnull, "w"))  # noqa: SIM115
        accounts["cohort_seconds"] = round(time.perf_counter() - started, 1)
    accounts["cohort_size"] = cohort
    return accounts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=60)
    parser.add_argument("--coaches", type=int, default=5)
    parser.add_argument("--funders", type=int, default=1)
    parser.add_argument("--cohort", type=int, default=20_000, help="size of the generated programme (0: none)")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.coaches < 1 or args.beneficiaries < 1:
        parser.error("at least one coach and one beneficiary")
    _setup()
    accounts = seed(beneficiaries=args.beneficiaries, coaches=args.coaches, funders=args.funders, cohort=args.cohort)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    print(
        f"seeded {len(accounts['beneficiaries'])} beneficiaries, {len(accounts['coaches'])} coaches, "
        f"{len(accounts['funders'])} funders, a generated cohort of {args.cohort}"
    )


if __name__ == "__main__":
    main()
