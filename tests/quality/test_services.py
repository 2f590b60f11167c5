import datetime

import pytest
from django.utils import timezone

from openbilan.quality import services
from openbilan.quality.errors import QualityRefused
from openbilan.quality.models import AccommodationRequest, Complaint, ComplaintState, ResultsSnapshot
from tests.accounts.factories import beneficiary, operator_admin
from tests.programmes.factories import ProgrammeFactory
from tests.quality.factories import admin_of, cohort, complaint, published_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def admin(programme):
    return admin_of(programme)


# --- Offers ----------------------------------------------------------------------------------------------------------


def test_an_offer_that_is_not_funded_needs_a_price(programme, admin):
    with pytest.raises(QualityRefused) as refused:
        services.save_offer(
            programme=programme, actor=admin, objectives="O", duration="3 mois", how_to_start="H", funded=False
        )
    assert refused.value.code == "price_missing"


def test_an_empty_offer_cannot_be_published(programme, admin):
    with pytest.raises(QualityRefused) as refused:
        services.set_offer_published(programme=programme, actor=admin, published=True)
    assert refused.value.code == "offer_incomplete"


def test_an_admin_of_another_operator_cannot_edit_the_offer(programme):
    with pytest.raises(QualityRefused):
        services.save_offer(programme=programme, actor=operator_admin(), objectives="O", duration="D", how_to_start="H")


def test_publishing_dates_the_offer_and_withdrawing_hides_it(programme, admin):
    offer = published_offer(programme, admin)
    assert offer.published and offer.published_at is not None
    offer = services.set_offer_published(programme=programme, actor=admin, published=False)
    assert not offer.published


# --- Results ---------------------------------------------------------------------------------------------------------


def test_results_of_a_small_programme_publish_no_count(programme, admin):
    cohort(programme, completed=4, dropped=1, satisfied=3)
    figures = services.publish_results(programme=programme, actor=admin).figures
    assert figures["published"] is False
    assert figures["enrolled"] == "< 11" and figures["completed"] == {"n": "< 11", "pct": "< 11"}
    assert figures["satisfaction"]["withheld"] and figures["satisfaction"]["satisfied_pct"] is None


def test_results_give_completion_over_everyone_enrolled_and_satisfaction_over_those_who_answered(programme, admin):
    cohort(programme, completed=16, active=3, dropped=1, satisfied=12, unsatisfied=4)
    figures = services.publish_results(programme=programme, actor=admin, today=datetime.date(2030, 1, 1)).figures
    assert figures["enrolled"] == 20
    assert figures["completed"] == {"n": 16, "pct": 80.0}
    assert figures["dropped"] == {"n": "< 11", "pct": "< 11"}  # the headline withholds small counts too (issue 18)
    assert figures["satisfaction"]["answered"] == 16
    assert figures["satisfaction"]["satisfied_pct"] == 75.0


def test_satisfaction_from_fewer_answers_than_the_threshold_is_withheld(programme, admin):
    cohort(programme, completed=16, satisfied=6, unsatisfied=2)
    satisfaction = services.publish_results(programme=programme, actor=admin).figures["satisfaction"]
    assert satisfaction["withheld"] and satisfaction["answered"] == "< 11"


def test_a_published_snapshot_cannot_be_edited(programme, admin):
    snapshot = services.publish_results(programme=programme, actor=admin)
    snapshot.figures = {"enrolled": 1000}
    with pytest.raises(PermissionError):
        snapshot.save()
    with pytest.raises(PermissionError):
        ResultsSnapshot.objects.filter(pk=snapshot.pk).update(as_of=datetime.date(2020, 1, 1))


def test_a_new_snapshot_leaves_the_previous_one_as_it_was(programme, admin):
    first = services.publish_results(programme=programme, actor=admin)
    cohort(programme, completed=12)
    services.publish_results(programme=programme, actor=admin)
    first.refresh_from_db()
    assert first.figures["enrolled"] == "< 11"
    assert ResultsSnapshot.objects.filter(programme=programme).count() == 2


# --- Complaints ------------------------------------------------------------------------------------------------------


def test_deadlines_come_from_the_operators_settings(programme, admin):
    services.save_operator_quality(
        operator=programme.operator,
        actor=admin,
        referent_name="",
        referent_email="",
        referent_phone="",
        acknowledge_days=3,
        answer_days=10,
    )
    now = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    item = complaint(programme, now=now)
    assert item.acknowledge_by == datetime.date(2026, 3, 5)
    assert item.answer_by == datetime.date(2026, 3, 12)


def test_a_signed_in_person_files_with_the_address_of_their_account(programme):
    person = beneficiary()
    item = complaint(programme, person=person, email="ignored@example.org")
    assert item.statement.person == person and item.statement.email == person.email


def test_a_complaint_cannot_skip_a_step(programme, admin):
    item = complaint(programme)
    with pytest.raises(QualityRefused) as refused:
        services.move_complaint(complaint=item, actor=admin, target=ComplaintState.ANSWERED, answer="Réponse")
    assert refused.value.code == "illegal_transition"
    assert "Reçue" in refused.value.messages[0]
    assert Complaint.objects.get(pk=item.pk).state == ComplaintState.RECEIVED


def test_an_unknown_state_is_refused_with_a_message(programme, admin):
    with pytest.raises(QualityRefused) as refused:
        services.move_complaint(complaint=complaint(programme), actor=admin, target="deleted")
    assert refused.value.code == "illegal_transition"


def test_a_complaint_is_answered_only_with_its_answer(programme, admin):
    item = services.move_complaint(complaint=complaint(programme), actor=admin, target=ComplaintState.ANALYSED)
    with pytest.raises(QualityRefused) as refused:
        services.move_complaint(complaint=item, actor=admin, target=ComplaintState.ANSWERED, answer="   ")
    assert refused.value.code == "answer_missing"


def test_a_complaint_goes_through_every_step_with_its_dates(programme, admin):
    item = complaint(programme)
    item = services.move_complaint(complaint=item, actor=admin, target=ComplaintState.ANALYSED, category="organisation")
    item = services.move_complaint(complaint=item, actor=admin, target=ComplaintState.ANSWERED, answer="Désolés.")
    with pytest.raises(QualityRefused) as refused:
        services.move_complaint(complaint=item, actor=admin, target=ComplaintState.CLOSED)
    assert refused.value.code == "improvement_missing"
    item = services.move_complaint(
        complaint=item, actor=admin, target=ComplaintState.CLOSED, improvement="Rappel la veille."
    )
    item.refresh_from_db()
    assert item.state == ComplaintState.CLOSED and item.category == "organisation"
    assert item.analysed_at and item.answered_at and item.closed_at
    assert item.statement.answer == "Désolés." and item.improvement == "Rappel la veille."
    with pytest.raises(QualityRefused):
        services.move_complaint(complaint=item, actor=admin, target=ComplaintState.CLOSED, improvement="x")


def test_an_admin_of_another_operator_cannot_move_a_complaint(programme):
    with pytest.raises(QualityRefused) as refused:
        services.move_complaint(complaint=complaint(programme), actor=operator_admin(), target="analysed")
    assert refused.value.code == "not_allowed"


# --- Accommodations --------------------------------------------------------------------------------------------------


def test_an_accommodation_request_without_consent_is_not_stored():
    person = beneficiary()
    with pytest.raises(QualityRefused) as refused:
        services.record_accommodation(person=person, kinds=["large_print"], details="Police 18", consent=False)
    assert refused.value.code == "consent_missing"
    assert not AccommodationRequest.objects.exists()


def test_an_unknown_accommodation_kind_is_refused():
    with pytest.raises(QualityRefused):
        services.record_accommodation(person=beneficiary(), kinds=["teleportation"], details="", consent=True)


def test_withdrawing_deletes_the_request_and_only_its_owner_can():
    person = beneficiary()
    request = services.record_accommodation(person=person, kinds=["extra_time"], details="", consent=True)
    assert not services.withdraw_accommodation(person=beneficiary(), request_id=request.pk)
    assert services.withdraw_accommodation(person=person, request_id=request.pk)
    assert not AccommodationRequest.objects.exists()
