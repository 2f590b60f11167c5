"""The funder's dashboard and the programme report on large cohorts: 10,000 and 100,000 enrolments (the database of
DATABASE_URL: `scripts/with-postgres.sh .venv/bin/python -m bench bench_reporting` for PostgreSQL), generated with
`generate_cohort` (bulk inserts, every status backed by its transitions).

The funder reads a frozen publication; making one (every count, the joint protection) is what the daily task pays,
and the operator's live dashboard reads the live counts of one breakdown at a time. The PDF of a publication is made
once and kept (cache, under its HTML's digest): both the first rendering and the download are measured.
BENCH_REPORTING_SIZES (e.g. "10000") limits the sizes."""

import os
import time

from bench.clients import signed_in
from bench.timing import Measure, measure

SIZES = (10_000, 100_000)


def _sizes():
    text = os.environ.get("BENCH_REPORTING_SIZES", "")
    return [int(part) for part in text.split(",") if part.strip()] if text else list(SIZES)


def _queries(fn) -> str:
    """The number of SQL queries of one call, and the slowest one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    slowest = max((float(query["time"]) for query in captured.captured_queries), default=0.0)
    return f"{len(captured.captured_queries)} SQL queries, the slowest {slowest * 1000:.0f} ms"


def run():
    import datetime

    from django.core.cache import cache
    from django.test import Client

    from openbilan.accounts import services as accounts
    from openbilan.accounts.models import Organisation, Role
    from openbilan.programmes import services, synthetic
    from openbilan.reporting import services as reporting
    from openbilan.territory import reference
    from openbilan.territory import services as territory
    from openbilan.www.reporting import documents

    territory.import_geo(directory=reference.GEO_DIR)  # the communes of the postcodes: the zones d'emploi (make run)
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
    admin = accounts.upsert_user(email="operateur@bench.invalid", first_name="O", last_name="A")
    accounts.grant_role(user=admin, organisation=operator, role=Role.OPERATOR_ADMIN)
    operator_client = signed_in(admin)

    measures = []
    for size in _sizes():
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
        started = time.perf_counter()
        publication = reporting.ensure_publication(programme)
        elapsed = (time.perf_counter() - started) * 1000
        measures.append(
            Measure(
                f"make a publication (every count, joint protection), {size:,} enrolments",
                1,
                elapsed,
                elapsed,
                "what publish_reports pays once a month",
            )
        )
        assert client.get(url).status_code == 200
        runs = 10 if size <= 10_000 else 5
        report = publication.report
        measures += [
            measure(f"funder dashboard (publication), {size:,} enrolments", lambda url=url: client.get(url), runs=runs),
            measure(
                f"report data and joint protection, live (all breakdowns), {size:,} enrolments",
                lambda programme=programme: documents.programme_report(programme),
                runs=3,
                warmup=0,
                note="what a publication computes",
            ),
            measure(
                f"full report page (HTML, publication), {size:,} enrolments",
                lambda url=url: client.get(url + "rapport/"),
                runs=runs,
                warmup=1,
            ),
            measure(
                f"XLSX export (openpyxl, publication), {size:,} enrolments",
                lambda url=url: client.get(url + "chiffres.xlsx"),
                runs=runs,
                warmup=1,
            ),
            measure(
                f"operator's live dashboard (headline and one breakdown, live counts), {size:,} enrolments",
                lambda url=url: operator_client.get(url),
                runs=runs,
                warmup=1,
                note=_queries(lambda url=url: operator_client.get(url)),
            ),
            measure(
                f"operator's live breakdown switch (htmx, zone d'emploi within département), {size:,} enrolments",
                lambda url=url: operator_client.get(url + "?segment=zone_emploi", headers={"HX-Request": "true"}),
                runs=runs,
                warmup=1,
                note=_queries(
                    lambda url=url: operator_client.get(url + "?segment=zone_emploi", headers={"HX-Request": "true"})
                ),
            ),
            measure(
                f"PDF report, first rendering (WeasyPrint, publication), {size:,} enrolments",
                lambda report=report, publication=publication: (
                    cache.clear(),
                    documents.report_pdf(report, publication),
                ),
                runs=3,
                warmup=1,
                note="every breakdown; made once per publication, then kept",
            ),
            measure(
                f"PDF report download (publication, PDF kept), {size:,} enrolments",
                lambda url=url: client.get(url + "rapport.pdf"),
                runs=runs,
                warmup=1,
                note="target under a second",
            ),
            measure(
                f"one-page summary PDF, first rendering, {size:,} enrolments",
                lambda report=report, publication=publication: (
                    cache.clear(),
                    documents.report_pdf(report, publication, summary=True),
                ),
                runs=3,
                warmup=1,
            ),
        ]
    return measures
