"""The programme report PDF of the demo programme (`load_demo`: about 100 people, every breakdown): what the funder
waits for when they click "PDF", and what WeasyPrint pays to lay the document out the first time.

A publication is frozen, so its PDF is made once and kept in the cache under the digest of its HTML
(openbilan/www/reporting/documents.py, report_pdf); the target is a download under a second."""

import time

from bench.timing import measure


def run():
    from django.core.cache import cache
    from django.test import Client

    from openbilan.accounts import services as accounts
    from openbilan.accounts.models import Role
    from openbilan.demo import load_demo
    from openbilan.reporting import services as reporting
    from openbilan.territory import reference
    from openbilan.territory import services as territory
    from openbilan.www.reporting import documents

    territory.import_geo(directory=reference.GEO_DIR)  # the communes of the postcodes: the zones d'emploi (make run)
    context = load_demo()
    programme = context.programme
    publication = reporting.ensure_publication(programme)
    report = publication.report
    viewer = accounts.upsert_user(email="financeur-pdf@bench.invalid", first_name="F", last_name="P")
    accounts.grant_role(user=viewer, organisation=programme.funder, role=Role.FUNDER_VIEWER)
    client = Client()
    client.force_login(viewer)
    url = f"/rapports/{programme.slug}/rapport.pdf"

    def cold():
        cache.clear()
        return documents.report_pdf(report, publication)

    pdf = cold()
    started = time.process_time()
    cold()
    cpu = (time.process_time() - started) * 1000
    measures = [
        measure(
            "report PDF of the demo programme, first rendering (WeasyPrint)",
            cold,
            runs=5,
            warmup=0,
            note=f"{len(pdf) // 1024} KB; one rendering's process CPU time {cpu:.0f} ms (wall time counts the load)",
        ),
    ]
    assert client.get(url).status_code == 200
    measures.append(
        measure(
            "report PDF of the demo programme, download (publication, PDF kept)",
            lambda: client.get(url),
            runs=20,
            warmup=1,
            note="the funder's click: the report read, its HTML rendered and hashed, the PDF read from the cache; "
            "target under a second",
        )
    )
    return measures
