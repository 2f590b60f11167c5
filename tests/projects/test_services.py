"""A project from the shortlist to its validation: evidence, editing rules, the workflow and its history."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from openbilan.network.models import Meeting
from openbilan.programmes.models import EnrolmentStatus, Programme
from openbilan.projects import export, selectors, services
from openbilan.projects.errors import ProjectsRefused
from openbilan.projects.models import ProjectEvent, ProjectState
from tests.accounts.factories import beneficiary
from tests.coaching.factories import coach_of
from tests.network.factories import done, professional
from tests.projects.factories import bilan, fill, start, submitted


def refused(expected, call, **kwargs):
    with pytest.raises(ProjectsRefused) as error:
        call(**kwargs)
    assert error.value.code == expected
    return error.value


class ProjectServices(TestCase):
    """One bilan per class (setUpTestData): each test starts from it, rolled back after."""

    @classmethod
    def setUpTestData(cls):
        cls.enrolment = bilan()

    def test_a_shortlisted_occupation_becomes_a_project_with_its_evidence(self):
        enrolment = self.enrolment
        project = start(enrolment)
        assert project.state == ProjectState.DRAFT
        assert (project.code_rome, project.kind, project.title) == ("K2111", "occupation", "Formateur / Formatrice")
        assert project.alignment_evidence["rank"] >= 1
        assert {r["kind"] for r in project.alignment_evidence["reasons"]} >= {"interests"}
        assert project.feasibility_evidence["entry"]["__text__"]
        assert [e.action for e in project.events.all()] == ["created"]

    def test_a_project_starts_only_from_ones_own_shortlist(self):
        enrolment = self.enrolment
        stranger = bilan(with_referential=False)
        item = stranger.beneficiary.shortlist.first()
        refused(
            "not_shortlisted",
            services.start_project,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            shortlist_item_id=item.pk,
        )
        refused(
            "not_allowed",
            services.start_project,
            enrolment=enrolment,
            actor=enrolment.coach,
            shortlist_item_id=enrolment.beneficiary.shortlist.first().pk,
        )

    def test_the_same_path_is_one_project(self):
        enrolment = self.enrolment
        start(enrolment)
        refused("already_exists", start, enrolment=enrolment)

    def test_a_paused_bilan_takes_no_new_project(self):
        enrolment = self.enrolment
        type(enrolment).objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.PAUSED, paused_at=timezone.now())
        enrolment.refresh_from_db()
        refused("not_active", start, enrolment=enrolment)

    def test_the_criteria_fill_up_with_evidence(self):
        enrolment = self.enrolment
        project = start(enrolment)
        assert {c.kind for c in selectors.checks_of(project) if c.met} == set()
        project = fill(project)
        assert all(c.met for c in selectors.checks_of(project))

    def test_a_network_meeting_debriefed_counts_as_field_evidence(self):
        enrolment = self.enrolment
        project = fill(start(enrolment), field=False)
        assert not selectors.project_view(project).by_kind["field"].met
        for _ in range(2):
            done(enrolment, professional(enrolment.programme.operator))
        view = selectors.project_view(project)
        assert view.by_kind["field"].met
        assert len(view.debriefs) == 2

    def test_a_meeting_about_another_occupation_does_not_count(self):
        enrolment = self.enrolment
        project = fill(start(enrolment), field=False)
        for _ in range(2):
            done(enrolment, professional(enrolment.programme.operator, codes=("K2104",)), code="K2104")
        assert not selectors.project_view(project).by_kind["field"].met
        assert Meeting.objects.filter(state="done").count() == 2

    def test_hostile_dates_are_refused(self):
        enrolment = self.enrolment
        project = start(enrolment)
        person = enrolment.beneficiary
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        refused(
            "date_future",
            services.add_market,
            project=project,
            actor=person,
            kind="offer",
            on=tomorrow,
            description="Offre",
        )
        refused(
            "date_invalid",
            services.add_step,
            project=project,
            actor=person,
            title="Plus tard",
            due_on=datetime.date(2099, 1, 1),
        )
        refused(
            "text_missing",
            services.add_field,
            project=project,
            actor=person,
            kind="interview",
            held_on=timezone.localdate(),
            with_whom=" ",
            debrief="x",
        )
        refused(
            "funding_invalid",
            services.save_funding,
            project=project,
            actor=person,
            training_needed=True,
            training_name="X",
            sources=["lottery"],
            note="",
        )

    def test_the_person_cannot_submit_before_every_criterion_is_met(self):
        enrolment = self.enrolment
        project = start(enrolment)
        refused("criteria_missing", services.transition, project=project, actor=enrolment.beneficiary, action="submit")

    def test_a_submitted_project_is_locked_for_the_person_but_steps_can_be_ticked(self):
        enrolment = self.enrolment
        project = submitted(enrolment)
        refused("not_editable", services.save_notes, project=project, actor=enrolment.beneficiary, alignment_note="x")
        step = project.steps.first()
        services.set_step_done(project=project, actor=enrolment.beneficiary, step_id=step.pk, done=True)
        step.refresh_from_db()
        assert step.done_on == timezone.localdate()

    def test_the_coach_asks_for_changes_then_validates_and_the_history_keeps_it_all(self):
        enrolment = self.enrolment
        project = submitted(enrolment)
        coach = enrolment.coach
        refused("comment_missing", services.transition, project=project, actor=coach, action="request_changes")
        services.transition(
            project=project,
            actor=coach,
            action="request_changes",
            comment="Précisez le financement.",
            criteria_comments={"funding": "Quel organisme ?", "unknown": "ignored"},
        )
        project.refresh_from_db()
        assert project.state == ProjectState.CHANGES_REQUESTED
        view = selectors.project_view(project)
        assert view.review.criteria_comments == {"funding": "Quel organisme ?"}
        services.save_notes(project=project, actor=enrolment.beneficiary, feasibility_note="Précisé.")
        services.transition(project=project, actor=enrolment.beneficiary, action="submit")
        services.transition(project=project, actor=coach, action="validate")
        project.refresh_from_db()
        assert project.state == ProjectState.VALIDATED and project.validated_at and project.signed_off_by == coach
        assert [e.action for e in project.events.all()] == [
            "created",
            "submit",
            "request_changes",
            "submit",
            "validate",
        ]
        with pytest.raises(PermissionError):
            project.events.first().save()

    def test_another_coach_cannot_review(self):
        enrolment = self.enrolment
        project = submitted(enrolment)
        refused(
            "not_allowed", services.transition, project=project, actor=coach_of(enrolment.programme), action="validate"
        )

    def test_a_programme_asking_for_a_second_reviewer(self):
        enrolment = self.enrolment
        Programme.objects.filter(pk=enrolment.programme_id).update(second_reviewer=True)
        project = submitted(enrolment)
        coach, reviewer = enrolment.coach, coach_of(enrolment.programme)
        refused("reviewer_missing", services.transition, project=project, actor=coach, action="validate")
        services.transition(project=project, actor=coach, action="validate", reviewer=reviewer)
        project.refresh_from_db()
        assert project.state == ProjectState.SECOND_REVIEW and project.second_reviewer == reviewer
        assert selectors.project_access(reviewer, project.pk).is_reviewer
        services.transition(project=project, actor=reviewer, action="validate")
        project.refresh_from_db()
        assert project.state == ProjectState.VALIDATED
        assert selectors.project_access(reviewer, project.pk) is None  # the review is over: no more access

    def test_the_second_reviewer_is_a_coach_of_the_same_operator_other_than_the_coach(self):
        enrolment = self.enrolment
        Programme.objects.filter(pk=enrolment.programme_id).update(second_reviewer=True)
        project = submitted(enrolment)
        other_operator_coach = bilan(with_referential=False).coach
        for reviewer in (enrolment.coach, other_operator_coach, beneficiary()):
            refused(
                "reviewer_invalid",
                services.transition,
                project=project,
                actor=enrolment.coach,
                action="validate",
                reviewer=reviewer,
            )

    def test_the_main_project_is_the_most_advanced(self):
        enrolment = self.enrolment
        first = start(enrolment, "K2104")
        second = submitted(enrolment)
        assert selectors.project_of(enrolment.beneficiary) == second
        assert first != second
        summary = selectors.project_summary_for(enrolment.beneficiary)
        assert summary.met_count == 6

    def test_refreshing_takes_the_evidence_again_while_the_project_is_editable(self):
        enrolment = self.enrolment
        project = start(enrolment)
        type(project).objects.filter(pk=project.pk).update(alignment_evidence={}, evidence_taken_at=None)
        project.refresh_from_db()
        assert selectors.checks_of(project)[0].missing == "alignment_not_taken"
        project = services.refresh_evidence(project=project, actor=enrolment.beneficiary)
        assert project.alignment_evidence["reasons"] and project.evidence_taken_at
        refused("not_allowed", services.refresh_evidence, project=project, actor=enrolment.coach)

    def test_the_export_holds_the_project_and_its_history(self):
        enrolment = self.enrolment
        submitted(enrolment)
        exported = export.part(enrolment.beneficiary)
        project = exported["projects"][0]
        assert project["code_rome"] == "K2111"
        assert [h["action"] for h in project["history"]] == ["created", "submit"]
        assert len(project["steps"]) == 2 and len(project["field_evidence"]) == 2
        assert ProjectEvent.objects.count() == 2
