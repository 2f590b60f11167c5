import pytest

from openbilan.privacy.models import Consent, Purpose
from openbilan.privacy.selectors import SHOWN_PURPOSES, consents_of
from openbilan.privacy.services import UnknownPurpose, set_consent
from openbilan.programmes.selectors import shares_with_prescriber
from tests.accounts.factories import beneficiary
from tests.programmes.factories import EnrolmentFactory


def test_every_purpose_shown_starts_undecided(db):
    states = consents_of(beneficiary())
    assert [s.purpose for s in states] == list(SHOWN_PURPOSES)
    assert {s.granted for s in states} == {None}


def test_the_latest_decision_wins_and_each_is_dated(db):
    person = beneficiary()
    set_consent(person=person, purpose=Purpose.RESEARCH, granted=True)
    set_consent(person=person, purpose=Purpose.RESEARCH, granted=False)
    state = next(s for s in consents_of(person) if s.purpose == Purpose.RESEARCH)
    assert state.granted is False and state.at is not None
    assert Consent.objects.filter(person=person).count() == 2


def test_repeating_the_same_decision_adds_nothing(db):
    person = beneficiary()
    set_consent(person=person, purpose=Purpose.RESEARCH, granted=True)
    assert set_consent(person=person, purpose=Purpose.RESEARCH, granted=True) is None


def test_an_unknown_purpose_is_refused(db):
    with pytest.raises(UnknownPurpose):
        set_consent(person=beneficiary(), purpose="marketing", granted=True)


def test_ledger_entries_cannot_be_edited(db):
    entry = set_consent(person=beneficiary(), purpose=Purpose.RESEARCH, granted=True)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        Consent.objects.filter(pk=entry.pk).update(granted=False)


def test_withdrawing_prescriber_info_hides_the_status_from_the_prescriber_at_once(db):
    enrolment = EnrolmentFactory(referred=True, shares_with_prescriber=True)
    assert shares_with_prescriber(enrolment)
    set_consent(person=enrolment.beneficiary, purpose=Purpose.PRESCRIBER_INFO, granted=False)
    enrolment.refresh_from_db()
    assert not shares_with_prescriber(enrolment)  # the one rule the prescriber's pages read


def test_granting_prescriber_info_again_shares_again(db):
    enrolment = EnrolmentFactory(referred=True, shares_with_prescriber=True)
    set_consent(person=enrolment.beneficiary, purpose=Purpose.PRESCRIBER_INFO, granted=False)
    set_consent(person=enrolment.beneficiary, purpose=Purpose.PRESCRIBER_INFO, granted=True)
    enrolment.refresh_from_db()
    assert shares_with_prescriber(enrolment)
