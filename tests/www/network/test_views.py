"""The network's pages through the test client: search, ask (with the limits' messages), answer, thread, date,
debrief, feedback; the professional's home (their role's home page); sign-up, approval and invitation."""

import datetime
import html
import re

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.network.models import Meeting, ProfessionalProfile
from tests.accounts.factories import UserFactory
from tests.coaching.factories import admin_of, followed
from tests.network.factories import accepted, professional, requested
from tests.programmes.factories import OrganisationFactory
from tests.recommendations.factories import referential

# E-mails go through the task queue: run at once here, so that the tests read them in the outbox.
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "email"]}}


@override_settings(TASKS=IMMEDIATE)
class NetworkPages(TestCase):
    """One bilan and one professional per class (setUpTestData), rolled back after each test."""

    @classmethod
    def setUpTestData(cls):
        referential()
        enrolment = followed(phase="investigation")
        cls.world = (enrolment, professional(enrolment.programme.operator, codes=("K2111", "K2104")))

    def test_a_professional_is_sent_to_their_home_after_sign_in(self):
        client = self.client
        world = self.world
        _enrolment, pro = world
        client.force_login(pro.user)
        response = client.get(reverse("www:home"))
        assert response.url == reverse("network:professional_home")
        assert client.get(response.url).status_code == 200

    def test_the_professional_home_is_forbidden_to_other_roles(self):
        client = self.client
        for role in (Role.BENEFICIARY, Role.COACH, Role.OPERATOR_ADMIN, Role.FUNDER_VIEWER, Role.PRESCRIBER):
            client.force_login(UserFactory(role=role))
            assert client.get(reverse("network:professional_home")).status_code == 403, role

    def test_the_person_searches_by_title_code_and_region(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        client.force_login(enrolment.beneficiary)
        for query in ("?q=formateur", "?q=K2111", "?code=K2104", "?q=formateur&region=nor"):
            page = html.unescape(client.get(reverse("network:index") + query).content.decode())
            assert pro.public_name in page, query
        page = html.unescape(client.get(reverse("network:index") + "?q=formateur&region=bre").content.decode())
        assert "Aucun professionnel trouvé" in page

    def test_the_search_answers_a_fragment_for_htmx(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        client.force_login(enrolment.beneficiary)
        response = client.get(reverse("network:index") + "?q=formateur", headers={"HX-Request": "true"})
        body = html.unescape(response.content.decode())
        assert body.startswith('<div id="results"') and pro.public_name in body and "<html" not in body

    def test_asking_for_a_meeting(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        client.force_login(enrolment.beneficiary)
        path = reverse("network:ask", kwargs={"profile_id": pro.pk})
        response = client.post(path, {"code": "K2111", "request": "Bonjour, j'aimerais comprendre votre quotidien."})
        meeting = Meeting.objects.get()
        assert response.url == reverse("network:meeting", kwargs={"meeting_id": meeting.pk})
        page = html.unescape(client.get(response.url).content.decode())
        # the name, shown with its initial ("Inès M."), starts the sentence: never "Inès M.."
        assert f"{pro.public_name} a reçu votre demande." in page and f"{pro.public_name}." not in page

    def test_the_limits_are_explained_where_the_person_asks(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        client.force_login(enrolment.beneficiary)
        requested(enrolment, pro)
        response = client.post(
            reverse("network:ask", kwargs={"profile_id": pro.pk}), {"code": "K2111", "request": "Re"}
        )
        assert response.status_code == 400
        assert "Vous avez déjà une demande en cours avec ce professionnel" in html.unescape(response.content.decode())

    def test_hostile_ask_input_is_a_form_error(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        client.force_login(enrolment.beneficiary)
        path = reverse("network:ask", kwargs={"profile_id": pro.pk})
        for data in ({"code": "N1101", "request": "x"}, {"code": "K2111", "request": "x" * 5000}, {}):
            assert client.post(path, data).status_code == 400
        assert not Meeting.objects.exists()

    def test_the_professional_accepts_and_both_write_and_set_the_date(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        meeting = requested(enrolment, pro)
        page_url = reverse("network:meeting", kwargs={"meeting_id": meeting.pk})
        client.force_login(pro.user)
        assert "Accepter la rencontre" in html.unescape(client.get(page_url).content.decode())
        client.post(reverse("network:answer", kwargs={"meeting_id": meeting.pk}), {"decision": "accept"})
        client.post(reverse("network:message", kwargs={"meeting_id": meeting.pk}), {"body": "Mardi 18 h ?"})
        slot = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        client.post(
            reverse("network:schedule", kwargs={"meeting_id": meeting.pk}), {"scheduled_at": slot, "place": "Caen"}
        )
        client.force_login(enrolment.beneficiary)
        page = html.unescape(client.get(page_url).content.decode())
        assert "Mardi 18 h ?" in page and "Caen" in page and "Après la rencontre : votre compte rendu" in page

    def test_a_date_in_the_past_is_a_form_error(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        meeting = accepted(enrolment, pro)
        client.force_login(pro.user)
        response = client.post(
            reverse("network:schedule", kwargs={"meeting_id": meeting.pk}),
            {"scheduled_at": "2020-01-01T10:00", "place": "Caen"},
        )
        assert response.status_code == 400
        assert "Choisissez une date et une heure à venir." in html.unescape(response.content.decode())

    def test_the_debrief_then_the_feedback(self):
        client = self.client
        world = self.world
        enrolment, pro = world
        meeting = accepted(enrolment, pro)
        client.force_login(enrolment.beneficiary)
        client.post(
            reverse("network:debrief", kwargs={"meeting_id": meeting.pk}),
            {"held_on": timezone.localdate().isoformat(), "debrief": "Très concret.", "outcome": "confirms"},
        )
        meeting.refresh_from_db()
        assert meeting.state == Meeting.State.DONE
        client.force_login(pro.user)
        page = html.unescape(client.get(reverse("network:meeting", kwargs={"meeting_id": meeting.pk})).content.decode())
        assert "Très concret." not in page  # the debrief is the person's, not the professional's
        client.post(reverse("network:feedback", kwargs={"meeting_id": meeting.pk}), {"feedback": "Bonne chance !"})
        meeting.refresh_from_db()
        assert meeting.feedback == "Bonne chance !"

    def test_a_sign_up_is_approved_by_an_admin(self):
        client = self.client
        world = self.world
        enrolment, _pro = world
        operator = enrolment.programme.operator
        data = {
            "operator": operator.pk,
            "first_name": "Luc",
            "last_name": "Petit",
            "email": "luc@example.org",
            "password": "un-mot-de-passe-long",
            "headline": "Cariste",
            "region": "nor",
            "codes": "N1101",
            "contact_mode": "phone",
        }
        response = client.post(reverse("network:signup"), data)
        assert "Inscription envoyée" in html.unescape(response.content.decode())
        profile = ProfessionalProfile.objects.get(user__email="luc@example.org")
        assert profile.state == ProfessionalProfile.State.PENDING
        client.force_login(admin_of(enrolment.programme))
        assert "Luc Petit" in html.unescape(client.get(reverse("network:admin")).content.decode())
        client.post(reverse("network:admin_decide", kwargs={"profile_id": profile.pk}), {"decision": "approve"})
        profile.refresh_from_db()
        assert profile.state == ProfessionalProfile.State.APPROVED

    def test_a_weak_password_or_unknown_code_is_a_form_error_on_sign_up(self):
        client = self.client
        world = self.world
        enrolment, _pro = world
        data = {
            "operator": enrolment.programme.operator.pk,
            "first_name": "Luc",
            "last_name": "Petit",
            "email": "luc@example.org",
            "password": "123",
            "headline": "Cariste",
            "region": "nor",
            "codes": "Z9999",
            "contact_mode": "phone",
        }
        assert client.post(reverse("network:signup"), data).status_code == 400
        data["password"] = "un-mot-de-passe-long"
        response = client.post(reverse("network:signup"), data)
        assert response.status_code == 400 and "Z9999" in html.unescape(response.content.decode())
        assert not ProfessionalProfile.objects.filter(user__email="luc@example.org").exists()

    def test_an_invitation_from_the_admin_page_creates_an_approved_account(self):
        client, world = self.client, self.world
        django_capture_on_commit_callbacks = self.captureOnCommitCallbacks
        enrolment, _pro = world
        client.force_login(admin_of(enrolment.programme))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("network:admin_invite"),
                {"operator": enrolment.programme.operator.pk, "email": "ines@example.org"},
            )
        link = re.search(r"http\S+/reseau/invitation/\S+/", mail.outbox[0].body).group(0)
        path = link.split("127.0.0.1:8000")[-1]
        client.logout()
        response = client.post(
            path,
            {
                "first_name": "Inès",
                "last_name": "Moreau",
                "password": "un-mot-de-passe-long",
                "headline": "Formatrice",
                "region": "nor",
                "codes": "K2111",
                "contact_mode": "video",
            },
        )
        assert response.url == reverse("accounts:login")
        profile = ProfessionalProfile.objects.get(user__email="ines@example.org")
        assert profile.state == ProfessionalProfile.State.APPROVED
        assert client.get(path).status_code == 410  # used once

    def test_the_professional_edits_and_pauses_their_profile(self):
        client = self.client
        world = self.world
        _enrolment, pro = world
        client.force_login(pro.user)
        data = {"headline": "Formatrice", "region": "bre", "codes": "K2104", "contact_mode": "any", "paused": "on"}
        client.post(reverse("network:profile"), data)
        pro.refresh_from_db()
        assert pro.state == ProfessionalProfile.State.PAUSED and pro.region == "bre"
        assert list(pro.occupations.values_list("code_rome", flat=True)) == ["K2104"]

    def test_a_signed_in_person_is_not_offered_the_sign_up(self):
        client = self.client
        client.force_login(UserFactory(role=Role.COACH, role__organisation=OrganisationFactory()))
        assert client.get(reverse("network:signup")).status_code == 302
