"""Who sees a journey, what the home shows, and what other domains read (imperatives, past jobs)."""

import datetime

import pytest
from django.utils import timezone

from openbilan.journeys import selectors, services
from openbilan.journeys.models import Aspirations, BeliefEntry, TimelineEntry
from openbilan.journeys.selectors import Imperatives
from tests.accounts.factories import beneficiary, coach, funder_viewer, operator_admin, prescriber
from tests.journeys.factories import invited, started_journey


def test_the_person_and_their_coach_see_the_journey(db):
    journey = started_journey()
    enrolment = journey.enrolment
    assert selectors.journey_access(enrolment.beneficiary, enrolment.pk).is_person
    assert selectors.journey_access(enrolment.coach, enrolment.pk).is_coach


@pytest.mark.parametrize("make", [beneficiary, coach, operator_admin, funder_viewer, prescriber])
def test_nobody_else_sees_the_journey(db, make):
    enrolment = started_journey().enrolment
    assert selectors.journey_access(make(), enrolment.pk) is None


def test_the_operator_admin_of_the_programme_does_not_see_the_journey(db):
    enrolment = started_journey().enrolment
    admin = operator_admin(role__organisation=enrolment.programme.operator)
    assert selectors.journey_access(admin, enrolment.pk) is None


def test_a_coach_who_lost_the_coach_role_no_longer_sees_the_journey(db):
    enrolment = started_journey().enrolment
    enrolment.coach.memberships.update(is_active=False)
    enrolment.coach.__dict__.pop("roles", None)
    assert selectors.journey_access(enrolment.coach, enrolment.pk) is None


def test_the_coach_does_not_see_private_entries(db):
    journey = started_journey(phase="investigation")
    person = journey.enrolment.beneficiary
    services.add_entry(journey=journey, model=BeliefEntry, actor=person, belief="Partagée")
    services.add_entry(journey=journey, model=BeliefEntry, actor=person, belief="Privée", private=True)
    seen = selectors.visible_entries(journey, BeliefEntry, viewer_is_person=False)
    assert [entry.belief for entry in seen] == ["Partagée"]
    assert selectors.visible_entries(journey, BeliefEntry, viewer_is_person=True).count() == 2


def test_imperatives_are_empty_until_written(db):
    assert selectors.imperatives_of(beneficiary()) == Imperatives()


def test_imperatives_come_back_as_plain_data(db):
    journey = started_journey(phase="investigation")
    services.save_entry(
        journey=journey,
        model=Aspirations,
        version=0,
        values={
            "excluded_contexts": ["300803", "23376"],
            "qualification_level": "4",
            "max_training": "1y",
            "self_employment": "maybe",
            "private": True,
        },
        actor=journey.enrolment.beneficiary,
    )
    assert selectors.imperatives_of(journey.enrolment.beneficiary) == Imperatives(
        excluded_contexts=("300803", "23376"), qualification_level="4", max_training="1y", self_employment="maybe"
    )


def test_past_jobs_come_from_the_life_timeline(db):
    journey = started_journey(phase="investigation")
    person = journey.enrolment.beneficiary
    services.add_entry(journey=journey, model=TimelineEntry, actor=person, kind="study", title="CAP")
    services.add_entry(
        journey=journey,
        model=TimelineEntry,
        actor=person,
        kind="job",
        title="Vendeuse",
        rome_code_ogr="38675",
        start_year=2010,
    )
    jobs = selectors.jobs_of(person)
    assert [(job.title, job.rome_code_ogr, job.start_year) for job in jobs] == [("Vendeuse", "38675", 2010)]


def test_the_summary_gives_the_next_step_and_the_closed_gate(db):
    journey = started_journey()
    overview = selectors.summary_for(journey)
    assert overview.next_activity.slug == "analyse-des-besoins"
    assert (overview.next_phase, overview.next_phase_refusal) == ("investigation", "needs_missing")
    assert [phase.progress.state for phase in overview.phases] == ["current", "locked", "locked"]


def test_weeks_paused_do_not_count(db):
    journey = started_journey()
    start = timezone.localdate(journey.started_at)
    services.change_status(enrolment=journey.enrolment, action="pause", actor=journey.enrolment.coach, note="x")
    overview = selectors.summary_for(journey, today=start + datetime.timedelta(days=21))
    assert (overview.summary.week, overview.summary.weeks_left) == (1, 11)


def test_each_journey_on_the_home_costs_a_fixed_number_of_queries(db, django_assert_num_queries):
    journey = started_journey()
    person = journey.enrolment.beneficiary
    invited(beneficiary=person)  # an invitation costs nothing more: it comes with the enrolments
    with django_assert_num_queries(7):
        selectors.home_cards(person)
    started_journey(beneficiary=person)
    with django_assert_num_queries(7 + 6):
        selectors.home_cards(person)


def test_the_export_holds_the_persons_journey_exercises_interviews_and_progress(db):
    from openbilan.journeys.export import part
    from tests.journeys.factories import held_interview, started_journey

    journey = started_journey(phase="investigation")
    held_interview(journey)
    person = journey.enrolment.beneficiary
    data = part(person)
    assert [j["programme"] for j in data["journeys"]] == [journey.enrolment.programme.name]
    needs = [e for e in data["exercises"] if e["exercise"] == "NeedsAnalysis"]
    assert needs and needs[0]["needs"] == "Changer de métier."
    assert len(data["interviews"]) == 1
    assert "investigation" in [t["to_state"] for t in data["transitions"]]
    assert part(journey.enrolment.coach) == {
        "journeys": [],
        "exercises": [],
        "self_assessments": [],
        "interviews": [],
        "activities": [],
        "transitions": [],
        "reminders": [],
        "email_preference": None,
    }
