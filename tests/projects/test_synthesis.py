"""The synthesis: versions kept, the person comments before it is final, receipt, share links and openings,
keeping documents for follow-up."""

import datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from openbilan import tokens
from openbilan.projects import selectors, services
from openbilan.projects.errors import ProjectsRefused
from openbilan.projects.models import Opening, ShareLink, SynthesisState
from tests.coaching.factories import coach_of
from tests.projects.factories import bilan, final_synthesis, validated

TEXTS = {"circumstances": "Contexte", "skills": "Compétences", "options": "Pistes", "project": "Projet"}


def refused(expected, call, **kwargs):
    with pytest.raises(ProjectsRefused) as error:
        call(**kwargs)
    assert error.value.code == expected


class SynthesisServices(TestCase):
    """One bilan with a validated project per class (setUpTestData), rolled back after each test."""

    @classmethod
    def setUpTestData(cls):
        cls.enrolment = bilan()
        validated(cls.enrolment)

    def test_every_save_is_a_new_version_with_the_facts_of_the_journey(self):
        enrolment = self.enrolment
        first = services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **TEXTS)
        second = services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **{**TEXTS, "skills": "Mieux"})
        assert (first.number, second.number) == (1, 2)
        assert first.skills == "Compétences" and second.skills == "Mieux"
        assert second.facts["projects"][0]["state"] == "validated"
        assert second.facts["riasec"]["code"] == "SAE"
        with pytest.raises(PermissionError):
            first.save()

    def test_only_the_coach_writes_the_synthesis(self):
        enrolment = self.enrolment
        refused("not_allowed", services.save_synthesis, enrolment=enrolment, actor=enrolment.beneficiary, **TEXTS)
        refused(
            "not_allowed", services.save_synthesis, enrolment=enrolment, actor=coach_of(enrolment.programme), **TEXTS
        )

    def test_the_person_reads_it_once_sent_and_comments_before_it_is_final(self):
        enrolment = self.enrolment
        services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **TEXTS)
        synthesis = selectors.synthesis_for(enrolment)
        assert selectors.readable_version(synthesis, as_person=True) is None
        refused(
            "synthesis_comment_state",
            services.comment_synthesis,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            body="Je ne suis pas d'accord.",
        )
        refused("synthesis_finalise_state", services.finalise_synthesis, enrolment=enrolment, actor=enrolment.coach)
        services.send_synthesis(enrolment=enrolment, actor=enrolment.coach)
        comment = services.comment_synthesis(enrolment=enrolment, actor=enrolment.beneficiary, body="Ajoutez le CPF.")
        assert comment.version.number == 1
        services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **{**TEXTS, "project": "Avec le CPF"})
        synthesis = services.finalise_synthesis(enrolment=enrolment, actor=enrolment.coach)
        assert synthesis.state == SynthesisState.FINAL
        final = selectors.final_version(synthesis)
        assert (final.number, final.project) == (2, "Avec le CPF")
        assert [v.is_final for v in selectors.versions_of(synthesis)] == [False, True]
        refused("synthesis_save_state", services.save_synthesis, enrolment=enrolment, actor=enrolment.coach, **TEXTS)

    def test_sending_an_empty_synthesis_is_refused(self):
        enrolment = self.enrolment
        refused("synthesis_empty", services.send_synthesis, enrolment=enrolment, actor=enrolment.coach)

    def test_the_person_confirms_receipt_once(self):
        enrolment = self.enrolment
        final_synthesis(enrolment)
        refused("not_allowed", services.confirm_receipt, enrolment=enrolment, actor=enrolment.coach)
        synthesis = services.confirm_receipt(enrolment=enrolment, actor=enrolment.beneficiary)
        assert synthesis.state == SynthesisState.RECEIVED and synthesis.received_at
        refused("synthesis_confirm_state", services.confirm_receipt, enrolment=enrolment, actor=enrolment.beneficiary)

    # --- sharing ------------------------------------------------------------------------------------------------------

    def test_a_share_link_stores_only_the_hash_of_its_token(self):
        enrolment = self.enrolment
        final_synthesis(enrolment)
        link, token = services.create_share_link(
            enrolment=enrolment, actor=enrolment.beneficiary, recipient="Mme Dupont, CEP", days=30
        )
        assert len(token) >= 40
        assert token not in link.token_hash and link.token_hash == tokens.token_hash(token)
        assert link.expires_at - link.created_at == datetime.timedelta(days=30)
        assert selectors.link_for(token).status == 200
        assert selectors.link_for(token + "x").status == 404
        assert not ShareLink.objects.filter(token_hash=token).exists()

    def test_only_a_final_synthesis_is_shared_and_only_by_the_person(self):
        enrolment = self.enrolment
        services.save_synthesis(enrolment=enrolment, actor=enrolment.coach, **TEXTS)
        refused(
            "share_not_final",
            services.create_share_link,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            recipient="CEP",
            days=30,
        )
        services.send_synthesis(enrolment=enrolment, actor=enrolment.coach)
        services.finalise_synthesis(enrolment=enrolment, actor=enrolment.coach)
        refused(
            "not_allowed",
            services.create_share_link,
            enrolment=enrolment,
            actor=enrolment.coach,
            recipient="CEP",
            days=30,
        )
        refused(
            "share_days",
            services.create_share_link,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            recipient="CEP",
            days=3650,
        )

    def test_a_revoked_or_expired_link_is_gone(self):
        enrolment = self.enrolment
        final_synthesis(enrolment)
        link, token = services.create_share_link(
            enrolment=enrolment, actor=enrolment.beneficiary, recipient="A", days=7
        )
        assert selectors.link_for(token, timezone.now() + datetime.timedelta(days=8)).status == 410
        services.revoke_share_link(enrolment=enrolment, actor=enrolment.beneficiary, link_id=link.pk)
        assert selectors.link_for(token).status == 410
        refused(
            "share_revoked",
            services.revoke_share_link,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            link_id=link.pk,
        )
        other = bilan(with_referential=False)
        refused("not_allowed", services.revoke_share_link, enrolment=other, actor=other.beneficiary, link_id=link.pk)

    def test_every_opening_is_recorded_for_the_person_and_staff_openings_in_the_access_log(self):
        enrolment = self.enrolment
        synthesis = final_synthesis(enrolment)
        link, _token = services.create_share_link(
            enrolment=enrolment, actor=enrolment.beneficiary, recipient="A", days=7
        )
        person = enrolment.beneficiary
        services.record_opening(subject=person, via=Opening.Via.LINK, synthesis=synthesis, link=link)
        services.record_opening(
            subject=person, via=Opening.Via.COACH, synthesis=synthesis, actor=enrolment.coach, format=Opening.Format.PDF
        )
        openings = selectors.openings_of(enrolment)
        assert [(o.via, o.format) for o in openings] == [("coach", "pdf"), ("link", "page")]
        assert person.accesses_received.get().actor == enrolment.coach
        with pytest.raises(PermissionError):
            openings[0].save()

    # --- keeping documents --------------------------------------------------------------------------------------------

    def test_documents_are_kept_three_years_at_most_after_the_end_by_written_agreement(self):
        enrolment = self.enrolment
        ended = timezone.now() - datetime.timedelta(days=10)
        type(enrolment).objects.filter(pk=enrolment.pk).update(status="completed", completed_at=ended)
        enrolment.refresh_from_db()
        choice = services.choose_retention(enrolment=enrolment, actor=enrolment.beneficiary, months=12, agreed=True)
        assert choice.keep_until == services.years_after(timezone.localdate(ended), 1)
        assert selectors.kept_until(enrolment.beneficiary) == choice.keep_until
        choice = services.choose_retention(enrolment=enrolment, actor=enrolment.beneficiary, months=36, agreed=True)
        assert choice.keep_until == services.years_after(timezone.localdate(ended), 3)
        choice = services.choose_retention(enrolment=enrolment, actor=enrolment.beneficiary, months=0)
        assert (choice.keep, choice.keep_until, choice.agreement) == (False, None, "")
        assert selectors.kept_until(enrolment.beneficiary) is None
        refused(
            "retention_invalid", services.choose_retention, enrolment=enrolment, actor=enrolment.beneficiary, months=24
        )
        refused(
            "retention_agreement",
            services.choose_retention,
            enrolment=enrolment,
            actor=enrolment.beneficiary,
            months=12,
        )
        refused("not_allowed", services.choose_retention, enrolment=enrolment, actor=enrolment.coach, months=12)
