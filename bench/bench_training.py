"""Certifications and training offers: the import of data/training, the occupation page with its certifications and
sessions, and a generated regional LHEO feed of 20,000 sessions.

Targets (issue 21): the occupation page with its certifications and sessions under 50 ms; a regional feed of 20,000
sessions imported in under a minute.
"""

import dataclasses
import datetime
import random
import tempfile
import time
from pathlib import Path

from bench.timing import Measure, measure

SESSIONS = 20_000
SESSIONS_PER_FORMATION = 4
# Normandie communes with their point (INSEE commune code, name, postcode, latitude, longitude).
COMMUNES = [
    ("14118", "Caen", "14000", 49.184982, -0.3698975),
    ("76540", "Rouen", "76000", 49.441494, 1.0935717),
    ("76351", "Le Havre", "76600", 49.498444, 0.14093827),
    ("50129", "Cherbourg-en-Cotentin", "50100", 49.631756, -1.6209091),
    ("61001", "Alençon", "61000", 48.43152, 0.09161449),
    ("27229", "Évreux", "27000", 49.019783, 1.1415249),
    ("14366", "Lisieux", "14100", 49.147026, 0.23819345),
    ("50502", "Saint-Lô", "50000", 49.10986, -1.0773956),
    ("76217", "Dieppe", "76200", 49.921837, 1.0871824),
    ("14047", "Bayeux", "14400", 49.277824, -0.70515823),
]


def _timed_once(name: str, fn, note: str = "") -> Measure:
    start = time.perf_counter()
    fn()
    elapsed = (time.perf_counter() - start) * 1000
    return Measure(name, 1, elapsed, elapsed, note)


def regional_feed(codes: list[str], sessions: int = SESSIONS, seed: int = 21) -> bytes:
    """An LHEO 2.3 feed of `sessions` sessions (four per formation, one action each) preparing real certification
    codes, in Normandie communes, starting within the next year."""
    from openbilan.training import lheo_writer

    rng = random.Random(seed)
    today = datetime.date.today()
    places = [lheo_writer.Where(*commune) for commune in COMMUNES]
    organisations = [
        lheo_writer.OrganisationSpec(numero=f"org-{n}", name=f"Organisme régional {n}", place=rng.choice(places))
        for n in range(150)
    ]
    offers = []
    for index in range(sessions // SESSIONS_PER_FORMATION):
        code = rng.choice(codes)
        offers.append(
            lheo_writer.OfferSpec(
                numero=f"f-{index}",
                title=f"Formation {code}",
                certification=code,
                organisation=rng.choice(organisations),
                sessions=tuple(
                    lheo_writer.SessionSpec(
                        numero=f"f-{index}-{n}",
                        start=(start := today + datetime.timedelta(days=rng.randint(1, 365))),
                        end=start + datetime.timedelta(days=rng.randint(60, 600)),
                        place=rng.choice(places),
                    )
                    for n in range(SESSIONS_PER_FORMATION)
                ),
                hours=(700, 500, 200),
                funders=(("2", 12), ("4", None)),
                cpf_code=code[-5:],
                programme="Programme régional de formation",
            )
        )
    return lheo_writer.write_feed(offers, indent=False)


def demo_feed_multiplied(sessions: int = SESSIONS) -> tuple[bytes, int]:
    """The demo feed (data/training/demo/), its formations copied until `sessions` is reached, each copy with its own
    formation, action and session ids: the real file's shape (contacts, addresses, funders, extras) at a region's
    size. Returns the feed and its session count (a whole number of copies, so at least `sessions`)."""
    from django.utils import timezone

    from openbilan.training import demo

    raw = demo.shifted(demo.DEMO_FILE.read_bytes(), timezone.localdate())
    head, rest = raw.split(b"<offres>", 1)
    body, tail = rest.split(b"</offres>", 1)
    per_copy = body.count(b"<session ")
    copies = -(-sessions // per_copy)
    parts = [body.replace(b'numero="demo-', b'numero="r%d-' % copy) for copy in range(copies)]
    return head + b"<offres>" + b"".join(parts) + b"</offres>" + tail, copies * per_copy


def run():
    from django.conf import settings
    from django.test import Client

    from openbilan.referential import services as referential
    from openbilan.referential.models import Occupation
    from openbilan.training import reference, selectors, services
    from openbilan.training.models import Bloc, Certification, CertificationRomeCode, Certifier, Session, Status

    if not Occupation.objects.exists():
        referential.import_referential(directory=settings.BASE_DIR / "data" / "referential")
    first = _timed_once(
        "import_certifications, data/training, first run",
        lambda: services.import_certifications(path=reference.EXPORT_DIR, title_files=reference.TITLE_FILES),
    )
    counts = [model.objects.count() for model in (Certification, CertificationRomeCode, Bloc, Certifier)]
    results = [
        dataclasses.replace(
            first, note="{:,} certifications, {:,} ROME links, {:,} blocs, {:,} certifiers".format(*counts)
        ),
        _timed_once(
            "import_certifications, data/training, second run (no change)",
            lambda: services.import_certifications(path=reference.EXPORT_DIR, title_files=reference.TITLE_FILES),
        ),
    ]
    codes = list(
        Certification.objects.filter(status=Status.CURRENT, registry="RNCP")
        .exclude(title="")
        .values_list("code", flat=True)
    )
    folder = Path(tempfile.mkdtemp(prefix="openbilan-bench-lheo-"))
    path = folder / "region.xml"
    path.write_bytes(regional_feed(codes))
    size = path.stat().st_size / 1e6
    results.append(
        _timed_once(
            f"import_training_offers, generated regional feed of {SESSIONS:,} sessions",
            lambda: services.import_training_offers(path=path, key="bench-region", label="Région (bench)"),
            note=f"{size:.0f} MB of LHEO 2.3: schema validation, reading, replacing the feed; target < 60 s",
        )
    )
    assert Session.objects.filter(feed__key="bench-region").count() == SESSIONS
    multiplied, count = demo_feed_multiplied()
    path.write_bytes(multiplied)
    results.append(
        _timed_once(
            f"import_training_offers, the demo feed copied to {count:,} sessions",
            lambda: services.import_training_offers(path=path, key="bench-demo-copies", label="Démo (bench)"),
            note=f"{path.stat().st_size / 1e6:.0f} MB: data/training/demo/ with distinct ids; target < 60 s",
        )
    )
    assert Session.objects.filter(feed__key="bench-demo-copies").count() == count
    client = Client()
    caen = (49.184982, -0.3698975)
    counts = {code: len(selectors.certifications_for_occupation(code) or []) for code in ("K1207", "M1805", "J1501")}
    sessions_k1207 = selectors.session_count([c.code for c in selectors.certifications_for_occupation("K1207")])
    results += [
        measure(
            "occupation page E1307, no certification (request)",
            lambda: client.get("/metiers/E1307/"),
            runs=30,
            note="the same page with an empty training section (one query): the baseline of this run",
        ),
        measure(
            "occupation page K1207 with its certifications and sessions (request)",
            lambda: client.get("/metiers/K1207/"),
            runs=30,
            note=f"{counts['K1207']} current certifications, {sessions_k1207} upcoming sessions among "
            f"{SESSIONS:,}; target < 50 ms",
        ),
        measure(
            "occupation page M1805 with its certifications and sessions (request)",
            lambda: client.get("/metiers/M1805/"),
            runs=30,
            note=f"{counts['M1805']} current certifications; target < 50 ms",
        ),
        measure(
            "occupation page J1501 with its certifications and sessions (request)",
            lambda: client.get("/metiers/J1501/"),
            runs=30,
            note=f"{counts['J1501']} current certifications; target < 50 ms",
        ),
        measure(
            "training_paths K1207, level 4 +/- 1, at most 24 months (selector)",
            lambda: selectors.training_paths("K1207", level=4, max_months=24),
            runs=30,
        ),
        measure(
            "upcoming sessions of 20 certifications within 30 km of Caen (selector)",
            lambda: selectors.upcoming_sessions(codes[:20], point=caen, radius_km=30),
            runs=30,
        ),
    ]
    services_feed = Session.objects.filter(feed__key="bench-region")
    services_feed.delete()
    path.unlink()
    folder.rmdir()
    return results
