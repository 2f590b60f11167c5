"""Joining the network, and meetings from the request to the feedback, with their limits."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.network import export, limits, selectors, services
from openbilan.network.errors import NetworkRefused
from openbilan.network.models import Invitation, Meeting, ProfessionalProfile
from tests.accounts.factories import UserFactory, beneficiary
from tests.coaching.factories import admin_of, followed
from tests.network.factories import accepted, done, professional, requested
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory
from tests.recommendations.factories import referential


def refused(expected, call, **kwargs):
    with pytest.raises(NetworkRefused) as error:
        call(**kwargs)
    assert error.value.code == expected
    return error.value


# --- joining -------------------------------------------------------------------------------------------------------


# E-mails go through the task queue: run at once here, so that the tests read them in the outbox.
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}}


@override_settings(TASKS=IMMEDIATE)
class NetworkServices(TestCase):
    """One bilan and one professional per class (setUpTestData), rolled back after each test."""

    @classmethod
    def setUpTestData(cls):
        referential()
        enrolment = followed(phase="investigation")
        cls.world = (enrolment, professional(enrolment.programme.operator, codes=("K2111", "K2104")))

    def test_an_invited_professional_is_approved_with_the_role(self):
        django_capture_on_commit_callbacks = self.captureOnCommitCallbacks
        programme = ProgrammeFactory()
        admin = admin_of(programme)
        with django_capture_on_commit_callbacks(execute=True):
            invitation, token = services.invite(operator=programme.operator, email="Pro@Example.org", invited_by=admin)
        assert invitation.token_hash != token and token not in invitation.token_hash
        assert token in mail.outbox[0].body
        profile = services.accept_invitation(
            token=token,
            first_name="Inès",
            last_name="Moreau",
            password="un-mot-de-passe-long",
            headline="Formatrice",
            region="nor",
            codes=["k2111"],
        )
        assert profile.state == ProfessionalProfile.State.APPROVED
        assert profile.user.email == "pro@example.org"
        assert Role.PROFESSIONAL in profile.user.roles
        assert list(profile.occupations.values_list("code_rome", flat=True)) == ["K2111"]
        refused(
            "invitation_invalid",
            services.accept_invitation,
            token=token,
            first_name="X",
            last_name="Y",
            password="un-mot-de-passe-long",
            headline="X",
            region="nor",
            codes=["K2111"],
        )

    def test_an_expired_invitation_is_refused(self):
        programme = ProgrammeFactory()
        _invitation, token = services.invite(
            operator=programme.operator, email="a@example.org", invited_by=admin_of(programme)
        )
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        assert services.invitation_for(token) is None

    def test_only_an_admin_of_the_operator_invites(self):
        programme = ProgrammeFactory()
        other = admin_of(ProgrammeFactory())
        refused("not_allowed", services.invite, operator=programme.operator, email="a@example.org", invited_by=other)

    def test_a_sign_up_waits_for_an_admin_and_holds_no_role_until_then(self):
        programme = ProgrammeFactory()
        profile = services.sign_up(
            operator=programme.operator,
            email="pro@example.org",
            first_name="Luc",
            last_name="Petit",
            password="un-mot-de-passe-long",
            headline="Cariste",
            region="nor",
            codes="N1101, K2111",
        )
        assert profile.state == ProfessionalProfile.State.PENDING
        assert profile.user.roles == frozenset()
        refused(
            "not_allowed", services.decide_signup, profile=profile, actor=admin_of(ProgrammeFactory()), approve=True
        )
        services.decide_signup(profile=profile, actor=admin_of(programme), approve=True)
        profile.user.__dict__.pop("roles", None)
        assert Role.PROFESSIONAL in profile.user.roles
        refused("not_pending", services.decide_signup, profile=profile, actor=admin_of(programme), approve=False)

    def test_unknown_rome_codes_are_named_in_the_refusal(self):
        error = refused("unknown_codes", services.parse_codes, raw="K2111, Z9999, hello")
        assert "Z9999" in error.messages[0] and "HELLO" in error.messages[0]

    def test_an_existing_account_is_not_signed_up_again_nor_changed(self):
        """Issue 16, finding 5: no refusal (it would tell the address has an account), no second account."""
        person = beneficiary()
        created = services.sign_up(
            operator=ProgrammeFactory().operator,
            email=person.email.upper(),
            first_name="A",
            last_name="B",
            password="un-mot-de-passe-long",
            headline="X",
            region="nor",
            codes=["K2111"],
        )
        assert created is None
        assert not ProfessionalProfile.objects.filter(user=person).exists()
        person.refresh_from_db()
        assert person.first_name != "A" and not person.check_password("un-mot-de-passe-long")

    # --- requests and their limits ------------------------------------------------------------------------------------

    def test_a_request_reaches_the_professional_with_only_the_first_name(self):
        world = self.world
        django_capture_on_commit_callbacks = self.captureOnCommitCallbacks
        enrolment, profile = world
        with django_capture_on_commit_callbacks(execute=True):
            meeting = requested(enrolment, profile)
        assert meeting.state == Meeting.State.REQUESTED
        assert mail.outbox[0].to == [profile.user.email]
        assert enrolment.beneficiary.first_name in mail.outbox[0].body
        assert enrolment.beneficiary.last_name not in mail.outbox[0].body

    def test_a_person_without_a_bilan_in_progress_cannot_ask(self):
        world = self.world
        _enrolment, profile = world
        invited = EnrolmentFactory(invited=True, programme=_enrolment.programme)
        refused(
            "not_enrolled",
            services.request_meeting,
            beneficiary=invited.beneficiary,
            professional=profile,
            code_rome="K2111",
            request="Bonjour",
        )

    def test_a_professional_of_another_operator_is_out_of_reach(self):
        world = self.world
        enrolment, _profile = world
        stranger = professional(ProgrammeFactory().operator)
        refused("not_in_network", requested, enrolment=enrolment, profile=stranger)

    def test_only_the_professionals_own_occupations_and_approved_profiles(self):
        world = self.world
        enrolment, profile = world
        refused("wrong_occupation", requested, enrolment=enrolment, profile=profile, code="N1101")
        paused = professional(enrolment.programme.operator, state=ProfessionalProfile.State.PAUSED)
        refused("not_available", requested, enrolment=enrolment, profile=paused)

    def test_an_empty_request_is_refused(self):
        world = self.world
        enrolment, profile = world
        refused("request_missing", requested, enrolment=enrolment, profile=profile, request="   ")

    def test_a_person_sends_at_most_five_requests_a_day(self):
        world = self.world
        enrolment, _profile = world
        operator = enrolment.programme.operator
        for _ in range(limits.REQUESTS_PER_DAY):
            requested(enrolment, professional(operator))
        error = refused("daily_limit", requested, enrolment=enrolment, profile=professional(operator))
        assert "(5 au plus)" in error.messages[0]
        later = timezone.now() + datetime.timedelta(hours=25)
        assert requested(enrolment, professional(operator), now=later).pk

    def test_a_professional_gets_at_most_three_pending_requests(self):
        world = self.world
        enrolment, profile = world
        for _ in range(limits.PENDING_PER_PROFESSIONAL):
            other = followed(phase="investigation", programme=enrolment.programme)
            requested(other, profile)
        refused("professional_busy", requested, enrolment=enrolment, profile=profile)
        Meeting.objects.update(created_at=timezone.now() - datetime.timedelta(days=limits.PENDING_DAYS + 1))
        assert requested(enrolment, profile).pk  # requests left unanswered for two weeks no longer count

    def test_one_open_request_at_a_time_with_the_same_professional(self):
        world = self.world
        enrolment, profile = world
        meeting = requested(enrolment, profile)
        refused("already_open", requested, enrolment=enrolment, profile=profile)
        services.cancel(meeting=meeting, actor=enrolment.beneficiary)
        assert requested(enrolment, profile).pk

    # --- the meeting --------------------------------------------------------------------------------------------------

    def test_only_the_professional_answers(self):
        world = self.world
        enrolment, profile = world
        meeting = requested(enrolment, profile)
        refused("not_allowed", services.answer, meeting=meeting, actor=enrolment.beneficiary, accept=True)
        refused("not_allowed", services.answer, meeting=meeting, actor=enrolment.coach, accept=True)
        services.answer(meeting=meeting, actor=profile.user, accept=False, reason="Pas disponible ce mois-ci.")
        refused("not_requested", services.answer, meeting=meeting, actor=profile.user, accept=True)

    def test_the_thread_opens_once_the_meeting_is_accepted(self):
        world = self.world
        enrolment, profile = world
        meeting = requested(enrolment, profile)
        refused("not_accepted", services.post_message, meeting=meeting, author=enrolment.beneficiary, body="Bonjour")
        services.answer(meeting=meeting, actor=profile.user, accept=True)
        services.post_message(meeting=meeting, author=profile.user, body="Mardi 18 h ?")
        services.post_message(meeting=meeting, author=enrolment.beneficiary, body="Parfait.")
        assert [m.body for m in selectors.messages_of(meeting)] == ["Mardi 18 h ?", "Parfait."]
        refused("not_allowed", services.post_message, meeting=meeting, author=enrolment.coach, body="Intrus")

    def test_the_thread_stays_short(self):
        world = self.world
        enrolment, profile = world
        meeting = accepted(enrolment, profile)
        for n in range(limits.MESSAGES_PER_MEETING):
            services.post_message(meeting=meeting, author=profile.user, body=f"Message {n}")
        refused("too_many_messages", services.post_message, meeting=meeting, author=profile.user, body="Encore")

    def test_the_meeting_is_set_in_the_future_with_a_place(self):
        world = self.world
        enrolment, profile = world
        meeting = accepted(enrolment, profile)
        past = timezone.now() - datetime.timedelta(hours=1)
        refused("slot_past", services.schedule, meeting=meeting, actor=profile.user, scheduled_at=past, place="Caen")
        soon = timezone.now() + datetime.timedelta(days=3)
        refused("place_missing", services.schedule, meeting=meeting, actor=profile.user, scheduled_at=soon, place=" ")
        services.schedule(meeting=meeting, actor=enrolment.beneficiary, scheduled_at=soon, place="AFPA de Caen")
        meeting.refresh_from_db()
        assert meeting.place == "AFPA de Caen"

    def test_the_debrief_is_dated_between_the_request_and_today(self):
        world = self.world
        enrolment, profile = world
        meeting = accepted(enrolment, profile)
        today = timezone.localdate()
        kwargs = {"meeting": meeting, "actor": enrolment.beneficiary, "text": "Instructif", "outcome": "confirms"}
        refused("held_future", services.debrief, held_on=today + datetime.timedelta(days=1), **kwargs)
        refused("held_before_request", services.debrief, held_on=today - datetime.timedelta(days=2), **kwargs)
        refused("outcome_missing", services.debrief, held_on=today, **{**kwargs, "outcome": "maybe"})
        refused("not_allowed", services.debrief, held_on=today, **{**kwargs, "actor": profile.user})
        assert services.debrief(held_on=today, **kwargs).state == Meeting.State.DONE

    def test_feedback_comes_after_the_debrief_from_the_professional_only(self):
        world = self.world
        enrolment, profile = world
        meeting = accepted(enrolment, profile)
        refused("feedback_before_done", services.leave_feedback, meeting=meeting, actor=profile.user, text="Merci")
        meeting = services.debrief(
            meeting=meeting, actor=enrolment.beneficiary, held_on=timezone.localdate(), text="Bien", outcome="nuances"
        )
        refused("not_allowed", services.leave_feedback, meeting=meeting, actor=enrolment.beneficiary, text="Merci")
        assert services.leave_feedback(meeting=meeting, actor=profile.user, text="Bonne chance !").feedback

    def test_debriefs_are_the_field_evidence_of_the_occupation(self):
        world = self.world
        enrolment, profile = world
        done(enrolment, profile, code="K2111")
        other = professional(enrolment.programme.operator, codes=("K2104",))
        done(enrolment, other, code="K2104")
        accepted(enrolment, professional(enrolment.programme.operator))
        found = selectors.debriefs_of(enrolment.beneficiary, ["K2111"])
        assert [d.code_rome for d in found] == ["K2111"]
        assert found[0].outcome_label == "Elle confirme mon projet"
        assert len(selectors.debriefs_of(enrolment.beneficiary)) == 2

    def test_a_professionals_role_in_one_operator_gives_nothing_elsewhere(self):
        world = self.world
        _enrolment, profile = world
        user = UserFactory(role=Role.PROFESSIONAL)
        assert selectors.profile_of(user) is None
        assert selectors.profile_of(profile.user) == profile

    def test_the_persons_field_evidence_outlives_a_professional_who_leaves(self):
        enrolment, profile = self.world
        done(enrolment, profile)
        profile.user.delete()
        found = selectors.debriefs_of(enrolment.beneficiary, ["K2111"])
        assert len(found) == 1 and found[0].professional == "Un professionnel parti du réseau"
        assert export.part(enrolment.beneficiary)["meetings"][0]["professional"]
