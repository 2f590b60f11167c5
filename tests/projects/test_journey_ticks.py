"""The projects domain tells the journey what happened: submitting, validating, receiving the synthesis."""

from openbilan.journeys.models import ActivityProgress
from openbilan.programmes.models import Programme
from openbilan.projects import services
from tests.coaching.factories import coach_of
from tests.projects.factories import bilan, final_synthesis, submitted


def ticked(enrolment) -> list[str]:
    return sorted(
        ActivityProgress.objects.filter(journey__enrolment=enrolment, state="done", by=None).values_list(
            "activity__slug", flat=True
        )
    )


def test_submitting_the_project_ticks_choose_a_project_once(db):
    enrolment = bilan()
    project = submitted(enrolment)
    assert ticked(enrolment) == ["choisir-projet"]
    services.transition(project=project, actor=enrolment.coach, action="request_changes", comment="Précisez.")
    services.transition(project=project, actor=enrolment.beneficiary, action="submit")
    assert ticked(enrolment) == ["choisir-projet"]
    assert ActivityProgress.objects.filter(journey__enrolment=enrolment, activity__slug="choisir-projet").count() == 1


def test_the_validated_project_ticks_the_action_plan(db):
    enrolment = bilan()
    project = submitted(enrolment)
    services.transition(project=project, actor=enrolment.coach, action="validate")
    assert ticked(enrolment) == ["choisir-projet", "plan-action"]


def test_with_a_second_reviewer_the_action_plan_waits_for_the_second_validation(db):
    enrolment = bilan()
    Programme.objects.filter(pk=enrolment.programme_id).update(second_reviewer=True)
    enrolment.programme.refresh_from_db()
    project = submitted(enrolment)
    reviewer = coach_of(enrolment.programme)
    services.transition(project=project, actor=enrolment.coach, action="validate", reviewer=reviewer)
    assert "plan-action" not in ticked(enrolment)
    services.transition(project=project, actor=reviewer, action="validate")
    assert "plan-action" in ticked(enrolment)


def test_confirming_receipt_of_the_synthesis_ticks_it(db):
    enrolment = bilan(with_referential=False, codes=())
    final_synthesis(enrolment)
    assert "synthese" not in ticked(enrolment)
    services.confirm_receipt(enrolment=enrolment, actor=enrolment.beneficiary)
    assert ticked(enrolment) == ["synthese"]
