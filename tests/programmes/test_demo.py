"""The demo programme's cohort: about 100 people in every state, so the dashboard and the report look real."""

from openbilan.demo import load_demo
from openbilan.enrolments.models import Enrolment, Transition
from openbilan.programmes.models import Evaluation, Outcome, Referral
from openbilan.www.reporting import documents


def test_the_demo_programme_holds_about_100_people_in_every_state(db):
    context = load_demo()
    enrolments = Enrolment.objects.filter(programme=context.programme)
    assert 100 <= enrolments.count() <= 110
    assert set(enrolments.values_list("status", flat=True)) == {"invited", "active", "paused", "completed", "dropped"}
    assert Outcome.objects.filter(enrolment__programme=context.programme).exists()
    assert Evaluation.objects.filter(enrolment__programme=context.programme, testimonial_publish=True).exists()
    assert Referral.objects.filter(programme=context.programme, state="review").count() == 1


def test_every_demo_status_is_backed_by_its_transitions(db):
    context = load_demo()
    for enrolment in Enrolment.objects.filter(programme=context.programme):
        last = Transition.objects.filter(enrolment=enrolment, kind="status").order_by("at", "pk").last()
        assert last is not None and last.to_state == enrolment.status


def test_loading_the_demo_twice_adds_no_person_and_no_transition(db):
    load_demo()
    before = (
        Enrolment.objects.count(),
        Transition.objects.count(),
        Referral.objects.count(),
        Evaluation.objects.count(),
    )
    load_demo()
    assert (
        Enrolment.objects.count(),
        Transition.objects.count(),
        Referral.objects.count(),
        Evaluation.objects.count(),
    ) == before


def test_the_demo_report_publishes_its_headline_and_satisfaction(db):
    context = load_demo()
    report = documents.programme_report(context.programme)
    assert report["headline_published"]
    assert report["satisfaction"]["hot"]["suppressed"] is False
    assert report["testimonials"]
    assert any(row["status"]["completed"]["n"] == "< 11" for row in report["segments"]["qualification_level"]["rows"])


def test_the_demo_shows_a_proposed_change_a_follow_up_time_and_no_time_override(db):
    """Issue 16: the demo beneficiary has a change of name waiting for her answer (an import never changes an
    account), and a completed bilan has its follow-up interview recorded outside the 24 hours."""
    from openbilan.accounts.models import ChangeProposal
    from openbilan.coaching.models import TimeEntry

    context = load_demo()
    proposal = ChangeProposal.objects.get(user=context.users["beneficiary"], decided_at__isnull=True)
    assert proposal.last_name != context.users["beneficiary"].last_name
    assert TimeEntry.objects.filter(enrolment__programme=context.programme, follow_up=True).count() == 1
    load_demo()
    assert ChangeProposal.objects.count() == 1
