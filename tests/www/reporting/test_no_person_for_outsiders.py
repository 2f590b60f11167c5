"""Every URL of the project, with the parameters of a real person's records, opened by the programme's funder
viewer and by the prescriber who referred that person: no page ever shows the person (their name or e-mail), except
the prescriber's own list of referrals, and no page answers a server error.

New URLs are picked up automatically, so a page added later that leaks a person to a funder fails here."""

import itertools

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from openbilan.accounts.models import Role
from openbilan.enrolments import services as enrolment_services
from openbilan.programmes import services
from openbilan.programmes.models import Survey
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.journeys.factories import started_journey
from tests.programmes.factories import ProgrammeFactory

SKIPPED = (settings.OPENBILAN_ADMIN_PATH, "i18n/")
PRESCRIBER_LISTS = {"/prescripteur/", "/rapports/orientations/"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(SKIPPED) and "(?P" not in route:
            yield route


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


@pytest.fixture
def world(db):
    agency = OrganisationFactory(prescriber=True)
    programme = ProgrammeFactory(slug="programme-suivi")
    programme.prescribers.add(agency)
    journey = started_journey(
        phase="investigation",
        programme=programme,
        prescriber=agency,
        beneficiary__first_name="Zéphyrine",
        beneficiary__last_name="Zorglubova",
        beneficiary__email="zephyrine.zorglubova@exemple.fr",
    )
    enrolment = journey.enrolment
    enrolment_services.change_status(enrolment=enrolment, action="pause", actor=enrolment.beneficiary, note="Congés")
    services.declare_disability(
        person=enrolment.beneficiary, recognised=True, accommodations="Pauses", share_with_coach=True, consent=True
    )
    survey = Survey.objects.create(enrolment=enrolment, kind="end", due_on=enrolment.created_at.date())
    ids = sorted({enrolment.pk, enrolment.beneficiary_id, journey.pk, survey.pk, enrolment.coach_id})
    return programme, agency, enrolment, ids


def _urls(route: str, ids: list[int], slugs: list[str]):
    parts = []
    for piece in route.replace(">", "<").split("<"):
        parts.append(piece)
    values = []
    for index, piece in enumerate(parts):
        if index % 2 == 0:
            values.append([piece])
        elif piece.startswith("int:"):
            values.append([str(i) for i in ids])
        elif piece.startswith(("slug:", "str:")) or ":" not in piece:
            values.append(slugs)
        else:
            values.append(["x"])
    for combination in itertools.product(*values):
        yield "/" + "".join(combination).lstrip("^").rstrip("$")


def pages_showing_the_person(client, world, *, allowed=frozenset()):
    """Every URL opened with the person's ids: the ones whose page shows the person, and the server errors."""
    programme, _agency, enrolment, ids = world
    slugs = [programme.slug, "entry", "K2111", "x"]
    person = enrolment.beneficiary
    leaks, errors, seen = [], [], 0
    for route in ROUTES:
        for url in _urls(route, ids, slugs):
            response = client.get(url)
            seen += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
            if response.status_code != 200 or response.streaming:
                continue
            text = response.content.decode(errors="replace")
            if url not in allowed and (person.last_name in text or person.email in text):
                leaks.append(url)
    assert seen > len(ROUTES)
    return leaks, errors


@pytest.mark.parametrize("role", [Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_no_page_shows_a_person_to_the_funder_or_the_prescriber(client, world, role):
    programme, agency, _enrolment, _ids = world
    organisation = programme.funder if role == Role.FUNDER_VIEWER else agency
    client.force_login(UserFactory(role=role, role__organisation=organisation))
    leaks, errors = pages_showing_the_person(client, world, allowed=PRESCRIBER_LISTS if role == Role.PRESCRIBER else ())
    assert errors == []
    assert leaks == []


def test_the_check_does_find_the_pages_of_the_persons_coach(client, world):
    client.force_login(world[2].coach)
    leaks, _errors = pages_showing_the_person(client, world)
    assert f"/parcours/{world[2].pk}/" in leaks


def test_the_funder_does_reach_the_programmes_figures(client, world):
    programme = world[0]
    client.force_login(UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder))
    assert client.get(f"/rapports/{programme.slug}/").status_code == 200


def test_the_prescriber_sees_the_name_but_not_the_status_of_a_person_who_did_not_share_it(client, world):
    _programme, agency, enrolment, _ids = world
    assert not enrolment.shares_with_prescriber
    client.force_login(UserFactory(role=Role.PRESCRIBER, role__organisation=agency))
    text = client.get("/rapports/orientations/").content.decode()
    assert "Zorglubova" in text
    assert "En pause" not in text and "Non partagé par la personne" in text
