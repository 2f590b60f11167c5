"""A meeting with a professional that took place ticks the journey's "enquêtes métier" activity, once."""

from django.utils import timezone

from openbilan.journeys import selectors as journeys
from openbilan.journeys.models import ActivityProgress
from openbilan.network import services
from tests.coaching.factories import followed
from tests.network.factories import accepted, done, professional
from tests.recommendations.factories import referential


def field_work(enrolment):
    return ActivityProgress.objects.filter(journey__enrolment=enrolment, activity__slug="enquetes-metier")


def test_a_meeting_held_ticks_the_field_work_activity_as_the_system(db):
    referential()
    enrolment = followed(phase="investigation")
    assert not field_work(enrolment).exists()
    meeting = done(enrolment, professional(enrolment.programme.operator))
    progress = field_work(enrolment).get()
    assert (progress.state, progress.by, progress.done_at) == ("done", None, meeting.debriefed_at)


def test_a_second_meeting_or_a_corrected_debrief_does_not_tick_twice(db):
    referential()
    enrolment = followed(phase="investigation")
    operator = enrolment.programme.operator
    meeting = done(enrolment, professional(operator))
    first = field_work(enrolment).get()
    services.debrief(
        meeting=meeting, actor=enrolment.beneficiary, held_on=timezone.localdate(), text="Corrigé", outcome="nuances"
    )
    done(enrolment, professional(operator, codes=("K2104",)), code="K2104")
    assert list(field_work(enrolment)) == [first]
    assert ActivityProgress.objects.filter(journey__enrolment=enrolment, state="done", by=None).count() == 1


def test_an_accepted_meeting_not_yet_held_ticks_nothing(db):
    referential()
    enrolment = followed(phase="investigation")
    accepted(enrolment, professional(enrolment.programme.operator))
    assert not field_work(enrolment).exists()
    journey = enrolment.journey
    journey.enrolment = enrolment
    assert "enquetes-metier" not in {
        a.activity.slug for p in journeys.summary_for(journey).phases for a in p.activities if a.done
    }
