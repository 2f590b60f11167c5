import json
import logging

from openbilan.logformat import JsonFormatter


def make_record(**extra):
    record = logging.LogRecord("openbilan.test", logging.WARNING, __file__, 1, "hello %s", ("world",), None)
    record.__dict__.update(extra)
    return record


def test_one_json_object_per_line_with_the_message_formatted():
    line = JsonFormatter().format(make_record())
    payload = json.loads(line)
    assert payload["message"] == "hello world"
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "openbilan.test"
    assert "\n" not in line


def test_extra_fields_are_kept_and_objects_stringified():
    payload = json.loads(JsonFormatter().format(make_record(enrolment_id=42, status=object())))
    assert payload["enrolment_id"] == 42
    assert payload["status"].startswith("<object")


# --- Issue 16, finding 9: share tokens never reach a log -------------------------------------------------------------

import io  # noqa: E402
import secrets  # noqa: E402
from urllib.parse import quote  # noqa: E402

import pytest  # noqa: E402
from django.core import signing  # noqa: E402
from django.urls import reverse  # noqa: E402

from openbilan.logformat import redact_secrets  # noqa: E402

SECRET_KWARGS = {"token"}


def _secret_urls() -> list[tuple[str, str, list[str]]]:
    """Every URL pattern of the project whose address carries a secret, with realistic secrets in it."""
    from tests.privacy.world import url_names

    found = []
    for name, pattern in url_names():
        keys = list(pattern.pattern.converters)
        if not SECRET_KWARGS & set(keys):
            continue
        for secret in (secrets.token_urlsafe(32), signing.dumps({"e": 12345, "u": 678}, salt="x", compress=True)):
            kwargs = {key: secret if key in SECRET_KWARGS else "MTIzNDU" for key in keys}
            found.append((name, reverse(name, kwargs=kwargs), [secret]))
    return found


def test_every_address_that_carries_a_token_is_redacted_in_a_log_line():
    urls = _secret_urls()
    assert {name for name, _path, _s in urls} >= {
        "projects:shared",
        "projects:shared_pdf",
        "network:invitation",
        "programmes:invitation",
        "programmes:survey",
        "accounts:password_reset_confirm",
    }
    for name, path, secrets_in_path in urls:
        lines = [
            f'"GET {path} HTTP/1.1" 404 179',  # an access log's request line
            f"Not Found: {path}",  # django.request
            f"/compte/double-authentification/?next={quote(path, safe='')}",  # a path inside a query string
            f"https://bilan.example.org{path}?utm=1",  # a referrer
        ]
        for line in lines:
            redacted = redact_secrets(line)
            assert not [secret for secret in secrets_in_path if secret in redacted], (name, redacted)
            assert "[redacted]" in redacted, (name, redacted)


def test_paths_without_a_secret_are_logged_as_they_are():
    for line in ['"GET /accompagnement/personnes/42/ HTTP/1.1" 200 5120', "Not Found: /projet/partage/"]:
        assert redact_secrets(line) == line


def test_the_json_formatter_redacts_the_message_and_the_extra_fields():
    token = secrets.token_urlsafe(32)
    record = make_record(path=f"/projet/partage/{token}/")
    record.msg, record.args = "Not Found: %s", (f"/projet/partage/{token}/pdf/",)
    line = JsonFormatter().format(record)
    assert token not in line and json.loads(line)["message"] == "Not Found: /projet/partage/[redacted]/pdf/"


@pytest.mark.django_db
def test_a_request_for_a_share_link_leaves_no_token_in_the_application_log(client):
    """The `console` handler (settings.LOGGING) writes Django's own request lines, e.g. "Gone: /projet/partage/..."."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        token = secrets.token_urlsafe(32)
        response = client.get(reverse("projects:shared", kwargs={"token": token}))
        assert response.status_code >= 400
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert "/projet/partage/[redacted]/" in written and token not in written


def test_gunicorns_access_log_redacts_tokens():
    import datetime

    from gunicorn.config import Config

    from openbilan.gunicornlog import RedactingLogger

    token = secrets.token_urlsafe(32)
    path = f"/projet/partage/{token}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://bilan.example.org{path}",
        "REMOTE_ADDR": "127.0.0.1",
    }

    class Response:
        status, sent, headers = "404 Not Found", 10, [("Content-Type", "text/html")]

    atoms = RedactingLogger(Config()).atoms(Response(), [], environ, datetime.timedelta(milliseconds=5))
    assert token not in json.dumps(atoms, default=str)
    assert atoms["r"] == "GET /projet/partage/[redacted]/ HTTP/1.1"
