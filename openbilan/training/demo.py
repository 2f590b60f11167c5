"""`manage.py load_demo` hook: the demo feed of training offers (data/training/demo/), written for the demo from
real current certifications and real Normandie communes, with fictitious organisations. Every page that shows one of
its sessions says "session de démonstration".

Its dates are moved, by whole weeks, so that the first session starts about four weeks after the day of loading: the
demo keeps showing upcoming sessions whatever the date. Safe to run twice (the same day, nothing changes).
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone

from openbilan.training import services

DEMO_FILE = settings.BASE_DIR / "data" / "training" / "demo" / "offres-demo-normandie.lheo.xml"
FEED_KEY = "demo-normandie"
FEED_LABEL = "Offres de démonstration (Normandie)"
LEAD = datetime.timedelta(weeks=4)
DATE = re.compile(rb"<(debut|fin)>(\d{8})</(?:debut|fin)>")


def shifted(raw: bytes, today: datetime.date) -> bytes:
    """The file with every session date moved by the same number of weeks, the first start LEAD after `today`."""
    dates = [datetime.datetime.strptime(m[2].decode(), "%Y%m%d").date() for m in DATE.finditer(raw)]
    starts = [d for m, d in zip(DATE.finditer(raw), dates, strict=True) if m[1] == b"debut"]
    weeks = ((today + LEAD) - min(starts)).days // 7
    offset = datetime.timedelta(weeks=weeks)

    def move(match: re.Match) -> bytes:
        moved = datetime.datetime.strptime(match[2].decode(), "%Y%m%d").date() + offset
        return b"<%s>%s</%s>" % (match[1], moved.strftime("%Y%m%d").encode(), match[1])

    return DATE.sub(move, raw)


def load(context) -> None:
    raw = shifted(DEMO_FILE.read_bytes(), timezone.localdate())
    services.import_training_offers(path=DEMO_FILE, key=FEED_KEY, label=FEED_LABEL, is_demo=True, raw=raw)
