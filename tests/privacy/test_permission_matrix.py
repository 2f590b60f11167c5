"""The permission matrix: every URL pattern of the project, for every role, answers the expected status.

Each entry is the expected answer per role, in the order of world.ROLES (anonymous, beneficiary, another
beneficiary, coach, another coach, operator admin, funder viewer, prescriber, professional), one letter each:
O 200 · R redirect (not to sign-in) · L redirect to sign-in · D denied (403 or 404) · B 400 (empty form refused)
· M 405 · U 401 (the partner API takes an organisation's token, never a session). Views that only accept POST
are checked with an empty POST ("POST", codes). The beneficiary, coach and professional own the world's objects;
"another" roles own similar objects elsewhere. A URL pattern added to the project without an entry here makes the
test fail.
"""

import pytest

from tests.accounts.factories import verify_otp
from tests.privacy.world import ROLES, build, url_for, url_names

MATRIX = {
    "health_live": "OOOOOOOOO",
    "health_ready": "OOOOOOOOO",
    "www:index": "OOOOOOOOO",
    "www:legal_notice": "OOOOOOOOO",
    "www:privacy_policy": "OOOOOOOOO",
    "www:accessibility": "OOOOOOOOO",
    "www:contact": "OOOOOOOOO",
    "www:home": "LRRRRRRRR",
    "www:beneficiary_home": "LOODDDDDD",
    "www:coach_home": "LDDOODDDD",
    "www:operator_home": "LDDDDODDD",
    "www:funder_home": "LDDDDDODD",
    "www:prescriber_home": "LDDDDDDOD",
    "accounts:login": "ORRRRRRRR",
    "accounts:two_factor": "LRRRRRRRR",
    "identity:logout": ("POST", "RRRRRRRRR"),
    "accounts:password_reset": "OOOOOOOOO",
    "accounts:password_reset_done": "OOOOOOOOO",
    "accounts:password_reset_confirm": "OOOOOOOOO",
    "accounts:password_reset_complete": "OOOOOOOOO",
    "accounts:proposals": "LOOOOOOOO",
    "explorer:index": "OOOOOOOOO",
    "explorer:occupation": "OOOOOOOOO",
    "assessments:list": "LOODDDDDD",
    "assessments:start": ("POST", "LRRDDDDDD"),
    "assessments:take": "LRDDDDDDD",
    "assessments:page": "LRDDDDDDD",
    "assessments:sort": "LRDDDDDDD",
    "assessments:results": "LODODDDDD",
    "assessments:person": "LODODDDDD",
    "journeys:index": "LRROODDDD",
    "journeys:preferences": "LOODDDDDD",
    "journeys:invitation": "LRDDDDDDD",
    "journeys:journey": "LODODDDDD",
    "journeys:open_phase": ("POST", "LRDRDDDDD"),
    "journeys:status": "LODODDDDD",
    "journeys:interview": ("POST", "LDDRDDDDD"),
    "journeys:activity": "LRDRDDDDD",
    "journeys:activity_skip": ("POST", "LDDRDDDDD"),
    "journeys:self_assessment": "LODODDDDD",
    "journeys:needs": "LODODDDDD",
    "journeys:needs_confirm": ("POST", "LDDRDDDDD"),
    "journeys:timeline": "LODODDDDD",
    "journeys:timeline_entry": ("POST", "LDDDDDDDD"),
    "journeys:timeline_delete": ("POST", "LRDDDDDDD"),
    "journeys:drivers": "LODODDDDD",
    "journeys:driver_entry": ("POST", "LODODDDDD"),
    "journeys:beliefs": "LODODDDDD",
    "journeys:beliefs_entry": ("POST", "LDDDDDDDD"),
    "journeys:beliefs_delete": ("POST", "LRDDDDDDD"),
    "journeys:aspirations": "LODODDDDD",
    "journeys:templates": "LDDDDODDD",
    "journeys:template": "LDDDDODDD",
    "journeys:template_copy": ("POST", "LDDDDRDDD"),
    "journeys:activity_add": "LDDDDDDDD",
    "journeys:activity_edit": "LDDDDDDDD",
    "journeys:activity_move": ("POST", "LDDDDDDDD"),
    "journeys:programme_template": ("POST", "LDDDDRDDD"),
    "recommendations:list": "LOODDDDDD",
    "recommendations:detail": "LOODDDDDD",
    "recommendations:react": ("POST", "LRRDDDDDD"),
    "recommendations:shortlist_toggle": ("POST", "LRRDDDDDD"),
    "recommendations:shortlist": "LOODDDDDD",
    "recommendations:business": "LOODDDDDD",
    "recommendations:why_not": "LOODDDDDD",
    "recommendations:profile": "LOODDDDDD",
    "recommendations:person": "LDDODDDDD",
    "recommendations:person_detail": "LDDODDDDD",
    "coaching:index": "LRRRRRDDD",
    "coaching:person": "LDDODDDDD",
    "coaching:coach_thread": "LDDODDDDD",
    "coaching:appointment_new": "LDDODDDDD",
    "coaching:appointment_settle": ("POST", "LDDRDDDDD"),
    "coaching:note_add": ("POST", "LDDBDDDDD"),
    "coaching:time_add": ("POST", "LDDBDDDDD"),
    "coaching:adaptation_add": ("POST", "LDDBDDDDD"),
    "coaching:contact_add": ("POST", "LDDBDDDDD"),
    "coaching:end": ("POST", "LDDBDDDDD"),
    "coaching:messages": "LRROODDDD",  # issue 19: a coach gets the inbox of their caseload
    "coaching:person_thread": "LODDDDDDD",
    "coaching:appointments": "LOOOODDDD",  # issue 19: a coach gets the agenda of their caseload
    "coaching:appointment_accept": ("POST", "LRDDDDDDD"),
    "coaching:appointment_ics": "LODODDDDD",
    "coaching:attachment": "LDDDDDDDD",
    "coaching:assignments": "LDDDDODDD",
    "coaching:assignment_detail": "LDDDDODDD",
    "projects:index": "LRROODDDD",
    "projects:bilan": "LODODDDDD",
    "projects:start": ("POST", "LRDDDDDDD"),
    "projects:retention": ("POST", "LRDDDDDDD"),
    "projects:synthesis": "LODODDDDD",
    "projects:synthesis_edit": "LDDRDDDDD",
    "projects:synthesis_action": ("POST", "LDDDDDDDD"),
    "projects:synthesis_comment": ("POST", "LRDDDDDDD"),
    "projects:synthesis_version": "LODODDDDD",
    "projects:synthesis_pdf": "LODODDDDD",
    "projects:share": ("POST", "LRDDDDDDD"),
    "projects:revoke": ("POST", "LRDDDDDDD"),
    "projects:project": "LODODDDDD",
    "projects:notes": ("POST", "LBDBDDDDD"),
    "projects:refresh": ("POST", "LRDRDDDDD"),
    "projects:funding": ("POST", "LBDBDDDDD"),
    "projects:market": ("POST", "LBDBDDDDD"),
    "projects:step_add": ("POST", "LBDBDDDDD"),
    "projects:step_done": ("POST", "LRDRDDDDD"),
    "projects:field": ("POST", "LBDBDDDDD"),
    "projects:delete": ("POST", "LRDRDDDDD"),
    "projects:transition": ("POST", "LBDBDDDDD"),
    "projects:shared": "OOOOOOOOO",
    "projects:shared_pdf": "OOOOOOOOO",
    "network:index": "LOODDRDDR",
    "network:ask": "LOODDDDDD",
    "network:meeting": "LODDDDDDO",
    "network:answer": ("POST", "LBDDDDDDB"),
    "network:message": ("POST", "LBDDDDDDB"),
    "network:schedule": ("POST", "LBDDDDDDB"),
    "network:debrief": ("POST", "LBDDDDDDB"),
    "network:feedback": ("POST", "LBDDDDDDB"),
    "network:cancel": ("POST", "LRDDDDDDR"),
    "network:professional_home": "LDDDDDDDO",
    "network:profile": "LDDDDDDDO",
    "network:signup": "ORRRRRRRR",
    "network:invitation": "OOOOOOOOO",
    "network:admin": "LDDDDODDD",
    "network:admin_decide": ("POST", "LDDDDRDDD"),
    "network:admin_invite": ("POST", "LDDDDRDDD"),
    "programmes:list": "LDDDDODDD",
    "programmes:create": "LDDDDODDD",
    "programmes:cohort_template": "LDDDDODDD",
    "programmes:funder_create": "LDDDDODDD",  # issue 19: the operator admin adds a funder organisation
    "programmes:referral_create": "LDDDDDDOD",
    "programmes:referral_decision": ("POST", "LDDDDRDDD"),
    "programmes:invitation": "LROOOOOOO",
    "programmes:survey": "OOOOOOOOO",
    "programmes:disability": "LOODDDDDD",
    "programmes:outcome": "LDDODDDDD",
    "programmes:detail": "LDDDDODDD",
    "programmes:edit": "LDDDDODDD",
    "programmes:cohort_upload": "LDDDDODDD",
    "programmes:cohort_preview": "LDDDDDDDD",
    "programmes:cohort_export": "LDDDDODDD",
    "programmes:duplicates": "LDDDDODDD",
    "reporting:index": "LDDDDOODD",
    "reporting:referrals": "LDDDDDDOD",
    "reporting:dashboard": "LDDDDOODD",
    "reporting:report": "LDDDDOODD",
    "reporting:report_pdf": "LDDDDOODD",
    "reporting:report_json": "LDDDDOODD",
    "reporting:export_csv": "LDDDDOODD",
    "reporting:export_xlsx": "LDDDDOODD",
    "privacy:index": "LOOOOOOOO",
    "privacy:consent": "LMMMMMMMM",
    "privacy:download": "LOOOOOOOO",
    "privacy:erase": "LOODDDOOO",
    "quality:offers": "OOOOOOOOO",
    "quality:offer": "OOOOOOOOO",
    "quality:complaint_new": "OOOOOOOOO",
    "quality:my_complaints": "LOOOOOOOO",
    "quality:my_accommodations": "LOODDDDDD",
    "quality:accommodation_withdraw": ("POST", "LRDDDDDDD"),
    "quality:accommodations": "LDDOOODDD",
    "quality:manage": "LDDDDODDD",
    "quality:settings": "LDDDDODDD",
    "quality:offer_edit": "LDDDDODDD",
    "quality:offer_publish": ("POST", "LDDDDRDDD"),
    "quality:results_publish": ("POST", "LDDDDRDDD"),
    "quality:complaints": "LDDDDODDD",
    "quality:complaint": "LDDDDODDD",
    # Issue 23: FranceConnect / ProConnect. Without a configured provider (as here) its URLs answer 404 to everyone;
    # tests/identity covers them with the test providers. The link pages need a pending identity in the session.
    "identity:franceconnect_start": "DDDDDDDDD",
    "identity:franceconnect_callback": "DDDDDDDDD",
    "identity:proconnect_start": "DDDDDDDDD",
    "identity:proconnect_callback": "DDDDDDDDD",
    "identity:logged_out": "RRRRRRRRR",
    "identity:link": "LRRRRRRRR",
    "identity:link_email": ("POST", "RRRRRRRRR"),
    "identity:link_confirm": "OOOOOOOOO",
    # issue 18: the one-page summary (HTML and PDF) and the tidy CSV of the programme report
    "reporting:summary": "LDDDDOODD",
    "reporting:summary_pdf": "LDDDDOODD",
    "reporting:export_tidy": "LDDDDOODD",
    # Issue 20: the person's own place (commune, distance, job level); only beneficiaries have one.
    "territory:place": "LOODDDDDD",
    # Issue 21: certifications and training sessions, public like the occupation explorer.
    "training:occupation": "OOOOOOOOO",
    "training:certification": "OOOOOOOOO",
    # Issues 20 and 21 in the suggestions: the person's choice about local hiring demand, the training page of one
    # suggestion (certifications, sessions near them, funding): theirs alone.
    "recommendations:local_demand": ("POST", "LRRDDDDDD"),
    "recommendations:training": "LOODDDDDD",
    "recommendations:person_training": "LDDODDDDD",
    "projects:training": ("POST", "LBDBDDDDD"),
    # Issue 23: the partner API answers a session with 401 (tokens only: tests/api/test_permission_matrix.py checks
    # every operation per token scope and organisation); its schema and documentation are public.
    "api:schema": "OOOOOOOOO",
    "api:docs": "OOOOOOOOO",
    "api:programmes": "UUUUUUUUU",
    "api:referrals": "UUUUUUUUU",
    "api:referral": "UUUUUUUUU",
    "api:publications": "UUUUUUUUU",
    "api:publication": "UUUUUUUUU",
    "api:webhooks": "UUUUUUUUU",
    "api:webhook": "UUUUUUUUU",
    "api:cohort": "UUUUUUUUU",
    "api:enrolments": "UUUUUUUUU",
    "api:not_found": "DDDDDDDDD",
    "partners:index": "LDDDDODDD",
    "partners:revoke": ("POST", "LDDDDDDDD"),
}
# Roles that never see a person's bilan: on a URL about one person (these parameters), they are always denied.
PERSONAL_PARAMETERS = {"enrolment_id", "attempt_id", "user_id", "project_id", "appointment_id", "attachment_id"}
# The operator admin assigns coaches and grants extra time: these pages show the enrolment, never its content.
ADMINISTRATIVE = {"coaching:assignment_detail"}
NEVER_ON_PERSONAL = ("other_beneficiary", "other_coach", "operator_admin", "funder_viewer", "prescriber")
LETTER = {200: "O", 400: "B", 401: "U", 403: "D", 404: "D", 405: "M"}


def _letter(response) -> str:
    if response.status_code == 302:
        return "L" if "/compte/connexion/" in response["Location"] else "R"
    return LETTER.get(response.status_code, str(response.status_code))


def test_every_url_pattern_of_the_project_has_an_entry():
    names = {name for name, _ in url_names()}
    assert sorted(names - MATRIX.keys()) == [], "add these URL names to the permission matrix"
    assert sorted(MATRIX.keys() - names) == [], "these entries name URLs that no longer exist"


def test_each_entry_has_one_answer_per_role():
    for name, entry in MATRIX.items():
        codes = entry[1] if isinstance(entry, tuple) else entry
        assert len(codes) == len(ROLES), name


def test_personal_urls_are_denied_to_every_role_that_does_not_follow_the_person():
    patterns = dict(url_names())
    for name, entry in MATRIX.items():
        codes = entry[1] if isinstance(entry, tuple) else entry
        if PERSONAL_PARAMETERS & set(patterns[name].pattern.converters):
            for role in NEVER_ON_PERSONAL:
                if name in ADMINISTRATIVE and role == "operator_admin":
                    continue
                assert codes[ROLES.index(role)] in "DLM", (name, role)


@pytest.mark.two_factor
@pytest.mark.django_db
def test_every_url_answers_the_expected_status_for_every_role(client):
    world = build()
    failures = []
    entries = [
        (name, pattern, *(MATRIX[name] if isinstance(MATRIX[name], tuple) else ("GET", MATRIX[name])))
        for name, pattern in url_names()
    ]
    # Every GET first, then the empty POSTs (a POST may change the world: a link revoked, a meeting cancelled).
    for name, pattern, method, expected in sorted(entries, key=lambda e: e[2] == "POST"):
        url = url_for(world, name, pattern)
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            user = world.users[role]
            if user is not None:
                client.force_login(user)
                verify_otp(client, user)
            response = client.post(url, {}) if method == "POST" else client.get(url)
            got = _letter(response)
            if got != want:
                failures.append(f"{name} {method} as {role}: expected {want}, got {got} ({url})")
    assert failures == []
