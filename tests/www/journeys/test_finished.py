"""The completed screen: once the bilan is completed, the person's home and journey say it is over and link to
the synthesis and their data; it says "every step is done" only when the conclusions phase is all done."""

import pytest
from django.urls import reverse

from openbilan.enrolments import services as enrolment_services
from openbilan.journeys import services
from openbilan.journeys.models import Activity
from openbilan.journeys.services import PlatformEvent
from tests.journeys.factories import held_interview, started_journey


def completed(*, evaluated: bool):
    journey = started_journey(phase="conclusions")
    enrolment = journey.enrolment
    person = enrolment.beneficiary
    held_interview(journey)  # the project interview
    held_interview(journey)  # the conclusions interview
    conclusions = Activity.objects.filter(template=journey.template_id, module__phase__code="conclusions")
    for activity in conclusions.filter(tool="", kind__in=("project_step",)):
        services.mark_activity_done(journey=journey, activity=activity, actor=person)
    services.record_platform_event(enrolment=enrolment, event=PlatformEvent.SYNTHESIS_RECEIVED)
    services.save_self_assessment(journey=journey, moment="end", project=8, confidence=7, actor=person)
    enrolment_services.change_status(enrolment=enrolment, action="complete", actor=enrolment.coach)
    if evaluated:
        services.record_platform_event(enrolment=enrolment, event=PlatformEvent.EVALUATION_ANSWERED)
    return journey


@pytest.mark.parametrize("url", ["home", "journey"])
def test_a_finished_journey_says_the_bilan_is_over_with_its_links(client, db, url):
    journey = completed(evaluated=True)
    enrolment = journey.enrolment
    client.force_login(enrolment.beneficiary)
    path = (
        reverse("www:beneficiary_home")
        if url == "home"
        else reverse("journeys:journey", kwargs={"enrolment_id": enrolment.pk})
    )
    content = client.get(path).content.decode()
    assert "Votre bilan est fini" in content
    assert "Toutes les étapes du parcours sont faites." in content
    assert reverse("projects:synthesis", kwargs={"enrolment_id": enrolment.pk}) in content
    assert reverse("privacy:index") in content


def test_a_completed_bilan_waiting_for_the_evaluation_says_what_is_still_open(client, db):
    journey = completed(evaluated=False)
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "Votre bilan est fini" in content
    assert "Toutes les étapes du parcours sont faites." not in content
    assert "Donner votre avis sur le bilan" in content
    assert "le questionnaire vous arrive par e-mail." in content


def test_the_coach_reads_that_the_bilan_is_over_without_the_persons_data_link(client, db):
    journey = completed(evaluated=True)
    client.force_login(journey.enrolment.coach)
    content = client.get(reverse("journeys:journey", kwargs={"enrolment_id": journey.enrolment.pk})).content.decode()
    assert "Le bilan est terminé" in content
    main = content[content.index("<main") : content.index("</main>")]  # the footer links the coach's own data page
    assert reverse("privacy:index") not in main


def test_a_bilan_in_progress_shows_no_completed_screen(client, db):
    journey = started_journey(phase="conclusions")
    client.force_login(journey.enrolment.beneficiary)
    content = client.get(reverse("www:beneficiary_home")).content.decode()
    assert "bilan est terminé" not in content
