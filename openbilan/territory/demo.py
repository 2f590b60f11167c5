"""`manage.py load_demo` hook: Stéphanie, the demo beneficiary, lives in Caen (14000) and can travel 30 km, so the
occupation pages show the hiring demand of her bassin and of the bassins within reach.

Set through the service, as the person's own page does. Safe to run twice (the place is updated in place); skipped
when the communes are not loaded."""

from openbilan.territory import services
from openbilan.territory.models import Commune

POSTCODE = "14000"
COMMUNE = "14118"  # Caen
TRAVEL_KM = 30


def load(context) -> None:
    if not Commune.objects.filter(insee_code=COMMUNE).exists():
        return
    services.set_place(
        person=context.users["beneficiary"], postcode=POSTCODE, commune_code=COMMUNE, travel_km=TRAVEL_KM
    )
