"""Erasure: the person's complaint text, identity, answer and accommodation requests are gone; the register line
(dates, deadlines, state, improvement action) stays, so the operator's register keeps its count."""

import pytest

from openbilan.privacy.erasure import erase_person
from openbilan.quality import services
from openbilan.quality.models import AccommodationRequest, Complaint, ComplaintStatement
from tests.programmes.factories import EnrolmentFactory
from tests.quality.factories import admin_of, complaint

pytestmark = pytest.mark.django_db


def test_erasure_removes_the_complaint_text_and_the_accommodation_request_but_keeps_the_register_line():
    enrolment = EnrolmentFactory()
    person, admin = enrolment.beneficiary, admin_of(enrolment.programme)
    email = person.email
    filed = complaint(enrolment.programme, person=person, body="Texte très personnel de la réclamation.")
    services.move_complaint(complaint=filed, actor=admin, target="analysed")
    services.move_complaint(complaint=filed, actor=admin, target="answered", answer="Réponse à Madame X.")
    services.record_accommodation(person=person, kinds=["large_print"], details="Malvoyance", consent=True)
    other = complaint(enrolment.programme, body="Une autre personne.")

    record = erase_person(person=person)

    assert not ComplaintStatement.objects.filter(complaint=filed).exists()
    assert not AccommodationRequest.objects.filter(person=person).exists()
    line = Complaint.objects.get(pk=filed.pk)
    assert line.state == "answered" and line.answered_at is not None
    assert ComplaintStatement.objects.filter(complaint=other).exists()
    assert record.counts["quality.complaintstatement"] == 1
    assert record.counts["quality.accommodationrequest"] == 1
    texts = [str(v) for row in Complaint.objects.values() for v in row.values()]
    assert not any(email in text or "Madame X" in text for text in texts)


def test_the_nightly_purge_deletes_the_text_of_complaints_closed_more_than_three_years_ago():
    import datetime

    from django.utils import timezone

    from openbilan.privacy.erasure import purge_expired

    enrolment = EnrolmentFactory()
    admin = admin_of(enrolment.programme)
    old, recent = complaint(enrolment.programme), complaint(enrolment.programme, email="autre@example.org")
    for filed in (old, recent):
        services.move_complaint(complaint=filed, actor=admin, target="analysed")
        services.move_complaint(complaint=filed, actor=admin, target="answered", answer="Réponse.")
        services.move_complaint(complaint=filed, actor=admin, target="closed", improvement="Rappel par SMS.")
    Complaint.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=3 * 365 + 1))

    purge_expired()

    assert not ComplaintStatement.objects.filter(complaint=old).exists()
    assert ComplaintStatement.objects.filter(complaint=recent).exists()
    assert Complaint.objects.get(pk=old.pk).improvement == "Rappel par SMS."
