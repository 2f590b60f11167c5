"""Referrals: a prescriber refers, the person is invited by a signed link; possible duplicates wait for a human."""

import datetime
import time

import pytest
from django.core import mail

from openbilan.accounts.models import Role, User
from openbilan.enrolments import links as invitation_links
from openbilan.enrolments import services as enrolment_services
from openbilan.enrolments.errors import InvalidLink
from openbilan.enrolments.models import Enrolment
from openbilan.programmes import services
from openbilan.programmes.errors import NotAllowed
from openbilan.programmes.models import Referral
from openbilan.programmes.selectors import referrals_to_review, shares_with_prescriber
from tests.accounts.factories import OrganisationFactory, UserFactory, operator_admin
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

BIRTH = datetime.date(1985, 3, 2)


@pytest.fixture
def setting(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["email"]}}
    agency = OrganisationFactory(prescriber=True)
    programme = ProgrammeFactory()
    programme.prescribers.add(agency)
    adviser = UserFactory(role=Role.PRESCRIBER, role__organisation=agency)
    return programme, agency, adviser


def refer(setting, **values):
    programme, agency, adviser = setting
    person = {"first_name": "Sarah", "last_name": "Lemoine", "email": "sarah@exemple.fr", **values}
    return services.create_referral(programme=programme, prescriber=agency, created_by=adviser, **person)


def test_a_referral_invites_the_person_by_email(setting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(setting, qpv=True, social_minima="rsa")
    assert referral.state == Referral.State.INVITED
    enrolment = referral.enrolment
    assert (enrolment.status, enrolment.prescriber, enrolment.origin) == ("invited", setting[1], "referral")
    assert (enrolment.qpv, enrolment.social_minima) == (True, "rsa")
    assert enrolment.beneficiary.is_beneficiary and not enrolment.beneficiary.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["sarah@exemple.fr"]
    assert setting[1].name in message.body
    token = message.body.split("/programmes/invitation/")[1].split("/")[0]
    assert invitation_links.enrolment_from_invitation(token) == enrolment


def test_the_person_becomes_active_only_by_accepting_and_chooses_what_the_prescriber_sees(setting):
    enrolment = refer(setting).enrolment
    assert not shares_with_prescriber(enrolment)
    enrolment_services.accept_invitation(
        enrolment=enrolment, actor=enrolment.beneficiary, consent=True, share_with_prescriber=True
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "active" and enrolment.consented_at is not None
    assert shares_with_prescriber(enrolment)


def test_a_tampered_invitation_link_is_refused(setting):
    token = invitation_links.invitation_token(refer(setting).enrolment)
    with pytest.raises(InvalidLink):
        invitation_links.enrolment_from_invitation(token[:-2] + ("aa" if not token.endswith("aa") else "bb"))


def test_an_expired_invitation_link_says_so(setting, monkeypatch):
    enrolment = refer(setting).enrolment
    token = invitation_links.invitation_token(enrolment)
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(InvalidLink) as error:
        invitation_links.enrolment_from_invitation(token)
    assert error.value.expired


def test_a_prescriber_cannot_refer_to_a_programme_that_does_not_list_their_organisation(setting):
    _programme, agency, adviser = setting
    with pytest.raises(NotAllowed):
        services.create_referral(
            programme=ProgrammeFactory(),
            prescriber=agency,
            created_by=adviser,
            first_name="A",
            last_name="B",
            email="a@b.fr",
        )
    assert not Referral.objects.exists()


def test_the_same_email_waits_for_a_human_and_sends_no_invitation(setting, django_capture_on_commit_callbacks):
    known = UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(setting, email="SARAH@exemple.fr")
    assert (referral.state, referral.duplicate, referral.duplicate_of) == ("review", "email", known)
    assert referral.enrolment is None
    # No invitation: only the notice that tells the account's owner (issue 16, finding 5).
    [notice] = mail.outbox
    assert notice.to == ["sarah@exemple.fr"] and "/programmes/invitation/" not in notice.body
    assert User.objects.filter(email__iexact="sarah@exemple.fr").count() == 1


def test_the_same_name_and_birth_date_waits_for_a_human(setting):
    programme = setting[0]
    other = ProgrammeFactory(operator=programme.operator)
    known = EnrolmentFactory(
        programme=other,
        birth_date=BIRTH,
        beneficiary__first_name="Sarah",
        beneficiary__last_name="Le Moine",
    )
    referral = refer(setting, first_name="SARAH", last_name="Le-Moïne", birth_date=known.birth_date)
    assert (referral.state, referral.duplicate, referral.duplicate_of) == (
        "review",
        "name_birth_date",
        known.beneficiary,
    )


def test_people_of_another_operator_are_not_compared(setting):
    stranger = EnrolmentFactory(birth_date=BIRTH, beneficiary__first_name="Sarah", beneficiary__last_name="Lemoine")
    referral = refer(setting, birth_date=stranger.birth_date)
    assert referral.state == "invited"


def test_merging_attaches_the_referral_to_the_known_person_and_invites_them(
    setting, django_capture_on_commit_callbacks
):
    programme = setting[0]
    known = UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    referral = refer(setting)
    admin = operator_admin(role__organisation=programme.operator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_referral(referral=referral, decision="merge", actor=admin)
    referral.refresh_from_db()
    assert referral.state == "merged" and referral.reviewed_by == admin
    assert referral.enrolment.beneficiary == known
    assert [m.to for m in mail.outbox] == [["sarah@exemple.fr"]]


def test_merging_into_an_existing_enrolment_records_the_prescriber_and_changes_nothing_else(setting):
    programme, agency, _adviser = setting
    enrolment = EnrolmentFactory(programme=programme, beneficiary__email="sarah@exemple.fr")
    referral = refer(setting)
    services.decide_referral(
        referral=referral, decision="merge", actor=operator_admin(role__organisation=programme.operator)
    )
    enrolment.refresh_from_db()
    assert enrolment.prescriber == agency and enrolment.status == "active"
    assert Enrolment.objects.filter(programme=programme).count() == 1


def test_two_different_people_with_the_same_name_and_birth_date_can_be_separated(setting):
    programme = setting[0]
    EnrolmentFactory(
        programme=programme, birth_date=BIRTH, beneficiary__first_name="Sarah", beneficiary__last_name="Lemoine"
    )
    referral = refer(setting, birth_date=BIRTH)
    services.decide_referral(
        referral=referral, decision="separate", actor=operator_admin(role__organisation=programme.operator)
    )
    referral.refresh_from_db()
    assert referral.state == "invited"
    assert referral.enrolment.beneficiary.email == "sarah@exemple.fr"


def test_two_accounts_cannot_share_an_email(setting):
    programme = setting[0]
    UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    referral = refer(setting)
    with pytest.raises(NotAllowed):
        services.decide_referral(
            referral=referral, decision="separate", actor=operator_admin(role__organisation=programme.operator)
        )


def test_only_an_admin_of_the_programmes_operator_decides(setting):
    UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    referral = refer(setting)
    with pytest.raises(NotAllowed):
        services.decide_referral(referral=referral, decision="cancel", actor=operator_admin())
    assert not referrals_to_review(operator_admin()).exists()


def test_a_decided_referral_cannot_be_decided_again(setting):
    programme = setting[0]
    UserFactory(role=Role.BENEFICIARY, email="sarah@exemple.fr")
    referral = refer(setting)
    admin = operator_admin(role__organisation=programme.operator)
    services.decide_referral(referral=referral, decision="cancel", actor=admin)
    with pytest.raises(NotAllowed):
        services.decide_referral(referral=referral, decision="merge", actor=admin)


def test_a_professional_account_is_never_merged_into_a_referral(setting):
    programme = setting[0]
    UserFactory(role=Role.COACH, email="sarah@exemple.fr")
    referral = refer(setting)
    with pytest.raises(NotAllowed):
        services.decide_referral(
            referral=referral, decision="merge", actor=operator_admin(role__organisation=programme.operator)
        )
