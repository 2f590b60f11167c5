"""Issue 19: a past job is named as a person knows it (its title, or a ROME code), never by a numeric code."""

import pytest
from django.urls import reverse

from openbilan.journeys.models import TimelineEntry
from openbilan.referential import services as referential
from openbilan.referential.models import Appellation
from tests.referential.conftest import FIXTURE_DIR
from tests.www.journeys.conftest import htmx


@pytest.fixture
def job(journey):
    referential.import_referential(directory=FIXTURE_DIR)
    entry = TimelineEntry.objects.get(journey=journey)
    entry.kind = TimelineEntry.Kind.JOB
    entry.save()
    return entry


def save(client, journey, entry, occupation):
    client.force_login(journey.enrolment.beneficiary)
    url = reverse("journeys:timeline_entry", kwargs={"enrolment_id": journey.enrolment.pk, "entry_id": entry.pk})
    data = {"version": entry.version, "kind": "job", "title": "Vendeuse", "rome_code_ogr": occupation}
    return htmx(client, url, {f"e{entry.pk}-{name}": value for name, value in data.items()})


@pytest.mark.parametrize("typed", ["aide-soignant", "Aide soignante", "J1501", "j1501"])
def test_a_job_title_or_a_rome_code_is_stored_as_the_appellation(client, journey, job, typed):
    response = save(client, journey, job, typed)
    assert response.status_code == 200, response.content.decode()[:500]
    job.refresh_from_db()
    appellation = Appellation.objects.get(code_ogr=int(job.rome_code_ogr))
    assert appellation.occupation.code_rome == "J1501"


def test_an_unknown_job_is_refused_with_a_way_forward_and_nothing_is_stored(client, journey, job):
    response = save(client, journey, job, "zqxwvk")
    assert "Nous ne trouvons pas ce métier" in response.content.decode()
    job.refresh_from_db()
    assert job.rome_code_ogr == ""


def test_the_stored_job_is_shown_by_its_name_not_its_code(client, journey, job):
    save(client, journey, job, "J1501")
    job.refresh_from_db()
    page = client.get(reverse("journeys:timeline", kwargs={"enrolment_id": journey.enrolment.pk})).content.decode()
    assert f'value="{job.rome_code_ogr}"' not in page
    assert "Aide-soignant / Aide-soignante" in page


def test_the_job_shown_by_its_name_saves_again_unchanged(client, journey, job):
    """The form shows the stored job by its full title ("Aide-soignant / Aide-soignante"): saving the entry again
    (autosave of another field) must find that same job, not refuse it."""
    save(client, journey, job, "J1501")
    job.refresh_from_db()
    stored = job.rome_code_ogr
    response = save(client, journey, job, "Aide-soignant / Aide-soignante")
    assert "Nous ne trouvons pas ce métier" not in response.content.decode()
    job.refresh_from_db()
    assert job.rome_code_ogr == stored


def test_the_life_line_is_drawn_with_its_text_equivalent(client, journey, job):
    """Issue 19: the timeline as a line (a server-side SVG), and the same steps as text for those who cannot see it."""
    TimelineEntry.objects.filter(pk=job.pk).update(title="Vendeuse chez Dupont", start_year=2012, end_year=2016)
    client.force_login(journey.enrolment.beneficiary)
    page = client.get(reverse("journeys:timeline", kwargs={"enrolment_id": journey.enrolment.pk})).content.decode()
    assert '<svg class="lifeline-chart"' in page and 'role="img"' in page
    assert "2012–2016 · Emploi ou activité · Vendeuse chez Dupont" in page
