import pytest

from openbilan.journeys import services
from openbilan.journeys.models import BeliefEntry, DriverEntry, TimelineEntry
from tests.journeys.factories import started_journey


@pytest.fixture
def journey(db):
    """A journey in the investigation phase with one entry of each list exercise."""
    result = started_journey(phase="investigation", referred=True)
    person = result.enrolment.beneficiary
    services.add_entry(journey=result, model=TimelineEntry, actor=person, title="Vendeuse", learned="Écouter.")
    services.add_entry(journey=result, model=BeliefEntry, actor=person, belief="Trop tard pour moi.")
    services.save_entry(
        journey=result,
        model=DriverEntry,
        key={"driver": "be_strong"},
        version=0,
        values={"examples": "x"},
        actor=person,
    )
    return result


def htmx(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")
