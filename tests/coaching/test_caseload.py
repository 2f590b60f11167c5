"""The caseload rows: phase, progress, last activity, next appointment and the three risk flags, from real data."""

import datetime

import pytest
from django.utils import timezone

from openbilan.coaching import caseload, services
from openbilan.coaching.caseload import CaseloadFilters
from openbilan.journeys import services as journey_services
from openbilan.journeys.models import Journey
from tests.coaching.factories import AppointmentFactory, MessageFactory, coach_of, followed
from tests.journeys.factories import invited

DAY = datetime.timedelta(days=1)


@pytest.fixture
def enrolment(db):
    return followed()


def row(enrolment):
    return caseload.row_for(enrolment)


def idle(enrolment, days):
    Journey.objects.filter(enrolment=enrolment).update(last_activity_at=timezone.now() - days * DAY)


def back_in_time(enrolment, days):
    """The journey started `days` ago (its activity too, so only the phase can be late)."""
    Journey.objects.filter(enrolment=enrolment).update(
        started_at=timezone.now() - days * DAY, last_activity_at=timezone.now()
    )


def test_a_new_person_is_not_flagged(enrolment):
    result = row(enrolment)
    assert result.flags == ()
    assert (result.phase, result.week, result.weeks) == ("preliminary", 1, 12)
    assert result.total > 0 and result.done == 0


def test_a_person_inactive_for_the_programmes_days_is_flagged(enrolment):
    idle(enrolment, 13)
    assert row(enrolment).flag_codes == ()
    idle(enrolment, 14)
    assert row(enrolment).flag_codes == ("inactive",)


def test_a_message_from_the_person_counts_as_activity(enrolment):
    idle(enrolment, 30)
    MessageFactory(enrolment=enrolment, created_at=timezone.now() - DAY)
    result = row(enrolment)
    assert result.flag_codes == ()
    assert timezone.now() - result.last_activity_at < 2 * DAY


def test_a_missed_last_appointment_is_flagged_until_one_is_held(enrolment):
    AppointmentFactory(enrolment=enrolment, status="missed", starts_at=timezone.now() - 2 * DAY)
    assert row(enrolment).flag_codes == ("missed_appointment",)
    AppointmentFactory(enrolment=enrolment, status="done", starts_at=timezone.now() - DAY)
    assert row(enrolment).flag_codes == ()


def test_a_preliminary_phase_past_its_planned_weeks_is_stalled(enrolment):
    back_in_time(enrolment, 5 * 7)  # week 6: the preliminary phase of "Bilan 12 semaines" ends earlier
    result = row(enrolment)
    assert result.week == 6
    assert result.flag_codes == ("phase_stalled",)
    assert result.flags[0].weeks_late >= 1


def test_weeks_of_pause_do_not_count_towards_a_stall(enrolment):
    back_in_time(enrolment, 5 * 7)
    journey_services.change_status(enrolment=enrolment, action="pause", actor=enrolment.coach, note="Santé")
    from openbilan.journeys.models import Transition

    Transition.objects.filter(enrolment=enrolment, to_state="paused").update(at=timezone.now() - 34 * DAY)
    journey_services.change_status(enrolment=enrolment, action="resume", actor=enrolment.coach)
    assert row(enrolment).week == 1


def test_the_next_appointment_is_the_soonest_to_come(enrolment):
    AppointmentFactory(enrolment=enrolment, starts_at=timezone.now() + 5 * DAY)
    soon = AppointmentFactory(enrolment=enrolment, status="proposed", starts_at=timezone.now() + 2 * DAY)
    AppointmentFactory(enrolment=enrolment, status="cancelled", starts_at=timezone.now() + DAY)
    result = row(enrolment)
    assert (result.next_appointment_at, result.next_appointment_status) == (soon.starts_at, "proposed")


def test_unread_messages_from_the_person_are_counted(enrolment):
    MessageFactory.create_batch(2, enrolment=enrolment)
    MessageFactory(enrolment=enrolment, sender=enrolment.coach)
    assert row(enrolment).unread == 2


def test_an_invited_person_has_no_journey_yet(db):
    enrolment = invited()
    result = row(enrolment)
    assert (result.phase, result.week, result.flags) == ("", None, ())


def test_the_caseload_is_the_coachs_own_sorted_by_risk_by_default(enrolment):
    calm = followed(programme=enrolment.programme, coach=enrolment.coach)
    idle(enrolment, 20)
    followed()  # another coach's person
    rows = caseload.caseload(enrolment.coach)
    assert [r.enrolment for r in rows] == [enrolment, calm]


def test_the_caseload_filters_by_name_status_phase_and_risk(enrolment):
    other = followed(programme=enrolment.programme, coach=enrolment.coach, phase="investigation")
    idle(other, 20)
    coach = enrolment.coach
    # Names chosen here: the factories' random names could share the searched prefix (a flaky test before).
    for person, name in ((enrolment.beneficiary, "Martin"), (other.beneficiary, "Quennevillard")):
        person.last_name = name
        person.save(update_fields=["last_name"])
    assert [r.enrolment for r in caseload.caseload(coach, CaseloadFilters(q="Quenn"))] == [other]
    assert [r.enrolment for r in caseload.caseload(coach, CaseloadFilters(phase="investigation"))] == [other]
    assert [r.enrolment for r in caseload.caseload(coach, CaseloadFilters(at_risk=True))] == [other]
    services.end_enrolment(enrolment=enrolment, coach=coach, reason_code="moved")
    assert [r.enrolment for r in caseload.caseload(coach)] == [other]
    assert {r.enrolment for r in caseload.caseload(coach, CaseloadFilters(status="all"))} == {enrolment, other}
    assert [r.enrolment for r in caseload.caseload(coach, CaseloadFilters(status="dropped"))] == [enrolment]


def test_the_caseload_sorts_by_name_and_by_longest_silence(enrolment):
    other = followed(programme=enrolment.programme, coach=enrolment.coach)
    idle(other, 3)
    by_silence = [r.enrolment for r in caseload.caseload(enrolment.coach, CaseloadFilters(sort="last_activity"))]
    assert by_silence == [other, enrolment]
    names = [r.person.last_name.lower() for r in caseload.caseload(enrolment.coach, CaseloadFilters(sort="name"))]
    assert names == sorted(names)


def test_a_person_not_followed_is_nowhere_in_a_coachs_caseload(enrolment):
    assert caseload.caseload(coach_of(enrolment.programme)) == []
