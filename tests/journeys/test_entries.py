"""The person's writing: saved with a version, so a stale tab never overwrites newer text."""

import pytest
from django.db import transaction

from openbilan.enrolments import services as enrolment_services
from openbilan.journeys import services
from openbilan.journeys.errors import ActivityLocked, NotAllowed, StaleVersion
from openbilan.journeys.models import ActivityProgress, DriverEntry, Journey, NeedsAnalysis, TimelineEntry
from tests.journeys.factories import started_journey


def save(journey, model=TimelineEntry, **kwargs):
    return services.save_entry(journey=journey, model=model, actor=journey.enrolment.beneficiary, **kwargs)


def test_a_save_raises_the_version(db):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    saved = save(journey, pk=entry.pk, version=1, values={"learned": "À écouter les clients."})
    assert (saved.version, saved.learned) == (2, "À écouter les clients.")


def test_a_stale_version_is_refused_and_the_newer_text_stays(db):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    save(journey, pk=entry.pk, version=1, values={"learned": "Texte plus récent, onglet A."})
    with pytest.raises(StaleVersion) as stale:
        save(journey, pk=entry.pk, version=1, values={"learned": "Ancien texte, onglet B."})
    assert stale.value.current.learned == "Texte plus récent, onglet A."
    entry.refresh_from_db()
    assert (entry.learned, entry.version) == ("Texte plus récent, onglet A.", 2)


def test_two_first_saves_of_the_same_entry_cannot_both_win(db):
    journey = started_journey(phase="investigation")
    save(journey, model=DriverEntry, key={"driver": "be_strong"}, version=0, values={"examples": "A"})
    with pytest.raises(StaleVersion), transaction.atomic():
        save(journey, model=DriverEntry, key={"driver": "be_strong"}, version=0, values={"examples": "B"})
    assert DriverEntry.objects.get().examples == "A"


def test_the_text_is_stored_exactly_as_typed(db):
    journey = started_journey(phase="investigation")
    typed = "  Première ligne\n\n  deuxième ligne avec « guillemets » et émojis 🙂  "
    saved = save(journey, model=DriverEntry, key={"driver": "hurry_up"}, version=0, values={"examples": typed})
    assert DriverEntry.objects.get(pk=saved.pk).examples == typed


def test_saving_restarts_the_inactivity_clock_and_starts_the_activity(db):
    journey = started_journey(phase="investigation")
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=journey.started_at.replace(year=2020))
    journey.refresh_from_db()
    save(journey, model=DriverEntry, key={"driver": "try_hard"}, version=0, values={"keep": "x"})
    journey.refresh_from_db()
    assert journey.last_activity_at.year > 2020
    assert ActivityProgress.objects.get(journey=journey, activity__tool="drivers").state == "started"


def test_the_coach_cannot_write_in_the_persons_exercises(db):
    journey = started_journey(phase="investigation")
    with pytest.raises(NotAllowed):
        services.save_entry(
            journey=journey,
            model=DriverEntry,
            key={"driver": "be_perfect"},
            version=0,
            values={"examples": "x"},
            actor=journey.enrolment.coach,
        )


def test_the_coach_may_write_the_needs_analysis_with_the_person(db):
    journey = started_journey()
    entry = services.save_entry(
        journey=journey, model=NeedsAnalysis, version=0, values={"needs": "x"}, actor=journey.enrolment.coach
    )
    assert entry.recorded_by == journey.enrolment.coach


def test_an_exercise_of_a_locked_phase_cannot_be_written(db):
    journey = started_journey()
    with pytest.raises(ActivityLocked):
        services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)


def test_a_paused_bilan_is_read_only(db):
    journey = started_journey(phase="investigation")
    enrolment_services.change_status(
        enrolment=journey.enrolment, action="pause", actor=journey.enrolment.coach, note="x"
    )
    journey.enrolment.refresh_from_db()
    with pytest.raises(NotAllowed):
        save(journey, model=DriverEntry, key={"driver": "be_strong"}, version=0, values={"examples": "x"})


def test_a_deleted_entry_cannot_be_saved_again(db):
    journey = started_journey(phase="investigation")
    entry = services.add_entry(journey=journey, model=TimelineEntry, actor=journey.enrolment.beneficiary)
    services.delete_entry(journey=journey, model=TimelineEntry, pk=entry.pk, actor=journey.enrolment.beneficiary)
    with pytest.raises(NotAllowed):
        save(journey, pk=entry.pk, version=1, values={"learned": "x"})


def test_the_self_assessment_takes_two_marks_from_0_to_10(db):
    journey = started_journey()
    person = journey.enrolment.beneficiary
    services.save_self_assessment(journey=journey, moment="entry", project=2, confidence=9, actor=person)
    with pytest.raises(NotAllowed):
        services.save_self_assessment(journey=journey, moment="entry", project=11, confidence=9, actor=person)
    with pytest.raises(ActivityLocked):
        services.save_self_assessment(journey=journey, moment="end", project=5, confidence=5, actor=person)
    assert ActivityProgress.objects.get(journey=journey, activity__tool="self_assessment_entry").state == "done"
