"""A screen-reader check of each role's main pages: the accessibility tree Chromium gives assistive technologies has a
banner, a navigation, a main and a contentinfo landmark, exactly one h1, and heading levels that never skip one (an
h1 followed by an h3 with no h2 fails). axe-core checks every page too."""

import pytest

from openbilan.assessments.models import Attempt
from openbilan.programmes import services as programmes
from tests.accounts.factories import funder_viewer, operator_admin, prescriber
from tests.assessments.factories import RIASEC
from tests.e2e.walk import Browse, check_landmarks, heading_levels, tree_problems
from tests.network.factories import professional, requested
from tests.programmes.cohort import add_prescribers, csv_bytes, pilot_rows
from tests.projects.factories import bilan, final_synthesis, validated


def _beneficiary():
    enrolment = bilan()
    validated(enrolment)
    final_synthesis(enrolment)
    person = enrolment.beneficiary
    attempt = Attempt.objects.get(user=person, instrument_version__slug=RIASEC)
    journey = f"/parcours/{enrolment.pk}/"
    return person, [
        "/mon-bilan/",
        journey,
        journey + "ligne-de-vie/",
        journey + "moteurs-et-freins/",
        "/questionnaires/",
        f"/questionnaires/resultats/{attempt.pk}/",
        "/metiers/?q=formateur",
        "/metiers/K2111/",
        "/suggestions/",
        "/suggestions/metier/K2111/",
        "/projet/",
        f"/projet/bilan/{enrolment.pk}/synthese/",
        "/accompagnement/messages/",
        "/mes-donnees/",
    ]


def _coach():
    enrolment = bilan()
    return enrolment.coach, [
        "/consultant/",
        f"/accompagnement/personne/{enrolment.pk}/",
        f"/parcours/{enrolment.pk}/",
        "/projet/",
    ]


def _funder():
    enrolment = bilan()
    programme = enrolment.programme
    add_prescribers(programme)
    programmes.import_cohort(programme=programme, data=csv_bytes(pilot_rows()), historical=True)
    viewer = funder_viewer(role__organisation=programme.funder)
    return viewer, ["/financeur/", f"/rapports/{programme.slug}/", f"/rapports/{programme.slug}/rapport/"]


def _prescriber():
    enrolment = bilan(referred=True)
    enrolment.programme.prescribers.add(enrolment.prescriber)
    adviser = prescriber(role__organisation=enrolment.prescriber)
    return adviser, ["/prescripteur/", "/programmes/orienter/", "/rapports/orientations/"]


def _professional():
    enrolment = bilan()
    pro = professional(enrolment.programme.operator)
    meeting = requested(enrolment, pro)
    return pro.user, ["/reseau/pro/", f"/reseau/rencontres/{meeting.pk}/", "/reseau/pro/profil/"]


def _operator():
    enrolment = bilan()
    programme = enrolment.programme
    admin = operator_admin(role__organisation=programme.operator)
    return admin, [
        "/operateur/",
        "/programmes/",
        f"/programmes/{programme.slug}/",
        f"/programmes/{programme.slug}/import/",
        "/programmes/nouveau/",
        "/parcours/modeles/",
    ]


ROLES = {
    "beneficiary": _beneficiary,
    "coach": _coach,
    "funder": _funder,
    "prescriber": _prescriber,
    "professional": _professional,
    "operator": _operator,
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_roles_main_pages_have_landmarks_one_h1_and_no_skipped_heading(desktop_page, axe, role):
    user, paths = ROLES[role]()
    browse = Browse(desktop_page, axe)
    browse.login(user.email)
    problems = []
    for path in paths:
        response = browse.visit(path)
        assert response.status == 200, f"{path}: {response.status}"
        try:
            check_landmarks(desktop_page)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n".join(problems)


def test_public_pages_have_landmarks_one_h1_and_no_skipped_heading(page, axe):
    browse = Browse(page, axe)
    for path in ["/", "/compte/connexion/", "/metiers/", "/accessibilite/"]:
        browse.visit(path)
        check_landmarks(page)


def test_the_check_names_a_skipped_heading_level_a_second_h1_and_a_missing_landmark():
    snapshot = """- banner:
  - navigation "Menu principal"
- main:
  - heading "A" [level=1]
  - 'heading "B : b" [level=2]'
  - heading "C" [level=4]
  - heading "D" [level=1]
"""
    assert heading_levels(snapshot) == [1, 2, 4, 1]
    assert tree_problems(snapshot) == [
        "no contentinfo landmark",
        "2 h1 (headings: [1, 2, 4, 1])",
        "heading h2 followed by h4 (headings: [1, 2, 4, 1])",
    ]
