"""Nobody but the person and their coach reaches a project or a synthesis. EVERY projects URL is checked for each
other role (a new URL fails the coverage test until it is added here): another coach of the same operator, another
beneficiary, the programme's funder, the referring prescriber, an admin of the operator, the professional the
person met, and an anonymous visitor. Nothing is written, nothing is logged as opened."""

from django.test import TestCase
from django.urls import get_resolver, reverse

from openbilan.accounts.models import Role
from openbilan.privacy.models import AccessLog
from openbilan.projects import services
from openbilan.projects.models import (
    ActionStep,
    FieldEvidence,
    MarketEvidence,
    Opening,
    Project,
    ProjectEvent,
    RetentionChoice,
    ShareLink,
    SynthesisComment,
    SynthesisVersion,
)
from tests.accounts.factories import UserFactory
from tests.coaching.factories import admin_of, coach_of
from tests.network.factories import done, professional
from tests.programmes.factories import OrganisationFactory
from tests.projects.factories import bilan, final_synthesis, start, submitted

# URL name -> the kwargs it takes from the target.
TARGETED = {
    "bilan": ("enrolment",),
    "start": ("enrolment",),
    "retention": ("enrolment",),
    "synthesis": ("enrolment",),
    "synthesis_edit": ("enrolment",),
    "synthesis_action": ("enrolment",),
    "synthesis_comment": ("enrolment",),
    "synthesis_version": ("enrolment", "number"),
    "synthesis_pdf": ("enrolment",),
    "share": ("enrolment",),
    "revoke": ("enrolment", "link"),
    "project": ("project",),
    "notes": ("project",),
    "refresh": ("project",),
    "funding": ("project",),
    "training": ("project",),
    "market": ("project",),
    "step_add": ("project",),
    "step_done": ("project", "step"),
    "field": ("project",),
    "delete": ("project", "kind", "item"),
    "transition": ("project",),
}
UNTARGETED = ("index",)
TOKEN = ("shared", "shared_pdf")  # opened by whoever holds the token (checked with a wrong one here)
POSTS = {
    "start": {"item": "1"},
    "retention": {"months": "12"},
    "synthesis_action": {"action": "finalise"},
    "synthesis_comment": {"body": "Intrus"},
    "synthesis_edit": {"circumstances": "Intrus"},
    "share": {"recipient": "Intrus", "days": "30"},
    "notes": {"alignment_note": "Intrus"},
    "funding": {"funding-training_needed": "no", "funding-note": "Intrus"},
    "training": {"certification": "RNCP39643"},
    "market": {"market-kind": "offer", "market-on": "2026-01-10", "market-description": "Intrus"},
    "step_add": {"step-title": "Intrus", "step-due_on": "2026-12-01"},
    "step_done": {"done": "1"},
    "field": {"field-kind": "interview", "field-held_on": "2026-01-10", "field-with_whom": "x", "field-debrief": "x"},
    "transition": {"action": "validate"},
}
WRITES = (
    Project,
    ProjectEvent,
    MarketEvidence,
    ActionStep,
    FieldEvidence,
    SynthesisVersion,
    SynthesisComment,
    ShareLink,
    Opening,
    RetentionChoice,
    AccessLog,
)


def test_every_projects_url_is_covered_here():
    names = {pattern.name for pattern in get_resolver("openbilan.www.projects.urls").url_patterns}
    assert names == set(TARGETED) | set(UNTARGETED) | set(TOKEN)


def build_target():
    enrolment = bilan(referred=True)
    project = submitted(enrolment)
    start(enrolment, "K2104")
    meeting_pro = professional(enrolment.programme.operator)
    done(enrolment, meeting_pro)
    final_synthesis(enrolment)
    link, _token = services.create_share_link(enrolment=enrolment, actor=enrolment.beneficiary, recipient="A", days=7)
    return {
        "enrolment": enrolment,
        "project": project,
        "number": 1,
        "link": link,
        "step": project.steps.first(),
        "kind": "marche",
        "item": project.market.first(),
        "professional": meeting_pro.user,
    }


def outsiders(target):
    enrolment = target["enrolment"]
    programme = enrolment.programme
    return {
        "another coach of the operator": coach_of(programme),
        "another beneficiary": bilan(with_referential=False, programme=programme).beneficiary,
        "the programme's funder": UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder),
        "the referring prescriber": UserFactory(role=Role.PRESCRIBER, role__organisation=enrolment.prescriber),
        "an admin of the operator": admin_of(programme),
        "the professional the person met": target["professional"],
        "a professional of another network": UserFactory(
            role=Role.PROFESSIONAL, role__organisation=OrganisationFactory()
        ),
    }


def url(name, target):
    kwargs = {}
    for key in TARGETED[name]:
        value = target[key]
        kwargs[
            {
                "enrolment": "enrolment_id",
                "project": "project_id",
                "link": "link_id",
                "step": "step_id",
                "item": "item_id",
            }.get(key, key)
        ] = getattr(value, "pk", value)
    return reverse(f"projects:{name}", kwargs=kwargs)


def counts():
    return [model.objects.count() for model in WRITES]


class AccessToProjects(TestCase):
    """One person with a project, a submitted one, a met professional, a final synthesis and a share link; the
    outsiders are built once too (setUpTestData): every test is rolled back to this state."""

    @classmethod
    def setUpTestData(cls):
        cls.target = build_target()
        cls.outsiders = outsiders(cls.target)

    def test_no_other_role_reaches_any_project_or_synthesis_url(self):
        target = self.target
        before = counts()
        for who, user in self.outsiders.items():
            self.client.force_login(user)
            for name in sorted(TARGETED):
                for method in ("get", "post"):
                    response = getattr(self.client, method)(url(name, target), POSTS.get(name, {}))
                    assert response.status_code in (403, 404, 405), (who, name, method, response.status_code)
                    assert target["enrolment"].beneficiary.last_name not in response.content.decode(), (who, name)
        assert counts() == before

    def test_an_anonymous_visitor_is_sent_to_sign_in(self):
        before = counts()
        for name in sorted(TARGETED):
            for method in ("get", "post"):
                response = getattr(self.client, method)(url(name, self.target), POSTS.get(name, {}))
                assert response.status_code in (302, 405), name
                if response.status_code == 302:
                    assert response.url.startswith(reverse("accounts:login")), name
        assert counts() == before

    def test_the_person_and_their_coach_do_reach_the_pages(self):
        """The other side of the check above: the same URLs open for the two people they belong to."""
        enrolment = self.target["enrolment"]
        for user in (enrolment.beneficiary, enrolment.coach):
            self.client.force_login(user)
            for name in ("bilan", "synthesis", "synthesis_version", "synthesis_pdf", "project"):
                assert self.client.get(url(name, self.target)).status_code == 200, (user, name)

    def test_the_index_shows_other_roles_nothing_of_the_person(self):
        person = self.target["enrolment"].beneficiary
        for who, user in self.outsiders.items():
            self.client.force_login(user)
            response = self.client.get(reverse("projects:index"), follow=True)
            assert response.status_code in (200, 403), who
            assert person.last_name not in response.content.decode(), who

    def test_a_wrong_token_answers_404_for_everyone(self):
        for user in [None, *self.outsiders.values()]:
            if user:
                self.client.force_login(user)
            for name in TOKEN:
                response = self.client.get(reverse(f"projects:{name}", kwargs={"token": "not-a-token"}))
                assert response.status_code == 404
        assert not Opening.objects.filter(via="link").exists()
