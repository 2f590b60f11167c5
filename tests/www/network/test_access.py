"""Who reaches the network's pages. EVERY network URL is checked (a new URL fails the coverage test until it is
added here): a meeting opens only for its two parties; the professional's pages only for an approved professional;
the admin pages only for an admin of the operator; nobody else writes anything."""

from django.test import TestCase
from django.urls import get_resolver, reverse

from openbilan.accounts.models import Role
from openbilan.network.models import Invitation, Meeting, MeetingMessage, ProfessionalProfile
from tests.accounts.factories import UserFactory
from tests.coaching.factories import admin_of, coach_of, followed
from tests.network.factories import accepted, professional
from tests.programmes.factories import OrganisationFactory, ProgrammeFactory
from tests.recommendations.factories import referential

MEETING = {  # the meeting's URLs: its two parties only
    "meeting": {},
    "answer": {"decision": "accept"},
    "message": {"body": "Intrus"},
    "schedule": {"scheduled_at": "2031-01-10T10:00", "place": "Intrus"},
    "debrief": {"held_on": "2026-01-10", "debrief": "Intrus", "outcome": "confirms"},
    "feedback": {"feedback": "Intrus"},
    "cancel": {},
}
ASK = ("ask",)  # a beneficiary with a bilan in the professional's network only
PROFESSIONAL = ("professional_home", "profile")
ADMIN = ("admin", "admin_decide", "admin_invite")
PUBLIC = ("signup", "invitation")  # no sign-in: an invitation needs its token
INDEX = ("index",)
WRITES = (Meeting, MeetingMessage, ProfessionalProfile, Invitation)


def test_every_network_url_is_covered_here():
    names = {pattern.name for pattern in get_resolver("openbilan.www.network.urls").url_patterns}
    assert names == set(MEETING) | set(ASK) | set(PROFESSIONAL) | set(ADMIN) | set(PUBLIC) | set(INDEX)


def build_target():
    referential()
    enrolment = followed(phase="investigation", referred=True)
    pro = professional(enrolment.programme.operator)
    pending = professional(enrolment.programme.operator, state=ProfessionalProfile.State.PENDING)
    meeting = accepted(enrolment, pro)
    programme = enrolment.programme
    return {
        "enrolment": enrolment,
        "pro": pro,
        "pending": pending,
        "meeting": meeting,
        "people": {
            "another beneficiary of the same network": followed(phase="investigation", programme=programme).beneficiary,
            "the person's coach": enrolment.coach,
            "another coach": coach_of(programme),
            "the funder": UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder),
            "the prescriber": UserFactory(role=Role.PRESCRIBER, role__organisation=enrolment.prescriber),
            "an admin of the operator": admin_of(programme),
            "another professional of the network": professional(programme.operator).user,
            "a professional of another network": professional(ProgrammeFactory().operator).user,
        },
    }


def counts():
    return [model.objects.count() for model in WRITES]


class AccessToTheNetwork(TestCase):
    """One meeting, an approved and a pending professional, and every other role, built once (setUpTestData)."""

    @classmethod
    def setUpTestData(cls):
        cls.target = build_target()

    def test_a_meeting_opens_for_nobody_but_its_two_parties(self):
        client, target = self.client, self.target
        before = counts()
        for who, user in target["people"].items():
            client.force_login(user)
            for name, data in MEETING.items():
                path = reverse(f"network:{name}", kwargs={"meeting_id": target["meeting"].pk})
                for method in ("get", "post"):
                    response = getattr(client, method)(path, data)
                    assert response.status_code in (403, 404, 405), (who, name, method, response.status_code)
                    assert target["meeting"].request not in response.content.decode()
        assert counts() == before

    def test_a_professional_never_sees_the_persons_last_name_or_bilan(self):
        client, target = self.client, self.target
        client.force_login(target["pro"].user)
        meeting = target["meeting"]
        person = target["enrolment"].beneficiary
        for path in (
            reverse("network:meeting", kwargs={"meeting_id": meeting.pk}),
            reverse("network:professional_home"),
        ):
            page = client.get(path).content.decode()
            assert person.first_name in page
            assert person.last_name not in page and person.email not in page

    def test_asking_is_for_beneficiaries_with_a_bilan_in_the_network(self):
        client, target = self.client, self.target
        path = reverse("network:ask", kwargs={"profile_id": target["pro"].pk})
        for who, user in target["people"].items():
            client.force_login(user)
            response = client.get(path)
            expected = 200 if who == "another beneficiary of the same network" else (403, 404)
            assert (
                response.status_code == expected if isinstance(expected, int) else response.status_code in expected
            ), who
        outsider = followed(phase="investigation").beneficiary  # a bilan with another operator
        client.force_login(outsider)
        assert client.get(path).status_code == 404
        client.force_login(target["enrolment"].beneficiary)
        pending = reverse("network:ask", kwargs={"profile_id": target["pending"].pk})
        assert client.get(pending).status_code == 404

    def test_the_professional_pages_are_for_approved_professionals(self):
        client, target = self.client, self.target
        pending_user = target["pending"].user
        for who, user in [*target["people"].items(), ("a pending sign-up", pending_user)]:
            client.force_login(user)
            for name in PROFESSIONAL:
                response = client.get(reverse(f"network:{name}"))
                is_pro = "professional" in who
                assert response.status_code == (200 if is_pro else 403), (who, name)

    def test_the_admin_pages_are_for_the_operators_admins(self):
        client, target = self.client, self.target
        before = counts()
        decide = reverse("network:admin_decide", kwargs={"profile_id": target["pending"].pk})
        for who, user in target["people"].items():
            if who == "an admin of the operator":
                continue
            client.force_login(user)
            assert client.get(reverse("network:admin")).status_code == 403, who
            assert client.post(decide, {"decision": "approve"}).status_code == 403, who
            assert client.post(reverse("network:admin_invite"), {"email": "x@example.org"}).status_code == 403, who
        client.force_login(admin_of(ProgrammeFactory()))
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        assert counts() == before
        target["pending"].refresh_from_db()
        assert target["pending"].state == ProfessionalProfile.State.PENDING

    def test_anonymous_visitors_sign_in_except_for_joining(self):
        client, target = self.client, self.target
        for name in MEETING:
            method = client.get if name == "meeting" else client.post
            response = method(reverse(f"network:{name}", kwargs={"meeting_id": target["meeting"].pk}))
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        for name in (*PROFESSIONAL, "admin", *INDEX):
            assert client.get(reverse(f"network:{name}")).status_code == 302
        assert client.get(reverse("network:signup")).status_code == 200
        assert client.get(reverse("network:invitation", kwargs={"token": "nope"})).status_code == 410


def test_a_professional_without_a_network_profile_is_refused(client, db):
    client.force_login(UserFactory(role=Role.PROFESSIONAL, role__organisation=OrganisationFactory()))
    assert client.get(reverse("network:professional_home")).status_code == 403
