import pytest

from openbilan.quality import export, selectors, services
from tests.accounts.factories import coach, funder_viewer, operator_admin
from tests.programmes.factories import EnrolmentFactory
from tests.quality.factories import admin_of, complaint, published_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return EnrolmentFactory()


@pytest.fixture
def request_(enrolment):
    return services.record_accommodation(
        person=enrolment.beneficiary, kinds=["sign_language"], details="LSF", consent=True
    )


def test_the_coach_and_the_operators_admins_see_the_request(enrolment, request_):
    assert list(selectors.accommodations_visible_to(enrolment.coach)) == [request_]
    assert list(selectors.accommodations_visible_to(admin_of(enrolment.programme))) == [request_]


@pytest.mark.parametrize("make", [coach, operator_admin, funder_viewer])
def test_nobody_else_sees_the_request(request_, make):
    assert selectors.accommodations_visible_to(make()) == []


def test_the_person_sees_the_referent_of_their_operator(enrolment):
    services.save_operator_quality(
        operator=enrolment.programme.operator,
        actor=admin_of(enrolment.programme),
        referent_name="Nora Diallo",
        referent_email="nora@example.org",
        referent_phone="",
        acknowledge_days=2,
        answer_days=15,
    )
    assert [r.referent_name for r in selectors.referents_for(enrolment.beneficiary)] == ["Nora Diallo"]


def test_only_published_offers_are_public():
    offer = published_offer()
    draft = published_offer()
    services.set_offer_published(programme=draft.programme, actor=admin_of(draft.programme), published=False)
    assert list(selectors.published_offers()) == [offer]
    assert selectors.published_offer(draft.programme.slug) is None


def test_the_register_holds_only_the_admins_operator(enrolment):
    mine = complaint(enrolment.programme)
    complaint()  # another operator's
    assert list(selectors.complaints_register(admin_of(enrolment.programme))) == [mine]


def test_the_export_holds_the_persons_complaints_and_requests(enrolment, request_):
    complaint(enrolment.programme, person=enrolment.beneficiary, body="Le lien de visio ne marchait pas.")
    data = export.part(enrolment.beneficiary)
    assert [c["complaint"] for c in data["complaints"]] == ["Le lien de visio ne marchait pas."]
    assert data["complaints"][0]["state"] == "received"
    assert data["accommodation_requests"][0]["kinds"] == ["sign_language"]
