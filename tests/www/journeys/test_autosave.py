"""Autosave over htmx and the plain save button: versions, the stale-tab refusal, invalid input, hostile input."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbilan.journeys.models import TimelineEntry
from tests.www.journeys.conftest import htmx


def entry_url(journey, entry):
    return reverse("journeys:timeline_entry", kwargs={"enrolment_id": journey.enrolment.pk, "entry_id": entry.pk})


def form_data(entry, version, **values):
    prefix = f"e{entry.pk}"
    data = {"kind": "job", "title": "Vendeuse", "learned": "", "liked": "", "disliked": "", "version": version}
    data.update(values)
    return {f"{prefix}-{name}": value for name, value in data.items()}


def test_an_autosave_answers_the_status_fragment_with_the_new_version(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    response = htmx(client, entry_url(journey, entry), form_data(entry, entry.version, learned="Écouter les clients"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'name="e{entry.pk}-version" value="{entry.version + 1}"' in content
    assert "Enregistré à" in content
    entry.refresh_from_db()
    assert entry.learned == "Écouter les clients"


def test_a_stale_tab_gets_409_with_the_newer_text_and_overwrites_nothing(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    stale = entry.version
    htmx(client, entry_url(journey, entry), form_data(entry, stale, learned="Le texte le plus récent"))
    response = htmx(client, entry_url(journey, entry), form_data(entry, stale, learned="Un vieux texte"))
    assert response.status_code == 409
    content = response.content.decode()
    assert "modifié ce texte ailleurs" in content and "Le texte le plus récent" in content
    entry.refresh_from_db()
    assert entry.learned == "Le texte le plus récent"


def test_without_javascript_a_stale_save_is_a_form_error_that_keeps_both_texts(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    stale = entry.version
    client.post(entry_url(journey, entry), form_data(entry, stale, learned="Le texte le plus récent"))
    response = client.post(entry_url(journey, entry), form_data(entry, stale, learned="Mon texte de l'autre onglet"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content and "modifié ce texte ailleurs" in content
    assert "Le texte le plus récent" in content and "Mon texte de l&#x27;autre onglet" in content
    entry.refresh_from_db()
    assert entry.learned == "Le texte le plus récent"


def test_replacing_the_newer_text_is_a_deliberate_choice(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    stale = entry.version
    htmx(client, entry_url(journey, entry), form_data(entry, stale, learned="Texte A"))
    data = form_data(entry, stale, learned="Texte B")
    data[f"e{entry.pk}-replace"] = str(stale + 1)
    assert htmx(client, entry_url(journey, entry), data).status_code == 200
    entry.refresh_from_db()
    assert entry.learned == "Texte B"


def test_a_plain_save_redirects_back_to_the_entry(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    response = client.post(entry_url(journey, entry), form_data(entry, entry.version, liked="Les gens"))
    assert response.status_code == 302 and response.url.endswith(f"#e{entry.pk}")


def test_invalid_years_are_not_saved_and_say_why(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    data = form_data(entry, entry.version, start_year="2015", end_year="2010", learned="Perdu ?")
    response = htmx(client, entry_url(journey, entry), data)
    assert response.status_code == 422
    assert "avant l&#x27;année de début" in response.content.decode()
    entry.refresh_from_db()
    assert entry.learned == "Écouter."


def test_the_coach_cannot_write_in_the_persons_entry(client, journey):
    client.force_login(journey.enrolment.coach)
    entry = TimelineEntry.objects.get(journey=journey)
    response = htmx(client, entry_url(journey, entry), form_data(entry, entry.version, learned="Écrit par le coach"))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.learned == "Écouter."


def test_the_person_adds_a_job_to_the_timeline(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    url = reverse("journeys:timeline", kwargs={"enrolment_id": journey.enrolment.pk})
    response = client.post(url, {"kind": "study"})
    entry = TimelineEntry.objects.latest("pk")
    assert response.url.endswith(f"#e{entry.pk}") and entry.kind == "study"


def test_the_driver_page_saves_a_first_entry_with_version_zero(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    url = reverse("journeys:driver_entry", kwargs={"enrolment_id": journey.enrolment.pk, "driver": "hurry_up"})
    response = htmx(client, url, {"hurry_up-version": "0", "hurry_up-examples": "Je cours tout le temps."})
    assert response.status_code == 200
    assert 'name="hurry_up-version" value="1"' in response.content.decode()


def test_the_aspirations_keep_the_imperatives(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    url = reverse("journeys:aspirations", kwargs={"enrolment_id": journey.enrolment.pk})
    data = {
        "aspirations-version": "0",
        "aspirations-excluded_contexts": ["300803", "300795"],
        "aspirations-qualification_level": "3",
        "aspirations-max_training": "6m",
        "aspirations-self_employment": "no",
        "aspirations-needs": "Des horaires de jour.",
    }
    assert client.post(url, data).status_code == 302
    from openbilan.journeys.selectors import imperatives_of

    imperatives = imperatives_of(journey.enrolment.beneficiary)
    assert imperatives.excluded_contexts == ("300803", "300795") and imperatives.max_training == "6m"


def test_an_unknown_work_context_code_is_refused(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    url = reverse("journeys:aspirations", kwargs={"enrolment_id": journey.enrolment.pk})
    response = htmx(client, url, {"aspirations-version": "0", "aspirations-excluded_contexts": ["<script>"]})
    assert response.status_code == 422


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.dictionaries(
        st.sampled_from(["kind", "title", "start_year", "end_year", "learned", "rome_code_ogr", "version", "private"]),
        st.one_of(st.text(max_size=300), st.integers().map(str), st.just("")),
    )
)
def test_hostile_input_never_breaks_the_save(client, journey, values):
    client.force_login(journey.enrolment.beneficiary)
    entry = TimelineEntry.objects.get(journey=journey)
    data = {f"e{entry.pk}-{name}": value.replace("\x00", "") for name, value in values.items()}
    response = htmx(client, entry_url(journey, entry), data)
    assert response.status_code in (200, 409, 422)
