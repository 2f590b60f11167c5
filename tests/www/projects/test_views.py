"""The project and synthesis pages through the test client: plain forms, htmx fragments, refusals shown as
messages (never a 500), openings logged and shown to the person, the PDF and the share link."""

import html
import re

from django.conf import settings as django_settings
from django.test import TestCase
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from openbilan.privacy.models import AccessLog
from openbilan.projects.models import Opening, Project, ProjectState, ShareLink
from tests.coaching.factories import followed
from tests.projects.factories import bilan, fill, final_synthesis, start, submitted
from tests.recommendations.factories import referential


class ProjectPages(TestCase):
    """One bilan per class (setUpTestData), rolled back after each test."""

    @classmethod
    def setUpTestData(cls):
        cls.enrolment = bilan()

    def test_the_persons_entry_goes_to_their_bilan(self):
        client = self.client
        enrolment = self.enrolment
        client.force_login(enrolment.beneficiary)
        response = client.get(reverse("projects:index"))
        assert response.url == reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})
        page = html.unescape(client.get(response.url).content.decode())
        assert "En faire un projet" in page and "Formateur / Formatrice" in page

    def test_a_shortlisted_occupation_becomes_a_project(self):
        client = self.client
        enrolment = self.enrolment
        client.force_login(enrolment.beneficiary)
        item = enrolment.beneficiary.shortlist.get(occupation__code_rome="K2111")
        response = client.post(reverse("projects:start", kwargs={"enrolment_id": enrolment.pk}), {"item": item.pk})
        project = Project.objects.get()
        assert response.url == reverse("projects:project", kwargs={"project_id": project.pk})
        page = html.unescape(client.get(response.url).content.decode())
        assert page.count("<h1>") == 1
        assert "Critères remplis : 0 sur 6" in page
        assert "Vos goûts ressemblent" in page  # the fit evidence taken from the suggestions

    def test_an_htmx_post_answers_the_criteria_fragment(self):
        client = self.client
        enrolment = self.enrolment
        project = start(enrolment)
        client.force_login(enrolment.beneficiary)
        response = client.post(
            reverse("projects:notes", kwargs={"project_id": project.pk}),
            {"alignment_note": "Mes résultats vont dans ce sens."},
            headers={"HX-Request": "true"},
        )
        body = html.unescape(response.content.decode())
        assert response.status_code == 200
        assert body.startswith('<section id="criteria"') and "<html" not in body
        assert "Votre texte est enregistré." in body
        project.refresh_from_db()
        assert project.alignment_note == "Mes résultats vont dans ce sens."

    def test_a_plain_post_with_errors_shows_the_page_again_with_400(self):
        client = self.client
        enrolment = self.enrolment
        project = start(enrolment)
        client.force_login(enrolment.beneficiary)
        response = client.post(
            reverse("projects:step_add", kwargs={"project_id": project.pk}),
            {"step-title": "Plus tard", "step-due_on": "2099-01-01"},
        )
        assert response.status_code == 400
        assert "Cette date n'est pas plausible" in html.unescape(response.content.decode())
        assert not project.steps.exists()

    def test_a_coach_opening_the_project_is_logged_and_shown_to_the_person(self):
        client = self.client
        enrolment = self.enrolment
        project = start(enrolment)
        client.force_login(enrolment.coach)
        assert client.get(reverse("projects:project", kwargs={"project_id": project.pk})).status_code == 200
        assert Opening.objects.get().via == "coach"
        assert AccessLog.objects.get().actor == enrolment.coach
        client.force_login(enrolment.beneficiary)
        page = html.unescape(
            client.get(reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})).content.decode()
        )
        assert enrolment.coach.get_full_name() in page and "votre projet" in page

    def test_the_coach_asks_for_changes_and_the_person_reads_them_under_the_criterion(self):
        client = self.client
        enrolment = self.enrolment
        project = submitted(enrolment)
        client.force_login(enrolment.coach)
        response = client.post(
            reverse("projects:transition", kwargs={"project_id": project.pk}),
            {"action": "request_changes", "comment": "Précisez le financement.", "c_funding": "Quel organisme ?"},
        )
        assert response.status_code == 302
        client.force_login(enrolment.beneficiary)
        page = html.unescape(
            client.get(reverse("projects:project", kwargs={"project_id": project.pk})).content.decode()
        )
        assert "Précisez le financement." in page and "Quel organisme ?" in page
        assert "Demander la validation" in page

    def test_validating_without_a_comment_or_criteria_is_a_form_error(self):
        client = self.client
        enrolment = self.enrolment
        project = fill(start(enrolment), field=False)
        client.force_login(enrolment.beneficiary)
        response = client.post(reverse("projects:transition", kwargs={"project_id": project.pk}), {"action": "submit"})
        assert response.status_code == 400
        assert "Il manque des critères" in html.unescape(response.content.decode())

    def test_the_coach_validates(self):
        client = self.client
        enrolment = self.enrolment
        project = submitted(enrolment)
        client.force_login(enrolment.coach)
        client.post(reverse("projects:transition", kwargs={"project_id": project.pk}), {"action": "validate"})
        project.refresh_from_db()
        assert project.state == ProjectState.VALIDATED

    def test_the_coach_drafts_from_the_facts_and_each_save_is_a_version(self):
        client = self.client
        enrolment = self.enrolment
        submitted(enrolment)
        client.force_login(enrolment.coach)
        edit = reverse("projects:synthesis_edit", kwargs={"enrolment_id": enrolment.pk})
        page = html.unescape(client.get(edit).content.decode())
        assert "Programme régional" in page and "Formateur / Formatrice (K2111)" in page  # the first draft
        response = client.post(edit, {"circumstances": "Contexte", "skills": "", "options": "", "project": "Projet"})
        assert response.url == reverse("projects:synthesis", kwargs={"enrolment_id": enrolment.pk})
        page = html.unescape(client.get(response.url).content.decode())
        assert "version 1" in page and "Envoyer à la personne pour ses commentaires" in page

    def test_the_person_does_not_see_a_draft(self):
        client = self.client
        enrolment = self.enrolment
        client.force_login(enrolment.coach)
        client.post(
            reverse("projects:synthesis_edit", kwargs={"enrolment_id": enrolment.pk}), {"circumstances": "Brouillon"}
        )
        client.force_login(enrolment.beneficiary)
        page = html.unescape(
            client.get(reverse("projects:synthesis", kwargs={"enrolment_id": enrolment.pk})).content.decode()
        )
        assert "Brouillon" not in page
        assert client.get(reverse("projects:synthesis_pdf", kwargs={"enrolment_id": enrolment.pk})).status_code == 404

    def test_the_person_downloads_the_final_pdf(self):
        client = self.client
        enrolment = self.enrolment
        final_synthesis(enrolment)
        client.force_login(enrolment.beneficiary)
        response = client.get(reverse("projects:synthesis_pdf", kwargs={"enrolment_id": enrolment.pk}))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert 'filename="synthese-bilan-v1.pdf"' in response["Content-Disposition"]
        assert not Opening.objects.exists()  # the person opening their own document is not an "opening" to report

    def test_a_share_link_is_shown_once_opens_logged_and_is_gone_once_revoked(self):
        client = self.client
        enrolment = self.enrolment
        final_synthesis(enrolment)
        client.force_login(enrolment.beneficiary)
        synthesis_url = reverse("projects:synthesis", kwargs={"enrolment_id": enrolment.pk})
        client.post(
            reverse("projects:share", kwargs={"enrolment_id": enrolment.pk}), {"recipient": "Mme Dupont", "days": "7"}
        )
        page = html.unescape(client.get(synthesis_url).content.decode())
        base = django_settings.SITE_URL  # the public address, not the request's (testserver)
        shared = re.search(rf'value="({re.escape(base)}/projet/partage/[^"]+/)"', page).group(1)
        assert f"{base}/projet/partage/" not in html.unescape(client.get(synthesis_url).content.decode())  # shown once

        client.logout()
        response = client.get(shared)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "Mme Dupont" in html.unescape(response.content.decode())
        assert client.get(shared + "pdf/").content.startswith(b"%PDF-")

        client.force_login(enrolment.beneficiary)
        page = html.unescape(
            client.get(reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})).content.decode()
        )
        assert page.count("par le lien « Mme Dupont »") == 2  # the page and the PDF
        link = ShareLink.objects.get()
        client.post(reverse("projects:revoke", kwargs={"enrolment_id": enrolment.pk, "link_id": link.pk}))
        client.logout()
        assert client.get(shared).status_code == 410
        assert client.get(shared + "pdf/").status_code == 410

    def test_the_person_chooses_to_keep_documents(self):
        client = self.client
        enrolment = self.enrolment
        client.force_login(enrolment.beneficiary)
        address = reverse("projects:retention", kwargs={"enrolment_id": enrolment.pk})
        bilan_page = reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk})
        # Without ticking the written agreement, nothing is kept (R6313-7 asks for it in writing).
        client.post(address, {"months": "36"})
        assert "cochez la phrase qui dit votre accord" in html.unescape(client.get(bilan_page).content.decode())
        response = client.post(address, {"months": "36", "agree": "on"})
        assert response.status_code == 302
        page = html.unescape(client.get(bilan_page).content.decode())
        assert "Votre choix : garder vos documents jusqu" in page
        assert "R6313-7" in page and "toutes mes données (export)" in page
        response = client.post(address, {"months": "6"})
        assert response.status_code == 302

    def test_the_coach_screen_shows_the_main_project_and_the_synthesis_state(self):
        client = self.client
        enrolment = self.enrolment
        submitted(enrolment)
        client.force_login(enrolment.coach)
        page = html.unescape(
            client.get(reverse("coaching:person", kwargs={"enrolment_id": enrolment.pk})).content.decode()
        )
        section = page[page.index('id="project-title"') :]
        assert "Formateur / Formatrice" in section and "Critères remplis : 6 sur 6" in section
        assert reverse("projects:bilan", kwargs={"enrolment_id": enrolment.pk}) in section


class HostileInput(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        referential()
        cls.enrolment = followed(phase="investigation")
        from tests.recommendations.factories import person_with_evidence

        person_with_evidence(enrolment=cls.enrolment)
        from openbilan.recommendations import services as recommendations

        recommendations.add_to_shortlist(user=cls.enrolment.beneficiary, code_rome="K2111")
        cls.project = start(cls.enrolment)

    @settings(max_examples=30, deadline=None)
    @given(
        kind=st.text(max_size=12),
        on=st.text(max_size=12),
        description=st.text(max_size=600),
        url=st.text(max_size=40),
    )
    def test_hostile_market_input_never_crashes(self, kind, on, description, url):
        self.client.force_login(self.enrolment.beneficiary)
        response = self.client.post(
            reverse("projects:market", kwargs={"project_id": self.project.pk}),
            {"market-kind": kind, "market-on": on, "market-description": description, "market-url": url},
        )
        assert response.status_code in (302, 400)


def test_the_coach_index_lists_projects_to_review_in_constant_queries(client, django_assert_max_num_queries, db):
    referential()
    first = bilan(with_referential=False)
    submitted(first)
    client.force_login(first.coach)
    with django_assert_max_num_queries(12) as few:
        page = html.unescape(client.get(reverse("projects:index")).content.decode())
    assert first.beneficiary.get_full_name() in page
    for _ in range(4):
        submitted(bilan(with_referential=False, coach=first.coach, programme=first.programme))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("projects:index"))


# --- the synthesis ------------------------------------------------------------------------------------------------
