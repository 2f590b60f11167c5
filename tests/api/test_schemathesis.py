"""Issue 23 acceptance: schemathesis runs the OpenAPI schema against the API (every operation, positive and
negative cases): no server error, every answer matches the schema (status codes, content types, bodies).

The WSGI application is called in the test's own thread, on the test database: like Django's test client, the
database connection is kept open across the calls (request_started/finished would close it)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from openbilan.reporting import services as reporting
from tests.partners.factories import funder_token_for, operator_token_for, partner, token_for

pytestmark = pytest.mark.django_db
EXAMPLES = 20


@pytest.fixture(autouse=True)
def _in_process(settings):
    settings.OPENBILAN_RATE_LIMITS = {"api": (10**6, 60), "api_auth_failure": (10**6, 60), "referral": (10**6, 86400)}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearers(db):
    """A prescriber's token with every scope, the funder's (whose publication exists), the operator's own."""
    world = partner(slug="programme-api")
    reporting.ensure_publication(world.programme)
    _token, raw = token_for(world)
    _funder, funder_raw = funder_token_for(world)
    _operator, operator_raw = operator_token_for(world)
    return {
        "prescriber": {"Authorization": f"Bearer {raw}"},
        "funder": {"Authorization": f"Bearer {funder_raw}"},
        "operator": {"Authorization": f"Bearer {operator_raw}"},
    }


def _bearer_for(path: str) -> str:
    if path.startswith("/api/v1/publications"):
        return "funder"
    if path.startswith("/api/v1/enrolments") or path.endswith("/cohort/"):
        return "operator"
    return "prescriber"


# Loaded once at collection: serving the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES, deterministic=True
)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=EXAMPLES)
def test_every_operation_answers_within_its_schema(case, bearers):
    bearer = bearers[_bearer_for(case.operation.path)]
    # Every check but one: a schema-valid body may still be refused for a rule no schema can say (a programme that
    # does not list the caller's organisation, an address that is not https, a birth date under 15 years ago); such
    # refusals are 400 problem documents, which the schema declares and the other checks validate.
    case.call_and_validate(headers=bearer, excluded_checks=[positive_data_acceptance])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("external_id,first_name,last_name,email\nS1,Lina,Morel,lina.morel@example.org\n", 201),
        ("external_id,first_name,last_name,email\nS1,Lina,Morel,pas-une-adresse\n", 422),
    ],
)
def test_a_cohort_imported_and_refused_answers_within_the_schema(bearers, text, expected):
    """Generated slugs hit no programme: the real one is given here, so that the 201 and the 422 with its rows are
    validated against the schema too, then the list of enrolments."""
    operation = schema["/api/v1/programmes/{slug}/cohort/"]["POST"]
    case = operation.Case(path_parameters={"slug": "programme-api"}, body=text.encode(), media_type="text/csv")
    response = case.call_and_validate(headers=bearers["operator"])
    assert response.status_code == expected
    listed = schema["/api/v1/enrolments/"]["GET"].Case(query={"programme": "programme-api"})
    assert listed.call_and_validate(headers=bearers["operator"]).json()["count"] == (1 if expected == 201 else 0)
