"""Every journey URL, for every role: only the person and their coach get in; everybody else gets 403/404 and
changes nothing. A coach's every access to the person's data is logged."""

import pytest
from django.urls import reverse

from openbilan.accounts.models import Role
from openbilan.enrolments.models import Transition
from openbilan.journeys.models import Activity, BeliefEntry, DriverEntry, TimelineEntry
from openbilan.privacy.models import AccessLog
from tests.accounts.factories import UserFactory


def journey_urls(journey):
    eid = journey.enrolment.pk
    timeline = TimelineEntry.objects.get(journey=journey).pk
    belief = BeliefEntry.objects.get(journey=journey).pk
    activity = Activity.objects.get(template=journey.template, slug="explorer-metiers").pk
    kw = {"enrolment_id": eid}
    return [
        ("GET", reverse("journeys:journey", kwargs=kw)),
        ("POST", reverse("journeys:open_phase", kwargs=kw)),
        ("GET", reverse("journeys:status", kwargs=kw)),
        ("POST", reverse("journeys:status", kwargs=kw)),
        ("POST", reverse("journeys:interview", kwargs=kw)),
        ("GET", reverse("journeys:activity", kwargs={**kw, "activity_id": activity})),
        ("POST", reverse("journeys:activity", kwargs={**kw, "activity_id": activity})),
        ("POST", reverse("journeys:activity_skip", kwargs={**kw, "activity_id": activity})),
        ("GET", reverse("journeys:self_assessment", kwargs={**kw, "moment": "entry"})),
        ("POST", reverse("journeys:self_assessment", kwargs={**kw, "moment": "entry"})),
        ("GET", reverse("journeys:needs", kwargs=kw)),
        ("POST", reverse("journeys:needs", kwargs=kw)),
        ("POST", reverse("journeys:needs_confirm", kwargs=kw)),
        ("GET", reverse("journeys:timeline", kwargs=kw)),
        ("POST", reverse("journeys:timeline", kwargs=kw)),
        ("POST", reverse("journeys:timeline_entry", kwargs={**kw, "entry_id": timeline})),
        ("POST", reverse("journeys:timeline_delete", kwargs={**kw, "entry_id": timeline})),
        ("GET", reverse("journeys:drivers", kwargs=kw)),
        ("POST", reverse("journeys:driver_entry", kwargs={**kw, "driver": "be_strong"})),
        ("GET", reverse("journeys:beliefs", kwargs=kw)),
        ("POST", reverse("journeys:beliefs", kwargs=kw)),
        ("POST", reverse("journeys:beliefs_entry", kwargs={**kw, "entry_id": belief})),
        ("POST", reverse("journeys:beliefs_delete", kwargs={**kw, "entry_id": belief})),
        ("GET", reverse("journeys:aspirations", kwargs=kw)),
        ("POST", reverse("journeys:aspirations", kwargs=kw)),
        ("GET", reverse("journeys:invitation", kwargs=kw)),
        ("POST", reverse("journeys:invitation", kwargs=kw)),
    ]


POST_DATA = {
    "phase": "conclusions",
    "action": "drop",
    "reason_code": "other",
    "note": "x",
    "held_on": "2026-01-01",
    "mode": "video",
    "reason": "x",
    "project": "5",
    "confidence": "5",
    "consent": "on",
    "decline": "1",
    "kind": "job",
}


def outsiders(journey):
    enrolment = journey.enrolment
    programme = enrolment.programme
    return {
        "another beneficiary": UserFactory(role=Role.BENEFICIARY),
        "a beneficiary of the same operator": UserFactory(role=Role.BENEFICIARY, role__organisation=programme.operator),
        "another coach": UserFactory(role=Role.COACH, role__organisation=programme.operator),
        "the operator's admin": UserFactory(role=Role.OPERATOR_ADMIN, role__organisation=programme.operator),
        "the programme's funder": UserFactory(role=Role.FUNDER_VIEWER, role__organisation=programme.funder),
        "the referring prescriber": UserFactory(role=Role.PRESCRIBER, role__organisation=enrolment.prescriber),
    }


def snapshot(journey):
    return (
        Transition.objects.count(),
        list(TimelineEntry.objects.values_list("pk", "version")),
        list(BeliefEntry.objects.values_list("pk", "version")),
        list(DriverEntry.objects.values_list("pk", "version")),
        journey.enrolment.__class__.objects.get(pk=journey.enrolment.pk).status,
    )


@pytest.mark.parametrize(
    "who",
    [
        "another beneficiary",
        "a beneficiary of the same operator",
        "another coach",
        "the operator's admin",
        "the programme's funder",
        "the referring prescriber",
    ],
)
def test_nobody_but_the_person_and_their_coach_gets_in(client, journey, who):
    client.force_login(outsiders(journey)[who])
    before = snapshot(journey)
    for method, url in journey_urls(journey):
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert snapshot(journey) == before
    assert not AccessLog.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, journey):
    for method, url in journey_urls(journey):
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url


def test_the_person_opens_every_page_of_their_journey(client, journey):
    client.force_login(journey.enrolment.beneficiary)
    for method, url in journey_urls(journey):
        if method == "GET":
            assert client.get(url).status_code in (200, 302), url


def test_the_coach_reads_every_page_and_each_access_is_logged(client, journey):
    coach = journey.enrolment.coach
    client.force_login(coach)
    pages = [url for method, url in journey_urls(journey) if method == "GET" and "invitation" not in url]
    for url in pages:
        assert client.get(url).status_code in (200, 302), url
    logged = AccessLog.objects.filter(actor=coach, subject=journey.enrolment.beneficiary)
    assert logged.count() >= len(pages)
    assert set(logged.values_list("path", flat=True)) >= set(pages)


def test_the_invitation_is_for_the_person_only(client, journey):
    client.force_login(journey.enrolment.coach)
    assert client.get(reverse("journeys:invitation", kwargs={"enrolment_id": journey.enrolment.pk})).status_code == 403


@pytest.mark.parametrize("role", [Role.COACH, Role.OPERATOR_ADMIN, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_email_preferences_are_a_beneficiary_page(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("journeys:preferences")).status_code == 403


@pytest.mark.parametrize("role", [Role.BENEFICIARY, Role.COACH, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_template_editing_is_for_operator_admins(client, journey, role):
    client.force_login(UserFactory(role=role))
    template = journey.template
    activity = template.activities.first()
    for url in [
        reverse("journeys:templates"),
        reverse("journeys:template", kwargs={"template_id": template.pk}),
        reverse("journeys:activity_edit", kwargs={"template_id": template.pk, "activity_id": activity.pk}),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("journeys:template_copy", kwargs={"template_id": template.pk})).status_code == 403


@pytest.mark.parametrize("role", [Role.OPERATOR_ADMIN, Role.FUNDER_VIEWER, Role.PRESCRIBER])
def test_the_journey_index_is_for_coaches_and_beneficiaries(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("journeys:index")).status_code == 403
