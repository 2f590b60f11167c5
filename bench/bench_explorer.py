"""Occupation explorer: full import of data/referential, then the server time of a search over the 13,120 titles.

Target (issue 3): median server time of a search under 20 ms on SQLite.
"""

import itertools
import time

from bench.timing import Measure, measure

QUERIES = ["aide soignant", "éducateur spécialisé", "AESH", "soigneuse animaliere", "infirmier", "conducteur", "vente"]


def _timed_once(name: str, fn, note: str = "") -> Measure:
    start = time.perf_counter()
    fn()
    elapsed = (time.perf_counter() - start) * 1000
    return Measure(name, 1, elapsed, elapsed, note)


def run():
    from django.conf import settings
    from django.test import Client

    from openbilan.referential import selectors, services

    data = settings.BASE_DIR / "data" / "referential"
    results = [
        _timed_once("import_referential, full data, first run", lambda: services.import_referential(directory=data)),
        _timed_once(
            "import_referential, full data, second run (no change)", lambda: services.import_referential(directory=data)
        ),
    ]
    queries = itertools.cycle(QUERIES)
    client = Client()
    pages = itertools.cycle(QUERIES)
    results += [
        measure(
            "explorer search over 13,120 titles (selector)",
            lambda: selectors.search_occupations(next(queries)),
            runs=70,
            note="target < 20 ms; queries: " + ", ".join(QUERIES),
        ),
        measure(
            "explorer search, htmx fragment (request)",
            lambda: client.get("/metiers/", {"q": next(pages)}, headers={"HX-Request": "true"}),
            runs=70,
        ),
        measure("explorer search, full page (request)", lambda: client.get("/metiers/", {"q": next(pages)}), runs=35),
        measure("occupation page J1501 (request)", lambda: client.get("/metiers/J1501/"), runs=30),
    ]
    return results
