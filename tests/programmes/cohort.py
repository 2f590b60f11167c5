"""Cohort files for the tests: a few rows written by hand, and the seed's pilot (100 people) generated."""

import datetime
import itertools

from openbilan.programmes.cohort_csv import COLUMNS

BASE = {
    "external_id": "",
    "first_name": "Camille",
    "last_name": "Durand",
    "email": "",
    "phone": "",
    "birth_date": "1990-04-12",
    "postcode": "14000",
    "prescriber_name": "France Travail Caen",
    "prescriber_kind": "france_travail",
    "referred_on": "2021-06-15",
    "qualification_level": "4",
    "qpv": "no",
    "zrr": "no",
    "single_parent": "",
    "social_minima": "none",
    "job_seeker_since": "2020-09-01",
    "status": "",
    "status_on": "",
    "drop_reason": "",
    "outcome": "",
    "outcome_on": "",
    "outcome_rome_code": "",
}


def row(n: int, **values) -> dict:
    """A valid row for person number `n` (unique id, e-mail and name)."""
    return {
        **BASE,
        "external_id": f"P{n:04d}",
        "first_name": f"Prénom{n}",
        "last_name": f"Nom{n}",
        "email": f"personne{n}@exemple.fr",
        **values,
    }


def csv_bytes(rows: list[dict], columns=COLUMNS) -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if "," in value or '"' in value else value

    lines = [",".join(columns)] + [",".join(cell(str(r.get(c, ""))) for c in columns) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


# The seed's pilot (chance-normandie-pilot.txt): 100 people; 63 completed, 24 still in progress, 13 stopped; among
# the 63 who completed: 13 employed, 11 in training, 5 creating a business, 11 job seeking, 23 validating.
PILOT_OUTCOMES = (
    [("employed_durable", "K2111")] * 8
    + [("employed_transition", "J1501")] * 5
    + [("training", "")] * 11
    + [("business_creation", "")] * 5
    + [("job_seeking", "")] * 11
    + [("validating_project", "")] * 23
)
PRESCRIBERS = (
    ("France Travail Caen", "france_travail"),
    ("France Travail Rouen", "france_travail"),
    ("Mission locale de Rouen", "mission_locale"),
    ("APEC Normandie", "apec"),
    ("Cap emploi Calvados", "cap_emploi"),
)


def pilot_rows() -> list[dict]:
    rows = []
    qualifications = itertools.cycle(["infra3", "3", "3", "4", "4", "5", "6", "7"])
    minima = itertools.cycle(["none", "rsa", "none", "ass", "none", "aah", "rsa", "none", ""])
    start = datetime.date(2021, 6, 1)
    for n in range(1, 101):
        referred = start + datetime.timedelta(days=(n * 3) % 120)
        prescriber, kind = PRESCRIBERS[n % len(PRESCRIBERS)]
        values = {
            "birth_date": datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 27).isoformat(),
            "postcode": f"{(14, 27, 50, 61, 76)[n % 5]}{n:03d}",
            "prescriber_name": prescriber,
            "prescriber_kind": kind,
            "referred_on": referred.isoformat(),
            "qualification_level": next(qualifications),
            "qpv": ("yes", "no", "no", "")[n % 4],
            "zrr": ("no", "yes", "no", "no", "")[n % 5],
            "single_parent": ("no", "no", "yes")[n % 3],
            "social_minima": next(minima),
            "job_seeker_since": (referred - datetime.timedelta(days=90 + 37 * n)).isoformat(),
        }
        if n <= 63:
            outcome, rome = PILOT_OUTCOMES[n - 1]
            ended = referred + datetime.timedelta(days=90)
            values.update(
                status="completed",
                status_on=ended.isoformat(),
                outcome=outcome,
                outcome_on=ended.isoformat(),
                outcome_rome_code=rome,
            )
        elif n <= 87:
            values.update(
                status="paused" if n % 6 == 0 else "active",
                status_on=(referred + datetime.timedelta(days=5)).isoformat(),
            )
        else:
            values.update(
                status="dropped", status_on=(referred + datetime.timedelta(days=30)).isoformat(), drop_reason="personal"
            )
        rows.append(row(n, **values))
    return rows


def add_prescribers(programme) -> None:
    """List the prescribers the test files name on the programme: a cohort file may only name the programme's own
    prescribers (issue 16, finding 3)."""
    from django.utils.text import slugify

    from openbilan.accounts.models import Organisation

    for name, network in PRESCRIBERS:
        org, _created = Organisation.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": Organisation.Kind.PRESCRIBER, "network": network}
        )
        programme.prescribers.add(org)
