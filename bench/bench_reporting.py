"""The funder's dashboard and the programme report on large cohorts: 10,000 and 100,000 enrolments (SQLite by
default), generated with `generate_cohort` (bulk inserts, every status backed by its transitions)."""

import time

from bench.timing import Measure, measure

SIZES = (10_000, 100_000)


def run():
    import datetime

    from django.test import Client

    from openbilan.accounts import services as accounts
    from openbilan.accounts.models import Organisation, Role
    from openbilan.programmes import services, synthetic
    from openbilan.www.reporting import documents

    operator = accounts.upsert_organisation(
        slug="bench-operateur", name="Bench opérateur", kind=Organisation.Kind.OPERATOR
    )
    funder = accounts.upsert_organisation(slug="bench-region", name="Bench Région", kind=Organisation.Kind.FUNDER)
    prescribers = [
        accounts.upsert_organisation(
            slug=f"bench-prescripteur-{network}",
            name=f"Bench {network}",
            kind=Organisation.Kind.PRESCRIBER,
            network=network,
        )
        for network in Organisation.Network.values
    ]
    viewer = accounts.upsert_user(email="financeur@bench.invalid", first_name="F", last_name="V")
    accounts.grant_role(user=viewer, organisation=funder, role=Role.FUNDER_VIEWER)
    client = Client()
    client.force_login(viewer)

    measures = []
    for size in SIZES:
        programme = services.upsert_programme(
            slug=f"bench-{size}",
            name=f"Bench {size}",
            operator=operator,
            funder=funder,
            prescribers=prescribers,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
        started = time.perf_counter()
        result = synthetic.generate(programme=programme, size=size, seed=size, prefix="bench")
        elapsed = (time.perf_counter() - started) * 1000
        measures.append(
            Measure(f"generate_cohort --size {size:,}", 1, elapsed, elapsed, f"{result.created:,} people, bulk inserts")
        )
        url = f"/rapports/{programme.slug}/"
        assert client.get(url).status_code == 200
        runs = 10 if size <= 10_000 else 5
        measures += [
            measure(f"funder dashboard, {size:,} enrolments", lambda url=url: client.get(url), runs=runs, warmup=1),
            measure(
                f"funder dashboard, another breakdown (htmx), {size:,} enrolments",
                lambda url=url: client.get(url + "?segment=prescriber", HTTP_HX_REQUEST="true"),
                runs=runs,
                warmup=1,
            ),
            measure(
                f"programme report data (all breakdowns), {size:,} enrolments",
                lambda programme=programme: documents.programme_report(programme),
                runs=runs,
                warmup=1,
                note="what programme_report --format json computes",
            ),
            measure(
                f"programme report page (HTML), {size:,} enrolments",
                lambda url=url: client.get(url + "rapport/"),
                runs=runs,
                warmup=1,
            ),
            measure(
                f"aggregates XLSX export, {size:,} enrolments",
                lambda url=url: client.get(url + "chiffres.xlsx"),
                runs=runs,
                warmup=1,
            ),
        ]
    return measures
