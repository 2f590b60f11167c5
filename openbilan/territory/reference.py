"""`manage.py load_reference_data` hook: import the compact copies shipped under data/geo and data/labour_market.

Quick when nothing changed: each file's checksum is compared with the one stored by the last import.
"""

from django.conf import settings
from django.utils.translation import gettext

from openbilan.territory import services

GEO_DIR = settings.BASE_DIR / "data" / "geo"
LABOUR_MARKET_DIR = settings.BASE_DIR / "data" / "labour_market"


def load(stdout) -> None:
    if services.is_up_to_date(directory=GEO_DIR) and services.is_up_to_date(directory=LABOUR_MARKET_DIR):
        stdout.write(gettext("Communes et besoins de recrutement déjà à jour (mêmes fichiers)."))
        return
    for report in (
        services.import_geo(directory=GEO_DIR),
        services.import_labour_market(directory=LABOUR_MARKET_DIR),
    ):
        for line in services.describe_report(report):
            stdout.write(line)
