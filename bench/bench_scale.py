"""The funder's dashboard and the programme report for programmes of 10,000, 100,000 and 1,000,000 enrolments, on
PostgreSQL only (on SQLite this module measures nothing and says so: `make bench` runs under scripts/with-postgres.sh).

One programme grows from size to size with `manage.py generate_cohort` (people in every state, outcomes, evaluations;
about 20 minutes and several GB of memory for the million on 2 cores), then the tables are analysed
(`VACUUM ANALYZE`, what autovacuum does in production) and each page is measured server-side through Django's test
client as a funder viewer:
- the dashboard (`/rapports/<slug>/`: headline, follow-ups, satisfaction, one breakdown and the quarters);
- the dashboard's breakdown switch (the htmx request: one breakdown);
- the programme report as JSON (`/rapports/<slug>/rapport.json`: every breakdown), the base of the PDF and exports;
- the funder's home (the list of funded programmes with their counts).

BENCH_SCALE_SIZES (e.g. "10000,100000") limits the sizes, for a quicker run.
"""

import datetime
import os
import time

from bench.timing import measure

SIZES = (10_000, 100_000, 1_000_000)
SLUG = "mesure-echelle"


def _sizes() -> list[int]:
    text = os.environ.get("BENCH_SCALE_SIZES", "")
    return [int(part) for part in text.split(",") if part.strip()] if text else list(SIZES)


def _setup():
    from openbilan.accounts.models import Organisation, Role
    from openbilan.accounts.services import grant_role, upsert_organisation, upsert_user
    from openbilan.programmes.services import upsert_programme

    operator = upsert_organisation(slug="mesure-operateur", name="Opérateur (mesure)", kind=Organisation.Kind.OPERATOR)
    funder = upsert_organisation(slug="mesure-financeur", name="Financeur (mesure)", kind=Organisation.Kind.FUNDER)
    prescribers = [
        upsert_organisation(
            slug=f"mesure-prescripteur-{network}",
            name=f"Prescripteur {network} (mesure)",
            kind=Organisation.Kind.PRESCRIBER,
            network=network,
        )
        for network in Organisation.Network.values[:4]
    ]
    programme = upsert_programme(
        slug=SLUG,
        name="Programme national (mesure)",
        operator=operator,
        funder=funder,
        prescribers=prescribers,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    viewer = upsert_user(email="financeur@mesure.invalid", first_name="Financeur", last_name="Mesure")
    grant_role(user=viewer, organisation=funder, role=Role.FUNDER_VIEWER)
    return programme, viewer


def _queries(client, path: str, **headers) -> tuple[int, float]:
    """How many SQL queries a page makes, and the slowest one (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
    slowest = max((float(query["time"]) for query in captured.captured_queries), default=0.0)
    return len(captured.captured_queries), slowest * 1000


def run():
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        print("  bench_scale measures PostgreSQL only: run `make bench` (scripts/with-postgres.sh)", flush=True)
        return []
    _programme, viewer = _setup()
    client = Client()
    client.force_login(viewer)
    dashboard = f"/rapports/{SLUG}/"
    pages = [
        ("funder dashboard", dashboard, {}),
        ("dashboard breakdown switch (htmx)", f"{dashboard}?segment=qualification_level", {"HTTP_HX_REQUEST": "true"}),
        ("programme report (JSON)", f"/rapports/{SLUG}/rapport.json", {}),
        ("funder home", "/financeur/", {}),
    ]
    measures = []
    for size in _sizes():
        started = time.perf_counter()
        call_command("generate_cohort", SLUG, size=size, seed=2026, stdout=open(os.devnull, "w"))  # noqa: SIM115
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:
            for table in ("programmes_enrolment", "programmes_outcome", "programmes_evaluation"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"  {size:,} enrolments ready ({generated:.0f} s to generate)", flush=True)
        runs = 20 if size <= 10_000 else 10 if size <= 100_000 else 5
        for label, path, headers in pages:
            count, slowest = _queries(client, path, **headers)
            measures.append(
                measure(
                    f"{label}, {size:,} enrolments (PostgreSQL)",
                    lambda path=path, headers=headers: client.get(path, **headers),
                    runs=runs,
                    warmup=1,
                    note=f"{count} SQL queries, the slowest {slowest:.0f} ms",
                )
            )
    return measures
