"""Issue 16, finding 10 (retention): R6313-7, in force since 31 December 2023, destroys the documents made for the
bilan as soon as the action ends, and keeps for three years (not one) the synthesis the person had sent to a CEP
operator and the documents they agreed in writing to keep for a follow-up.

Reproduction: the platform kept everything 30 days after the end, and follow-up documents one year at most; a
synthesis sent to a CEP adviser was destroyed with the rest. Each exception must come with its evidence (the share
link made "for a CEP"; the written agreement, word for word and dated), and the purge must prove both."""

import datetime

import pytest
from django.utils import timezone

from openbilan.coaching.models import Message
from openbilan.privacy import erasure
from openbilan.privacy.models import PurgeRecord
from openbilan.projects import services as projects
from openbilan.projects.errors import ProjectsRefused
from openbilan.projects.models import (
    Opening,
    Project,
    RetentionChoice,
    ShareLink,
    Synthesis,
    SynthesisComment,
    SynthesisVersion,
)
from tests.privacy.factories import rich_person


def _ended(days_ago: int = 1):
    enrolment = rich_person()
    enrolment.completed_at = timezone.now() - datetime.timedelta(days=days_ago)
    enrolment.save()
    return enrolment


def _end(enrolment) -> datetime.date:
    return timezone.localdate(enrolment.completed_at)


def _in_years(day: datetime.date, years: int) -> datetime.date:
    return erasure.years_after(day, years)


def _share(enrolment, *, to_cep: bool) -> ShareLink:
    link, _token = projects.create_share_link(
        enrolment=enrolment,
        actor=enrolment.beneficiary,
        recipient="Mme Martin, conseillère en évolution professionnelle",
        days=30,
        to_cep=to_cep,
    )
    projects.record_opening(
        subject=enrolment.beneficiary, via=Opening.Via.LINK, synthesis=link.synthesis, link=link, format="pdf"
    )
    return link


# --- Destruction at the end of the action ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_documents_are_destroyed_the_first_night_after_the_end_not_30_days_later():
    enrolment = _ended(days_ago=1)
    records = erasure.purge_expired()
    assert [r.reason for r in records] == [PurgeRecord.Reason.RETENTION]
    assert not Project.objects.filter(beneficiary=enrolment.beneficiary).exists()
    assert not Synthesis.objects.filter(enrolment=enrolment).exists()
    assert not Message.objects.filter(enrolment=enrolment).exists()


@pytest.mark.django_db
def test_nothing_is_destroyed_on_the_last_day_itself():
    enrolment = _ended(days_ago=0)
    assert erasure.purge_expired(today=_end(enrolment)) == []


# --- Exception 1: the synthesis sent to a CEP operator, three years ---------------------------------------------


@pytest.mark.django_db
def test_the_synthesis_sent_to_a_cep_operator_is_kept_three_years_with_its_evidence():
    enrolment = _ended()
    synthesis = Synthesis.objects.get(enrolment=enrolment)
    SynthesisComment.objects.create(
        version=synthesis.versions.first(),
        author=enrolment.beneficiary,
        body="Un commentaire",
        created_at=timezone.now(),
    )
    cep = _share(enrolment, to_cep=True)
    other = _share(enrolment, to_cep=False)
    [record] = erasure.purge_expired()
    assert record.reason == PurgeRecord.Reason.RETENTION
    # Kept: the final synthesis as communicated, the CEP link and its opening (the evidence).
    assert Synthesis.objects.filter(pk=synthesis.pk).exists()
    assert list(SynthesisVersion.objects.filter(synthesis=synthesis).values_list("is_final", flat=True)) == [True]
    assert list(ShareLink.objects.filter(synthesis=synthesis)) == [cep]
    assert Opening.objects.filter(link=cep).exists() and not Opening.objects.filter(link=other).exists()
    # Destroyed: everything else of the bilan, the drafts and comments of the synthesis included.
    assert not Project.objects.filter(beneficiary=enrolment.beneficiary).exists()
    assert not Message.objects.filter(enrolment=enrolment).exists()
    assert not SynthesisComment.objects.exists()
    # Two years on: still there, and nothing new to purge.
    assert erasure.purge_expired(today=_in_years(_end(enrolment), 2)) == []
    # Three years and a day after the end: gone.
    later = _in_years(_end(enrolment), 3) + datetime.timedelta(days=1)
    assert [r.reason for r in erasure.purge_expired(today=later)] == [PurgeRecord.Reason.FOLLOW_UP_ENDED]
    assert not Synthesis.objects.filter(pk=synthesis.pk).exists() and not ShareLink.objects.exists()


@pytest.mark.django_db
def test_a_synthesis_shared_with_someone_else_than_a_cep_is_destroyed_at_the_end():
    enrolment = _ended()
    _share(enrolment, to_cep=False)
    erasure.purge_expired()
    assert not Synthesis.objects.filter(enrolment=enrolment).exists()


# --- Exception 2: documents kept for a follow-up, by written agreement, three years -----------------------------


@pytest.mark.django_db
def test_documents_agreed_in_writing_are_kept_three_years_then_destroyed():
    enrolment = _ended()
    choice = projects.choose_retention(enrolment=enrolment, actor=enrolment.beneficiary, months=36, agreed=True)
    assert choice.keep_until == _in_years(_end(enrolment), 3)
    assert "J'accepte par écrit" in choice.agreement and choice.keep_until.isoformat() in choice.agreement
    assert erasure.purge_expired(today=_in_years(_end(enrolment), 2)) == []
    assert Project.objects.filter(beneficiary=enrolment.beneficiary).exists()
    later = choice.keep_until + datetime.timedelta(days=1)
    assert [r.reason for r in erasure.purge_expired(today=later)] == [PurgeRecord.Reason.FOLLOW_UP_ENDED]
    assert not Project.objects.filter(beneficiary=enrolment.beneficiary).exists()


@pytest.mark.django_db
def test_keeping_documents_needs_the_written_agreement():
    enrolment = _ended()
    with pytest.raises(ProjectsRefused) as refusal:
        projects.choose_retention(enrolment=enrolment, actor=enrolment.beneficiary, months=36, agreed=False)
    assert refusal.value.code == "retention_agreement"
    assert not RetentionChoice.objects.exists()


@pytest.mark.django_db
def test_a_keep_choice_without_its_written_agreement_keeps_nothing():
    enrolment = _ended()
    RetentionChoice.objects.create(
        enrolment=enrolment, keep=True, keep_until=_in_years(_end(enrolment), 1), chosen_at=timezone.now()
    )
    assert [r.reason for r in erasure.purge_expired()] == [PurgeRecord.Reason.RETENTION]
    assert not Project.objects.filter(beneficiary=enrolment.beneficiary).exists()


@pytest.mark.django_db
def test_erasure_ignores_the_exceptions():
    """The person's own request for erasure wins over both exceptions: everything goes at once."""
    enrolment = _ended()
    _share(enrolment, to_cep=True)
    erasure.erase_person(person=enrolment.beneficiary)
    assert not Synthesis.objects.filter(enrolment=enrolment).exists() and not ShareLink.objects.exists()


# --- The offer before destruction: the conclusions interview and the closing message ----------------------------


@pytest.mark.django_db
def test_the_closing_message_offers_results_synthesis_and_export_before_destruction(
    settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from openbilan.journeys import services as journeys
    from openbilan.journeys.models import Journey
    from tests.projects.factories import bilan

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}
    }
    enrolment = bilan()
    Journey.objects.filter(enrolment=enrolment).update(phase="conclusions")
    with django_capture_on_commit_callbacks(execute=True):
        journeys.change_status(enrolment=enrolment, action="complete", actor=enrolment.coach)
    [message] = mail.outbox
    assert message.to == [enrolment.beneficiary.email]
    body = message.body
    assert "R6313-7" in body and "la nuit prochaine" in body
    from django.urls import reverse

    for path in (
        reverse("assessments:list"),
        reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk}),
        reverse("privacy:index"),
    ):
        assert settings.SITE_URL.rstrip("/") + path in body
    assert "3 ans" in body and "CEP" in body


@pytest.mark.django_db
def test_the_coach_is_reminded_at_the_conclusions_interview(client):
    from django.urls import reverse

    from openbilan.journeys.models import Journey
    from tests.projects.factories import bilan

    enrolment = bilan()
    Journey.objects.filter(enrolment=enrolment).update(phase="conclusions")
    client.force_login(enrolment.coach)
    from tests.accounts.factories import verify_otp

    verify_otp(client, enrolment.coach)
    page = client.get(reverse("coaching:person", args=[enrolment.pk])).content.decode()
    assert "conclusions-retention" in page and "R6313-7" in page
