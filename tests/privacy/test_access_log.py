import pytest

from openbilan.privacy.models import AccessLog
from openbilan.privacy.selectors import accesses_to
from openbilan.privacy.services import record_access
from tests.accounts.factories import beneficiary, coach


def test_staff_access_is_recorded_and_visible_to_the_person(db):
    person, staff = beneficiary(), coach()
    record_access(actor=staff, subject=person, what="résultats RIASEC", path="/x/")
    entry = accesses_to(person).get()
    assert (entry.actor, entry.what, entry.path) == (staff, "résultats RIASEC", "/x/")


def test_a_person_reading_their_own_data_is_not_logged(db):
    person = beneficiary()
    assert record_access(actor=person, subject=person, what="mes résultats") is None
    assert AccessLog.objects.count() == 0


def test_entries_cannot_be_edited(db):
    entry = record_access(actor=coach(), subject=beneficiary(), what="profil")
    entry.what = "autre chose"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(what="autre chose")
