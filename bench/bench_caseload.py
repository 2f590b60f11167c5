"""Server time of a coach's caseload page with 60 people, and of one person's screen, through Django's test client."""

import datetime

from bench.clients import signed_in
from bench.timing import measure


def _caseload(n: int):
    from django.utils import timezone

    from openbilan.accounts.models import Organisation, Role
    from openbilan.accounts.services import grant_role, upsert_organisation, upsert_user
    from openbilan.coaching import services as coaching
    from openbilan.enrolments import services as enrolment_services
    from openbilan.enrolments.models import Enrolment
    from openbilan.programmes.services import upsert_programme

    operator = upsert_organisation(slug="bench-operator", name="Bench operator", kind=Organisation.Kind.OPERATOR)
    funder = upsert_organisation(slug="bench-funder", name="Bench funder", kind=Organisation.Kind.FUNDER)
    programme = upsert_programme(slug="bench-caseload", name="Bench caseload", operator=operator, funder=funder)
    coach = upsert_user(email="bench-coach@example.org", first_name="Bench", last_name="Coach", password="x" * 12)
    grant_role(user=coach, organisation=operator, role=Role.COACH)
    now = timezone.now()
    for index in range(n):
        person = upsert_user(email=f"bench-person-{index}@example.org", first_name="Personne", last_name=f"{index:03d}")
        grant_role(user=person, organisation=operator, role=Role.BENEFICIARY)
        enrolment = enrolment_services.enrol_with_consent(programme=programme, beneficiary=person, coach=coach)
        if not enrolment.appointments.exists():
            coaching.book_appointment(
                enrolment=enrolment,
                coach=coach,
                kind="phone",
                starts_at=now + datetime.timedelta(days=1 + index % 10),
                duration_minutes=60,
            )
            coaching.send_message(enrolment=enrolment, sender=person, body="Bonjour", notify=False)
    return coach, Enrolment.objects.filter(coach=coach).order_by("pk").first()


def run():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coach, first = _caseload(60)
    client = signed_in(coach)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/consultant/").status_code == 200
    caseload_queries = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/accompagnement/personne/{first.pk}/").status_code == 200
    screen_queries = len(queries.captured_queries)
    return [
        measure(
            "coach caseload page, 60 people",
            lambda: client.get("/consultant/"),
            note=f"{caseload_queries} SQL queries whatever the caseload size",
        ),
        measure(
            "coach screen for one person",
            lambda: client.get(f"/accompagnement/personne/{first.pk}/"),
            note=f"{screen_queries} SQL queries (every section, the access log write included)",
        ),
    ]
