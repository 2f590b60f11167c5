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
    assert data.end_outcomes == {"training": 2}
    assert data.drop_reasons == {"personal": 1}
    assert sorted(data.segments["age_band"].rows) == sorted(
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
    assert ("france_travail", "active", "", 1) in data.segments["prescriber_network"].rows
    prescriber = data.segments["prescriber"]
    assert (referral.prescriber.pk, "active", "", 1) in prescriber.rows
    assert (None, "active", "", 1) in prescriber.rows
    assert prescriber.parent == "prescriber_network"
    assert prescriber.parent_of[referral.prescriber.pk] == "france_travail"
    assert prescriber.names[referral.prescriber.pk] == referral.prescriber.name


def test_the_entry_quarter_groups_enrolments_over_time(programme):
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 7, 1))
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 9, 30))
    EnrolmentFactory(programme=programme, referred_on=datetime.date(2021, 10, 1))
    rows = selectors.over_time_rows(programme).rows
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
    assert [(kind, text) for _id, kind, text in selectors.testimonials(programme)] == [("hot", "Oui")]


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


def test_the_headline_outcome_is_the_one_at_the_end_of_the_bilan_not_a_later_follow_up(programme):
    enrolment = completed(programme, "job_seeking")
    services.record_outcome(
        enrolment=enrolment, moment="3m", kind="employed_durable", observed_on=timezone.localdate(), source="import"
    )
    data = selectors.report_data(programme, dimensions=("qpv",), over_time=False, today=timezone.localdate())
    assert data.end_outcomes == {"job_seeking": 1}
    assert data.segments["qpv"].rows == [(None, "completed", "job_seeking", 1)]


def test_the_departement_comes_from_the_postcode(programme):
    for postcode in ("14000", "20090", "20200", "97400", ""):
        EnrolmentFactory(programme=programme, postcode=postcode)
    rows = selectors.report_data(programme, dimensions=("departement",), over_time=False).segments["departement"].rows
    assert sorted(str(row[0]) for row in rows) == ["", "14", "2A", "2B", "974"]


def test_disability_is_read_from_the_persons_own_declaration(programme):
    from openbilan.programmes.models import DisabilityDeclaration

    declared = EnrolmentFactory(programme=programme)
    EnrolmentFactory(programme=programme)
    DisabilityDeclaration.objects.create(person=declared.beneficiary, recognised=True, consented_at=timezone.now())
    rows = selectors.report_data(programme, dimensions=("disability",), over_time=False).segments["disability"].rows
    assert sorted(rows) == [(False, "active", "", 1), (True, "active", "", 1)]


def test_gender_is_read_from_the_enrolment(programme):
    for gender in ("female", "female", "male", ""):
        EnrolmentFactory(programme=programme, gender=gender)
    rows = selectors.report_data(programme, dimensions=("gender",), over_time=False).segments["gender"].rows
    assert sorted(rows) == [("", "active", "", 1), ("female", "active", "", 2), ("male", "active", "", 1)]


def test_the_zone_d_emploi_comes_from_the_postcode_within_its_departement(programme):
    from openbilan.territory import services as territory
    from tests.territory.conftest import GEO_DIR

    territory.import_geo(directory=GEO_DIR)
    # Caen twice, Le Havre, Roissy on both sides of a département line, a Calvados postcode that no commune has,
    # nothing.
    for postcode in ("14000", "14400", "76600", "77990", "95700", "14999", ""):
        EnrolmentFactory(programme=programme, postcode=postcode)
    data = selectors.report_data(programme, dimensions=("zone_emploi",), over_time=False)
    zones = data.segments["zone_emploi"]
    assert sorted(rows_of(zones)) == [
        ("", 1),
        ("14-", 1),
        ("14-2804", 2),
        ("76-2813", 1),
        ("77-1112", 1),
        ("95-1112", 1),
    ]
    assert zones.parent == "departement"
    assert zones.parent_of == {"": "", "14-": "14", "14-2804": "14", "76-2813": "76", "77-1112": "77", "95-1112": "95"}
    assert zones.names == {"14-2804": "Caen", "76-2813": "Le Havre", "77-1112": "Roissy", "95-1112": "Roissy"}
    # Read alone (the live dashboard), the zone comes with its département, which it is protected with.
    assert sorted(rows_of(data.segments["departement"])) == [("", 1), ("14", 3), ("76", 1), ("77", 1), ("95", 1)]


def rows_of(dimension) -> list[tuple]:
    totals = {}
    for value, _status, _outcome, n in dimension.rows:
        totals[value] = totals.get(value, 0) + n
    return list(totals.items())


def test_people_who_withdrew_their_consent_to_be_counted_are_not_counted(programme):
    from openbilan.privacy.models import Consent

    counted = EnrolmentFactory(programme=programme)
    withdrawn = completed(programme, "training")
    Consent.objects.create(person=withdrawn.beneficiary, purpose="funder_aggregates", granted=True)
    Consent.objects.create(person=withdrawn.beneficiary, purpose="funder_aggregates", granted=False)
    Consent.objects.create(person=counted.beneficiary, purpose="funder_aggregates", granted=True)
    data = selectors.report_data(programme, dimensions=("age_band",), over_time=False)
    assert data.statuses == {"active": 1}
    assert data.end_outcomes == {}


def test_measures_are_one_value_per_person(programme):
    from openbilan.coaching.models import Appointment, TimeEntry

    enrolment = completed(programme, referred_on=timezone.localdate() - datetime.timedelta(days=120))
    start = timezone.make_aware(datetime.datetime.combine(enrolment.referred_on, datetime.time(10)))
    for days, minutes, status in ((3, 60, "done"), (10, 90, "done"), (20, 60, "cancelled")):
        Appointment.objects.create(
            enrolment=enrolment,
            coach=UserFactory(role=Role.COACH),
            kind="video",
            starts_at=start + datetime.timedelta(days=days),
            duration_minutes=minutes,
            status=status,
            uid=f"{enrolment.pk}-{days}",
            created_at=start,
        )
    TimeEntry.objects.create(
        enrolment=enrolment,
        coach=UserFactory(role=Role.COACH),
        minutes=30,
        on=enrolment.referred_on,
        description="Préparation",
        created_at=start,
    )
    measures = selectors.measures(programme)
    assert measures["coaching_hours"] == [3.0]  # 60 + 90 held, 30 entered; the cancelled one does not count
    assert measures["days_to_first_appointment"] == [3]


@pytest.mark.parametrize("threshold", [0, 1, "11"])
def test_a_small_cell_threshold_that_would_protect_nobody_is_refused(settings, threshold):
    from django.core.exceptions import ImproperlyConfigured

    from openbilan.reporting.selectors import minimum_cell

    settings.OPENBILAN_MIN_CELL_SIZE = threshold
    with pytest.raises(ImproperlyConfigured):
        minimum_cell()
