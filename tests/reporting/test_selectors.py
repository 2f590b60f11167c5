"""The aggregate reads: counts grouped in the database, a fixed number of queries whatever the cohort's size, and
the rule of who may see which programme's figures."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.programmes import services
from openbilan.programmes.models import Evaluation
from openbilan.reporting import selectors
from tests.accounts.factories import UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


def completed(programme, outcome="", **kwargs):
    enrolment = EnrolmentFactory(programme=programme, completed=True, **kwargs)
    if outcome:
        services.record_outcome(
            enrolment=enrolment, moment="end", kind=outcome, observed_on=timezone.localdate(), source="import"
        )
    return enrolment


def test_status_and_outcome_counts_are_grouped_in_the_database(programme):
    completed(programme, "training", age_band="under_26")
    completed(programme, "training", age_band="26_44")
    completed(programme, age_band="26_44")
    EnrolmentFactory(programme=programme, dropped=True, age_band="45_plus")
    EnrolmentFactory(invited=True)  # another programme
    data = selectors.report_data(programme, dimensions=("age_band",), over_time=False)
    assert data.statuses == {"completed": 3, "dropped": 1}
    assert data.outcomes == {"training": 2, "": 1}
    assert data.drop_reasons == {"personal": 1}
    assert sorted(data.segments["age_band"]) == sorted(
        [
            ("under_26", "completed", "training", 1),
            ("26_44", "completed", "training", 1),
            ("26_44", "completed", "", 1),
            ("45_plus", "dropped", "", 1),
        ]
    )


def test_prescriber_breakdowns_come_from_one_grouping(programme):
    referral = EnrolmentFactory(programme=programme, referred=True)
    EnrolmentFactory(programme=programme)
    data = selectors.report_data(programme, dimensions=("prescriber_network", "prescriber"), over_time=False)
    assert ("france_travail", "active", "", 1) in data.segments["prescriber_network"]
    assert (referral.prescriber.name, "active", "", 1) in data.segments["prescriber"]
    assert (None, "active", "", 1) in data.segments["prescriber"]


def test_the_entry_quarter_groups_enrolments_over_time(programme):
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 7, 1))
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 9, 30))
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 10, 1))
    rows = selectors.over_time_rows(programme)
    assert sorted(rows) == [("2021-T3", "active", "", 2), ("2021-T4", "active", "", 1)]


def test_evaluations_are_counted_with_their_denominators(programme):
    now = timezone.now()
    for answer in (4, 3, 2):
        enrolment = completed(programme)
        Evaluation.objects.create(
            enrolment=enrolment,
            programme=programme,
            kind="hot",
            knows_self_better=answer,
            satisfaction=answer + 1,
            recommend={4: 10, 3: 8, 2: 3}[answer],
            helped_most="coach",
            answered_at=now,
        )
    completed(programme)
    counts = selectors.evaluation_counts(programme, timezone.localdate())["hot"]
    assert (counts.eligible, counts.respondents) == (4, 3)
    assert counts.agree["knows_self_better"] == 2
    assert (counts.satisfaction_sum, counts.satisfied) == (12, 2)
    assert (counts.promoters, counts.detractors) == (1, 1)
    assert counts.helped_most == {"coach": 3}


def test_only_testimonials_consented_for_publication_are_read(programme):
    now = timezone.now()
    Evaluation.objects.create(
        enrolment=completed(programme),
        programme=programme,
        kind="hot",
        testimonial="Oui",
        testimonial_publish=True,
        answered_at=now,
    )
    Evaluation.objects.create(
        enrolment=completed(programme),
        programme=programme,
        kind="hot",
        testimonial="Non",
        testimonial_publish=False,
        answered_at=now,
    )
    assert selectors.testimonials(programme) == [("hot", "Oui")]


def test_the_report_reads_a_fixed_number_of_queries_whatever_the_size(programme, django_assert_num_queries):
    completed(programme, "training", referred=True)
    with CaptureQueriesContext(connection) as small:
        selectors.report_data(programme)
    for _ in range(15):
        completed(programme, "job_seeking", referred=True)
    with django_assert_num_queries(len(small.captured_queries)):
        selectors.report_data(programme)


def test_a_funder_viewer_sees_the_programmes_of_their_funder_only(programme):
    other = ProgrammeFactory()
    viewer = UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder)
    assert list(selectors.reportable_programmes(viewer)) == [programme]
    assert other not in selectors.reportable_programmes(viewer)


def test_an_operator_admin_sees_the_programmes_of_their_operator(programme):
    admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    assert list(selectors.reportable_programmes(admin)) == [programme]


@pytest.mark.parametrize("role", [Role.BENEFICIARY, Role.COACH, Role.PRESCRIBER])
def test_other_roles_see_no_programme_figures(programme, role):
    assert not selectors.reportable_programmes(UserFactory(role=role)).exists()
