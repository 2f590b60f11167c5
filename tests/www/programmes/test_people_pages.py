"""The prescriber's referral form, the person's signed invitation link and surveys, their disability page, and the
coach's record of an outcome."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbilan.accounts.models import Role
from openbilan.enrolments import links as invitation_links
from openbilan.enrolments.models import Enrolment
from openbilan.privacy.models import AccessLog
from openbilan.programmes import links, services
from openbilan.programmes.models import DisabilityDeclaration, Evaluation, Outcome, Programme, Referral, Survey
from openbilan.www.programmes.forms import ReferralForm
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

PASSWORD = "un-mot-de-passe-tres-sûr"


@pytest.fixture
def referral_world(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["email"]}}
    agency = OrganisationFactory(prescriber=True)
    programme = ProgrammeFactory()
    programme.prescribers.add(agency)
    adviser = UserFactory(role=Role.PRESCRIBER, role__organisation=agency)
    return programme, agency, adviser


def refer(client, programme, **values):
    data = {
        "programme": programme.pk,
        "first_name": "Sarah",
        "last_name": "Lemoine",
        "email": "sarah@exemple.fr",
        **values,
    }
    return client.post("/programmes/orienter/", data)


def test_a_prescriber_refers_a_person_who_receives_an_invitation(
    client, referral_world, django_capture_on_commit_callbacks
):
    programme, agency, adviser = referral_world
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        response = refer(client, programme, qpv="yes", birth_date="1990-05-04")
    assert response.url == "/prescripteur/"
    referral = Referral.objects.get()
    assert (referral.prescriber, referral.qpv, referral.enrolment.age_band) == (agency, True, "26_44")
    assert mail.outbox[0].to == ["sarah@exemple.fr"]


def test_a_referral_form_with_a_bad_email_says_so_and_saves_nothing(client, referral_world):
    programme, _agency, adviser = referral_world
    client.force_login(adviser)
    response = refer(client, programme, email="sarah@", birth_date="1800-01-01")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "birth_date"}
    assert not Referral.objects.exists()


def test_a_prescriber_cannot_refer_to_a_programme_of_another_network(client, referral_world):
    _programme, _agency, adviser = referral_world
    client.force_login(adviser)
    response = refer(client, ProgrammeFactory())
    assert "programme" in response.context["form"].errors
    assert not Referral.objects.exists()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.dictionaries(st.sampled_from(list(ReferralForm.base_fields)), st.text(max_size=60), max_size=8))
def test_hostile_referral_input_never_breaks_the_form(data):
    form = ReferralForm(data, programmes=Programme.objects.none())
    assert form.is_valid() is False
    assert "programme" in form.errors


def test_the_invitation_link_lets_the_person_choose_a_password_then_accept(client, referral_world):
    programme, agency, adviser = referral_world
    referral = services.create_referral(
        programme=programme,
        prescriber=agency,
        created_by=adviser,
        first_name="Sarah",
        last_name="Lemoine",
        email="s@exemple.fr",
    )
    url = f"/programmes/invitation/{invitation_links.invitation_token(referral.enrolment)}/"
    assert "s@exemple.fr" in client.get(url).content.decode()
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    invitation = f"/parcours/invitation/{referral.enrolment.pk}/"
    assert response.url == invitation
    client.post(invitation, {"consent": "on", "share_with_prescriber": "on"})
    enrolment = Enrolment.objects.get(pk=referral.enrolment.pk)
    assert enrolment.status == "active" and enrolment.shares_with_prescriber
    client.logout()
    client.force_login(adviser)
    text = client.get("/prescripteur/").content.decode()
    assert "Lemoine" in text and "En cours" in text


def test_a_used_invitation_link_sends_the_person_to_sign_in(client, referral_world):
    enrolment = EnrolmentFactory(invited=True)
    response = client.get(f"/programmes/invitation/{invitation_links.invitation_token(enrolment)}/")
    assert response.url == f"/compte/connexion/?next=%2Fparcours%2Finvitation%2F{enrolment.pk}%2F"


def test_a_wrong_invitation_link_is_a_clear_404(client, db):
    response = client.get("/programmes/invitation/pas-un-jeton/")
    assert response.status_code == 404
    assert (
        "Ce lien n&#x27;est pas valable" in response.content.decode()
        or "Ce lien n'est pas valable" in response.content.decode()
    )


def test_an_invitation_opened_from_another_account_asks_to_sign_out(client, db):
    enrolment = EnrolmentFactory(invited=True)
    enrolment.beneficiary.set_unusable_password()
    enrolment.beneficiary.save()
    client.force_login(UserFactory(role=Role.BENEFICIARY))
    response = client.get(f"/programmes/invitation/{invitation_links.invitation_token(enrolment)}/")
    assert "Cette invitation est pour une autre personne" in response.content.decode()


def test_the_prescriber_does_not_see_the_status_of_a_person_who_did_not_share_it(client, db):
    shared = EnrolmentFactory(referred=True, shares_with_prescriber=True, beneficiary__last_name="Partage")
    EnrolmentFactory(
        prescriber=shared.prescriber, status="paused", paused_at=timezone.now(), beneficiary__last_name="Secret"
    )
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=shared.prescriber))
    rows = {row.name.split()[-1]: row for row in client.get("/rapports/orientations/").context["rows"]}
    assert rows["Partage"].status == "En cours"
    assert rows["Secret"].status == "Non partagé par la personne" and not rows["Secret"].shared


def test_the_prescriber_home_lists_their_referrals_in_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    first = EnrolmentFactory(referred=True)
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=first.prescriber))
    with django_assert_max_num_queries(12) as few:
        client.get("/prescripteur/")
    EnrolmentFactory.create_batch(8, prescriber=first.prescriber)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/prescripteur/")


def completed_survey(kind="6m"):
    enrolment = EnrolmentFactory(completed=True)
    return Survey.objects.create(enrolment=enrolment, kind=kind, due_on=datetime.date(2026, 1, 1))


def test_the_survey_is_answered_from_its_link_without_signing_in(client, db):
    survey = completed_survey()
    url = f"/programmes/enquete/{links.survey_token(survey)}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "situation-kind": "training",
            "evaluation-knows_self_better": "4",
            "evaluation-satisfaction": "5",
            "evaluation-recommend": "10",
            "evaluation-testimonial": "Très utile.",
            "evaluation-testimonial_publish": "on",
        },
    )
    assert "Nous avons bien reçu vos réponses" in response.content.decode()
    assert Outcome.objects.get().kind == "training"
    assert Evaluation.objects.get().testimonial_publish
    assert "déjà répondu" in client.get(url).content.decode()


def test_a_survey_with_an_unknown_answer_shows_the_error_and_saves_nothing(client, db):
    survey = completed_survey()
    response = client.post(f"/programmes/enquete/{links.survey_token(survey)}/", {"situation-kind": "pirate"})
    assert response.status_code == 200 and response.context["situation"].errors
    assert not Outcome.objects.exists()


def test_the_disability_page_is_the_persons_own(client, db):
    person = UserFactory(role=Role.BENEFICIARY)
    client.force_login(person)
    response = client.post("/programmes/handicap/", {"recognised": "yes", "accommodations": "Pauses"})
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not DisabilityDeclaration.objects.exists()
    client.post("/programmes/handicap/", {"recognised": "yes", "accommodations": "Pauses", "consent": "on"})
    assert DisabilityDeclaration.objects.get(person=person).accommodations == "Pauses"
    client.post("/programmes/handicap/", {"withdraw": "1"})
    assert not DisabilityDeclaration.objects.exists()


@pytest.mark.parametrize("role", [Role.COACH, Role.OPERATOR_ADMIN, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_no_other_role_opens_the_disability_page(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/programmes/handicap/").status_code == 403


def test_the_coach_records_an_outcome_and_the_access_is_logged(client, db):
    enrolment = EnrolmentFactory(completed=True)
    client.force_login(enrolment.coach)
    url = f"/programmes/inscriptions/{enrolment.pk}/situation/"
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(actor=enrolment.coach, subject=enrolment.beneficiary).exists()
    client.post(
        url,
        {
            "moment": "end",
            "kind": "employed_durable",
            "observed_on": timezone.localdate().isoformat(),
            "rome_code": "k2111",
        },
    )
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.source, outcome.rome_code) == ("employed_durable", "coach", "K2111")


@pytest.mark.parametrize(
    "role", ["another coach", Role.OPERATOR_ADMIN, Role.FUNDER_VIEWER, Role.PRESCRIBER, "the person"]
)
def test_nobody_else_opens_the_outcome_page(client, db, role):
    enrolment = EnrolmentFactory(completed=True, referred=True)
    users = {
        "another coach": UserFactory(role=Role.COACH, role__organisation=enrolment.programme.operator),
        "the person": enrolment.beneficiary,
        Role.OPERATOR_ADMIN: UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=enrolment.programme.operator),
        Role.FUNDER_VIEWER: UserFactory(role=Role.FUNDER_VIEWER, role__organisation=enrolment.programme.funder),
        Role.PRESCRIBER: UserFactory(role=Role.PRESCRIBER, role__organisation=enrolment.prescriber),
    }
    client.force_login(users[role])
    url = f"/programmes/inscriptions/{enrolment.pk}/situation/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"moment": "end", "kind": "training", "observed_on": "2026-01-01"}).status_code == 404
    assert not Outcome.objects.exists() and not AccessLog.objects.exists()
