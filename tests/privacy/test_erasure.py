import dataclasses
import datetime

from django.apps import apps
from django.db import models
from django.utils import timezone

from openbilan.accounts.models import User
from openbilan.privacy import erasure
from openbilan.privacy.models import PurgeRecord, Purpose
from openbilan.privacy.services import set_consent
from openbilan.projects.models import Project
from openbilan.reporting.selectors import report_data
from tests.privacy.factories import EMAIL, FIRST, LAST, rich_person

TEXT = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def _report(programme):
    data = dataclasses.asdict(report_data(programme, today=timezone.localdate()))
    data.pop("testimonials")  # the person's own words go with them; every count stays
    return data


def _database_mentions(*needles: str) -> list[str]:
    """Every text column of every table, searched for each needle (case-insensitive)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        text_fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        for field in text_fields:
            for needle in needles:
                lookup = f"{field.attname}__icontains"
                if isinstance(field, models.JSONField):
                    rows = [v for v in model._default_manager.values_list(field.attname, flat=True) if v is not None]
                    if any(needle.lower() in str(v).lower() for v in rows):
                        found.append(f"{model._meta.label}.{field.name} ~ {needle}")
                elif model._default_manager.filter(**{lookup: needle}).exists():
                    found.append(f"{model._meta.label}.{field.name} ~ {needle}")
    return found


def test_the_fixture_really_spreads_the_identity_across_the_database(db):
    rich_person()
    assert len(_database_mentions(EMAIL, FIRST, LAST)) >= 6


def test_after_erasure_no_text_column_holds_the_email_or_the_names(db):
    enrolment = rich_person()
    erasure.erase_person(person=enrolment.beneficiary)
    assert _database_mentions(EMAIL, FIRST, LAST) == []


def test_erasure_leaves_the_programme_report_counts_unchanged(db):
    enrolment = rich_person()
    before = _report(enrolment.programme)
    erasure.erase_person(person=enrolment.beneficiary)
    assert _report(enrolment.programme) == before


def test_erasure_writes_a_purge_record_with_counts_only(db):
    enrolment = rich_person()
    record = erasure.erase_person(person=enrolment.beneficiary)
    assert PurgeRecord.objects.get() == record
    assert record.reason == PurgeRecord.Reason.ERASURE
    assert record.counts["coaching.message"] == 2
    assert record.counts["accounts.user:anonymised"] == 1
    assert EMAIL not in str(record.counts) and FIRST not in str(record.counts)
    assert record.subject_ref == erasure.subject_ref(enrolment.beneficiary.pk) != str(enrolment.beneficiary.pk)


def test_the_erased_account_can_no_longer_sign_in(db):
    enrolment = rich_person()
    erasure.erase_person(person=enrolment.beneficiary)
    person = User.objects.get(pk=enrolment.beneficiary.pk)
    assert not person.is_active and not person.has_usable_password()


def _ended(days_ago: int):
    enrolment = rich_person()
    enrolment.completed_at = timezone.now() - datetime.timedelta(days=days_ago)
    enrolment.save()
    return enrolment


def test_retention_purge_destroys_documents_after_the_grace_period(db):
    enrolment = _ended(erasure.GRACE_DAYS + 1)
    records = erasure.purge_expired()
    assert [r.reason for r in records] == [PurgeRecord.Reason.RETENTION]
    assert not Project.objects.filter(beneficiary=enrolment.beneficiary).exists()
    assert User.objects.get(pk=enrolment.beneficiary.pk).email == EMAIL  # the account itself stays


def test_retention_purge_waits_for_the_end_of_the_last_day(db):
    enrolment = _ended(0)
    assert erasure.purge_expired(today=timezone.localdate(enrolment.completed_at)) == []


def test_documents_kept_for_follow_up_stay_three_years_at_most(db):
    enrolment = _ended(erasure.GRACE_DAYS + 1)
    set_consent(person=enrolment.beneficiary, purpose=Purpose.KEEP_DOCUMENTS, granted=True)
    assert erasure.purge_expired() == []
    end = timezone.localdate(enrolment.completed_at)
    assert erasure.purge_expired(today=erasure.years_after(end, 3)) == []
    later = erasure.years_after(end, 3) + datetime.timedelta(days=1)
    assert [r.reason for r in erasure.purge_expired(today=later)] == [PurgeRecord.Reason.FOLLOW_UP_ENDED]


def test_retention_purge_is_idempotent(db):
    _ended(erasure.GRACE_DAYS + 1)
    erasure.purge_expired()
    assert erasure.purge_expired() == []


def test_retention_purge_keeps_the_report_counts(db):
    enrolment = _ended(erasure.GRACE_DAYS + 1)
    before = _report(enrolment.programme)
    erasure.purge_expired()
    assert _report(enrolment.programme) == before
