"""The permission matrix in the states the security review broke (issue 16), beside test_permission_matrix.py.

The world of tests/privacy/world.py, plus a second operator with its own admin and coach, who enrolled the same
person (an invited enrolment, without consent, assigned to their coach: a person enrolled by two operators).

1. SECOND_OPERATOR: every URL pattern of the project, for the second operator's coach and admin (two letters,
   in the order of SECOND_ROLES), in the world as built.
2. STATE_MATRIX: every URL pattern naming one person (the parameters of PERSONAL_PARAMETERS), in each state of
   STATES (one group per state, in order), for each role of STATE_ROLES (one letter per role, in order):
   - base: the world as built;
   - invited: the URL names the second operator's invited enrolment instead of the first one;
   - completed / dropped: the person's bilan ended longer ago than the grace period (the follow-up still open:
     names, messages, appointments; no content);
   - one state per consent purpose shown on /mes-donnees/, withdrawn.
Letters as in test_permission_matrix.py: O 200 · R redirect · L sign-in · D 403/404 · B 400 · M 405.
A URL pattern without its entry, or an entry without a group per state and a letter per role, fails.
"""

import datetime

import pytest
from django.utils import timezone

from openbilan.accounts.models import Role
from openbilan.enrolments import access
from openbilan.privacy.models import Purpose
from openbilan.privacy.selectors import SHOWN_PURPOSES
from openbilan.privacy.services import set_consent
from openbilan.programmes.models import Enrolment, EnrolmentStatus
from tests.accounts.factories import UserFactory, verify_otp
from tests.privacy.test_permission_matrix import MATRIX, PERSONAL_PARAMETERS, _letter
from tests.privacy.world import build, url_for, url_names
from tests.programmes.factories import EnrolmentFactory, ProgrammeFactory

SECOND_ROLES = ("second_coach", "second_admin")
STATE_ROLES = ("beneficiary", "coach", "operator_admin", "second_coach", "second_admin")
STATES = ("base", "invited", "completed", "dropped", *(f"no_{purpose}" for purpose in SHOWN_PURPOSES))

SECOND_OPERATOR = {
    # second_coach, second_admin
    "accounts:login": "RR",
    "identity:logout": "RR",
    "accounts:password_reset": "OO",
    "accounts:password_reset_complete": "OO",
    "accounts:password_reset_confirm": "OO",
    "accounts:password_reset_done": "OO",
    "accounts:proposals": "OO",
    "accounts:two_factor": "RR",
    "api:cohort": "UU",
    "api:docs": "OO",
    "api:enrolments": "UU",
    "api:not_found": "DD",
    "api:programmes": "UU",
    "api:publication": "UU",
    "api:publications": "UU",
    "api:referral": "UU",
    "api:referrals": "UU",
    "api:schema": "OO",
    "api:webhook": "UU",
    "api:webhooks": "UU",
    "assessments:list": "DD",
    "assessments:page": "DD",
    "assessments:person": "DD",
    "assessments:results": "DD",
    "assessments:sort": "DD",
    "assessments:start": "DD",
    "assessments:take": "DD",
    "coaching:adaptation_add": "DD",
    "coaching:appointment_accept": "DD",
    "coaching:appointment_ics": "DD",
    "coaching:appointment_new": "DD",
    "coaching:appointment_settle": "DD",
    "coaching:appointments": "OD",
    "coaching:assignment_detail": "DD",
    "coaching:assignments": "DO",
    "coaching:attachment": "DD",
    "coaching:coach_thread": "DD",
    "coaching:contact_add": "DD",
    "coaching:end": "DD",
    "coaching:index": "RR",
    "coaching:messages": "OD",
    "coaching:note_add": "DD",
    "coaching:person": "DD",
    "coaching:person_thread": "DD",
    "coaching:time_add": "DD",
    "explorer:index": "OO",
    "explorer:occupation": "OO",
    "health_live": "OO",
    "health_ready": "OO",
    "identity:franceconnect_callback": "DD",
    "identity:franceconnect_start": "DD",
    "identity:link": "RR",
    "identity:link_confirm": "OO",
    "identity:link_email": "RR",
    "identity:logged_out": "RR",
    "identity:proconnect_callback": "DD",
    "identity:proconnect_start": "DD",
    "journeys:activity": "DD",
    "journeys:activity_add": "DD",
    "journeys:activity_edit": "DD",
    "journeys:activity_move": "DD",
    "journeys:activity_skip": "DD",
    "journeys:aspirations": "DD",
    "journeys:beliefs": "DD",
    "journeys:beliefs_delete": "DD",
    "journeys:beliefs_entry": "DD",
    "journeys:driver_entry": "DD",
    "journeys:drivers": "DD",
    "journeys:index": "OD",
    "journeys:interview": "DD",
    "journeys:invitation": "DD",
    "journeys:journey": "DD",
    "journeys:needs": "DD",
    "journeys:needs_confirm": "DD",
    "journeys:open_phase": "DD",
    "journeys:preferences": "DD",
    "journeys:programme_template": "DD",
    "journeys:self_assessment": "DD",
    "journeys:status": "DD",
    "journeys:template": "DO",
    "journeys:template_copy": "DR",
    "journeys:templates": "DO",
    "journeys:timeline": "DD",
    "journeys:timeline_delete": "DD",
    "journeys:timeline_entry": "DD",
    "network:admin": "DO",
    "network:admin_decide": "DD",
    "network:admin_invite": "DR",
    "network:answer": "DD",
    "network:ask": "DD",
    "network:cancel": "DD",
    "network:debrief": "DD",
    "network:feedback": "DD",
    "network:index": "DR",
    "network:invitation": "OO",
    "network:meeting": "DD",
    "network:message": "DD",
    "network:professional_home": "DD",
    "network:profile": "DD",
    "network:schedule": "DD",
    "network:signup": "RR",
    "partners:index": "DO",
    "partners:revoke": "DD",
    "privacy:consent": "MM",
    "privacy:download": "OO",
    "privacy:erase": "DD",
    "privacy:index": "OO",
    "programmes:cohort_export": "DD",
    "programmes:cohort_preview": "DD",
    "programmes:cohort_template": "DO",
    "programmes:cohort_upload": "DD",
    "programmes:create": "DO",
    "programmes:detail": "DD",
    "programmes:disability": "DD",
    "programmes:duplicates": "DD",
    "programmes:edit": "DD",
    "programmes:funder_create": "DO",
    "programmes:invitation": "OO",
    "programmes:list": "DO",
    "programmes:outcome": "DD",
    "programmes:referral_create": "DD",
    "programmes:referral_decision": "DD",
    "programmes:survey": "OO",
    "projects:bilan": "DD",
    "projects:delete": "DD",
    "projects:field": "DD",
    "projects:funding": "DD",
    "projects:index": "OD",
    "projects:market": "DD",
    "projects:notes": "DD",
    "projects:project": "DD",
    "projects:refresh": "DD",
    "projects:retention": "DD",
    "projects:revoke": "DD",
    "projects:share": "DD",
    "projects:shared": "OO",
    "projects:shared_pdf": "OO",
    "projects:start": "DD",
    "projects:step_add": "DD",
    "projects:step_done": "DD",
    "projects:synthesis": "DD",
    "projects:synthesis_action": "DD",
    "projects:synthesis_comment": "DD",
    "projects:synthesis_edit": "DD",
    "projects:synthesis_pdf": "DD",
    "projects:synthesis_version": "DD",
    "projects:training": "DD",
    "projects:transition": "DD",
    "quality:accommodation_withdraw": "DD",
    "quality:accommodations": "OO",
    "quality:complaint": "DD",
    "quality:complaint_new": "OO",
    "quality:complaints": "DO",
    "quality:manage": "DO",
    "quality:my_accommodations": "DD",
    "quality:my_complaints": "OO",
    "quality:offer": "OO",
    "quality:offer_edit": "DD",
    "quality:offer_publish": "DD",
    "quality:offers": "OO",
    "quality:results_publish": "DD",
    "quality:settings": "DO",
    "recommendations:business": "DD",
    "recommendations:detail": "DD",
    "recommendations:list": "DD",
    "recommendations:local_demand": "DD",
    "recommendations:person": "DD",
    "recommendations:person_detail": "DD",
    "recommendations:person_training": "DD",
    "recommendations:profile": "DD",
    "recommendations:react": "DD",
    "recommendations:shortlist": "DD",
    "recommendations:shortlist_toggle": "DD",
    "recommendations:training": "DD",
    "recommendations:why_not": "DD",
    "reporting:dashboard": "DD",
    "reporting:export_csv": "DD",
    "reporting:export_tidy": "DD",
    "reporting:export_xlsx": "DD",
    "reporting:index": "DO",
    "reporting:referrals": "DD",
    "reporting:report": "DD",
    "reporting:report_json": "DD",
    "reporting:report_pdf": "DD",
    "reporting:summary": "DD",
    "reporting:summary_pdf": "DD",
    "territory:place": "DD",
    "training:certification": "OO",
    "training:occupation": "OO",
    "www:accessibility": "OO",
    "www:beneficiary_home": "DD",
    "www:coach_home": "OD",
    "www:contact": "OO",
    "www:funder_home": "DD",
    "www:home": "RR",
    "www:index": "OO",
    "www:legal_notice": "OO",
    "www:operator_home": "DO",
    "www:prescriber_home": "DD",
    "www:privacy_policy": "OO",
}
STATE_MATRIX = {
    # state:   base  invited completed dropped no_coach no_presc no_funder no_research no_testim no_keep
    # roles in each group: beneficiary, coach, operator_admin, second_coach, second_admin
    "assessments:page": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "assessments:person": "OODDD OODDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "assessments:results": "OODDD OODDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "assessments:sort": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "assessments:take": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "coaching:adaptation_add": "DBDDD DDDBD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD",
    "coaching:appointment_accept": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "coaching:appointment_ics": "OODDD OODDD OODDD OODDD OODDD OODDD OODDD OODDD OODDD OODDD",
    "coaching:appointment_new": "DODDD DDDOD DODDD DODDD DODDD DODDD DODDD DODDD DODDD DODDD",
    "coaching:appointment_settle": "DRDDD DDDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD",
    "coaching:assignment_detail": "DDODD DDDDO DDODD DDODD DDODD DDODD DDODD DDODD DDODD DDODD",
    "coaching:attachment": "DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD",
    "coaching:coach_thread": "DODDD DDDOD DODDD DODDD DODDD DODDD DODDD DODDD DODDD DODDD",
    "coaching:contact_add": "DBDDD DDDBD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD",
    "coaching:end": "DBDDD DDDBD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD",
    "coaching:note_add": "DBDDD DDDBD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD",
    "coaching:person": "DODDD DDDOD DODDD DODDD DODDD DODDD DODDD DODDD DODDD DODDD",
    "coaching:person_thread": "ODDDD ODDDD ODDDD ODDDD ODDDD ODDDD ODDDD ODDDD ODDDD ODDDD",
    "coaching:time_add": "DBDDD DDDBD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD DBDDD",
    "journeys:activity": "RRDDD DDDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD",
    "journeys:activity_skip": "DRDDD DDDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD",
    "journeys:aspirations": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:beliefs": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:beliefs_delete": "RDDDD DDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "journeys:beliefs_entry": "DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD",
    "journeys:driver_entry": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:drivers": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:interview": "DRDDD DDDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD DRDDD",
    "journeys:invitation": "RDDDD ODDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "journeys:journey": "OODDD RDDOD OODDD OODDD OODDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:needs": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:needs_confirm": "DRDDD DDDDD DDDDD DDDDD DDDDD DRDDD DRDDD DRDDD DRDDD DRDDD",
    "journeys:open_phase": "RRDDD DDDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD RRDDD",
    "journeys:self_assessment": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:status": "OODDD ODDOD RRDDD RRDDD OODDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:timeline": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "journeys:timeline_delete": "RDDDD DDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "journeys:timeline_entry": "DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD",
    "programmes:outcome": "DODDD DDDOD DODDD DODDD DODDD DODDD DODDD DODDD DODDD DODDD",
    "projects:bilan": "OODDD ODDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "projects:delete": "RRDDD RRDDD RDDDD RDDDD RDDDD RRDDD RRDDD RRDDD RRDDD RRDDD",
    "projects:field": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:funding": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:market": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:notes": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:project": "OODDD OODDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "projects:refresh": "RRDDD RRDDD RDDDD RDDDD RDDDD RRDDD RRDDD RRDDD RRDDD RRDDD",
    "projects:retention": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "projects:revoke": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "projects:share": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "projects:start": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "projects:step_add": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:step_done": "RRDDD RRDDD RDDDD RDDDD RDDDD RRDDD RRDDD RRDDD RRDDD RRDDD",
    "projects:synthesis": "OODDD ODDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "projects:synthesis_action": "DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD DDDDD",
    "projects:synthesis_comment": "RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD RDDDD",
    "projects:synthesis_edit": "DRDDD DDDDD DDDDD DDDDD DDDDD DRDDD DRDDD DRDDD DRDDD DRDDD",
    "projects:synthesis_pdf": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "projects:synthesis_version": "OODDD DDDDD ODDDD ODDDD ODDDD OODDD OODDD OODDD OODDD OODDD",
    "projects:training": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "projects:transition": "BBDDD BBDDD BDDDD BDDDD BDDDD BBDDD BBDDD BBDDD BBDDD BBDDD",
    "recommendations:person": "DODDD DODDD DDDDD DDDDD DDDDD DODDD DODDD DODDD DODDD DODDD",
    "recommendations:person_detail": "DODDD DODDD DDDDD DDDDD DDDDD DODDD DODDD DODDD DODDD DODDD",
    "recommendations:person_training": "DODDD DODDD DDDDD DDDDD DDDDD DODDD DODDD DODDD DODDD DODDD",
}


def _personal(pattern) -> bool:
    return bool(PERSONAL_PARAMETERS & set(pattern.pattern.converters))


def _method(name: str) -> str:
    entry = MATRIX.get(name, "")  # a URL the base matrix misses fails there, not here
    return entry[0] if isinstance(entry, tuple) else "GET"


def test_every_url_pattern_has_its_second_operator_entry():
    names = {name for name, _ in url_names()}
    assert sorted(names - SECOND_OPERATOR.keys()) == [], "add these URL names to SECOND_OPERATOR"
    assert sorted(SECOND_OPERATOR.keys() - names) == []
    assert {len(codes) for codes in SECOND_OPERATOR.values()} == {len(SECOND_ROLES)}


def test_every_personal_url_pattern_has_its_state_entry():
    names = {name for name, pattern in url_names() if _personal(pattern)}
    assert sorted(names - STATE_MATRIX.keys()) == [], "add these URL names to STATE_MATRIX"
    assert sorted(STATE_MATRIX.keys() - names) == []
    for name, codes in STATE_MATRIX.items():
        groups = codes.split()
        assert len(groups) == len(STATES), name
        assert {len(group) for group in groups} == {len(STATE_ROLES)}, name


def test_the_second_operator_never_opens_anything_of_the_first_operators_person():
    patterns = dict(url_names())
    for name, codes in SECOND_OPERATOR.items():
        if _personal(patterns[name]):
            assert set(codes) <= set("DLM"), name


def test_without_coach_sharing_the_coach_opens_no_content_page():
    content = ("assessments:results", "journeys:timeline", "recommendations:person", "projects:synthesis")
    coach = STATE_ROLES.index("coach")
    for name in content:
        assert STATE_MATRIX[name].split()[STATES.index("no_coach_sharing")][coach] == "D", name
        assert STATE_MATRIX[name].split()[STATES.index("base")][coach] == "O", name


@pytest.fixture
def world(db):
    world = build()
    first = Enrolment.objects.get(pk=world.params["enrolment_id"])
    programme = ProgrammeFactory()
    second_coach = UserFactory(role=Role.COACH, role__organisation=programme.operator)
    second_admin = UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator)
    second = EnrolmentFactory(programme=programme, beneficiary=first.beneficiary, coach=second_coach, invited=True)
    world.users.update(second_coach=second_coach, second_admin=second_admin)
    return world, first, second


def _run(client, world, names, roles) -> dict[str, str]:
    """The letters each URL answers for each role (GETs first: an empty POST may change the world)."""
    patterns = dict(url_names())
    got = {name: [""] * len(roles) for name in names}
    ordered = sorted(names, key=lambda name: (_method(name) == "POST", name == "identity:logout"))  # sign-out last
    for index, role in enumerate(roles):
        client.logout()
        user = world.users[role]
        client.force_login(user)
        verify_otp(client, user)
        for name in ordered:
            url = url_for(world, name, patterns[name])
            response = client.post(url, {}) if _method(name) == "POST" else client.get(url)
            got[name][index] = _letter(response)
    return {name: "".join(letters) for name, letters in got.items()}


@pytest.mark.two_factor
def test_the_second_operators_staff_answer_as_listed(client, world):
    world, _first, _second = world
    got = _run(client, world, [name for name, _ in url_names()], SECOND_ROLES)
    failures = [
        f"{name}: expected {SECOND_OPERATOR.get(name)}, got {codes}"
        for name, codes in got.items()
        if SECOND_OPERATOR.get(name) != codes
    ]
    assert failures == []


def _enter(state: str, world, first: Enrolment, second: Enrolment):
    """Put the world in `state`; return how to leave it."""
    person = first.beneficiary
    if state == "invited":
        saved = world.params["enrolment_id"]
        world.params["enrolment_id"] = second.pk
        return lambda: world.params.__setitem__("enrolment_id", saved)
    if state in ("completed", "dropped"):
        days = access.content_days_after_end() + 1
        at = timezone.now() - datetime.timedelta(days=days)
        before = Enrolment.objects.filter(pk=first.pk).values().get()
        values = {"status": state, "status_changed_at": at}
        if state == "completed":
            values["completed_at"] = at
        else:
            values.update(dropped_at=at, drop_reason="personal")
        Enrolment.objects.filter(pk=first.pk).update(**values)
        keys = ("status", "status_changed_at", "completed_at", "dropped_at", "drop_reason")
        return lambda: Enrolment.objects.filter(pk=first.pk).update(**{key: before[key] for key in keys})
    if state.startswith("no_"):
        purpose = state[3:]
        set_consent(person=person, purpose=purpose, granted=False)
        return lambda: set_consent(person=person, purpose=purpose, granted=True)
    return lambda: None


@pytest.mark.two_factor
def test_every_personal_url_answers_as_listed_in_every_state(client, world):
    world, first, second = world
    names = [name for name, pattern in url_names() if _personal(pattern)]
    got = {name: [] for name in names}
    for state in STATES:
        leave = _enter(state, world, first, second)
        for name, codes in _run(client, world, names, STATE_ROLES).items():
            got[name].append(codes)
        leave()
    failures = [
        f"{name}: expected {STATE_MATRIX.get(name)}, got {' '.join(groups)}"
        for name, groups in got.items()
        if STATE_MATRIX.get(name) != " ".join(groups)
    ]
    assert failures == []


assert Purpose.BILAN not in SHOWN_PURPOSES and EnrolmentStatus.INVITED == "invited"
