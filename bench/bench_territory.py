"""Where the jobs are: full import of data/geo and data/labour_market, the demand selector, and the occupation page
with its demand section for a person living in Caen (30 km) and for a visitor who picked a bassin.

Target (issue 20): the occupation page with demand under 50 ms.
"""

from bench.clients import signed_in
from bench.timing import measure

CODES = ["J1501", "K2111", "M1607", "D1102", "K1207", "N4101", "G1602", "H2913", "M1805", "J1506"]
CODES += ["K1302", "A1414", "F1703", "I1203", "M1203", "N1103", "G1603", "K2204", "D1214", "J1301"]


def run():
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from openbilan.referential import services as referential
    from openbilan.referential.models import Occupation
    from openbilan.territory import selectors, services
    from openbilan.www.territory import presenters
    from tests.accounts.factories import beneficiary

    data = settings.BASE_DIR / "data"
    if not referential.is_imported(directory=data / "referential"):
        referential.import_referential(directory=data / "referential")
    results = [
        measure(
            "import_geo, full data, first run", lambda: services.import_geo(directory=data / "geo"), runs=1, warmup=0
        ),
        measure(
            "import_labour_market, full data (2 BMO surveys), first run",
            lambda: services.import_labour_market(directory=data / "labour_market"),
            runs=1,
            warmup=0,
        ),
        measure(
            "territory reference check, nothing changed (make run)",
            lambda: (
                services.is_up_to_date(directory=data / "geo")
                and services.is_up_to_date(directory=data / "labour_market")
            ),
            runs=5,
            warmup=1,
        ),
        measure(
            "demand_for, 1 occupation in a bassin (selector)",
            lambda: selectors.demand_for(["J1501"], bassin_code="2817"),
            runs=50,
        ),
        measure(
            "demand_for, 20 occupations with 3 bassins within reach (selector)",
            lambda: selectors.demand_for(CODES, bassin_code="2817", nearby_bassins=("2818", "2819", "2820")),
            runs=50,
            note="6 SQL queries whatever the number of occupations",
        ),
        measure(
            "demand_levels, every occupation in a bassin (selector, once per person for a ranking)",
            lambda: selectors.demand_levels(bassin_code="2817"),
            runs=30,
        ),
    ]
    person = beneficiary(email="bench-territory@example.org")
    services.set_place(person=person, postcode="14000", commune_code="14118", travel_km=30)
    client = signed_in(person)
    with CaptureQueriesContext(connection) as queries:
        client.get("/metiers/J1501/")
    request = RequestFactory().get("/metiers/J1501/")
    request.user, request.session = person, SessionStore()
    occupation = Occupation.objects.get(code_rome="J1501")
    visitor = signed_in(beneficiary(email="bench-visitor@example.org"))
    visitor.logout()
    results += [
        measure(
            "occupation page J1501 with the demand of the person's bassin (request)",
            lambda: client.get("/metiers/J1501/"),
            runs=30,
            note=f"target < 50 ms; {len(queries.captured_queries)} SQL queries (the page's own included)",
        ),
        measure(
            "the demand section alone, J1501 for the person (presenter: 7 SQL queries)",
            lambda: presenters.occupation_demand(request, occupation),
            runs=50,
        ),
        measure(
            "occupation page M1607 (3 families) with demand (request)",
            lambda: client.get("/metiers/M1607/"),
            runs=30,
        ),
        measure(
            "occupation page J1501, a visitor with no bassin yet (request; the page's own cost)",
            lambda: Client().get("/metiers/J1501/"),
            runs=30,
        ),
        measure(
            "occupation page J1501, a visitor's bassin (request)",
            lambda: visitor.get("/metiers/J1501/", {"bassin": "2801"}),
            runs=30,
        ),
    ]
    return results
