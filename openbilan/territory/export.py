"""The territory domain's part of the person's data export (GDPR art. 15 and 20): openbilan/privacy/export.py
finds this module like every domain's `export.py` and writes `part()` as `territory.json` in the ZIP (each list also
as a CSV file)."""

from openbilan.accounts.models import User
from openbilan.territory.selectors import place_of

NAME = "territory"


def part(person: User) -> dict:
    """The person's part of their data export (right of access and portability)."""
    view = place_of(person)
    if view is None:
        return {"place": None}
    area = view.area
    return {
        "place": {
            "postcode": view.place.postcode,
            "commune": {"code": area.commune.insee_code, "name": area.commune.name},
            "bassin": {"code": area.bassin.code, "name": area.bassin.name} if area.bassin else None,
            "zone_emploi": {"code": area.zone_emploi.code, "name": area.zone_emploi.name} if area.zone_emploi else None,
            "departement": area.departement.code,
            "travel_km": view.place.travel_km,
            "job_level": view.place.job_level,
            "updated_at": view.place.updated_at.isoformat(),
        }
    }
