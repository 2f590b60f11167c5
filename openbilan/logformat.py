"""One JSON object per log line (LOG_FORMAT=json), for log collectors, and the redaction of the secrets that
addresses carry. Pure Python, no Django import.

Log records must never carry personal data: callers log identifiers (primary keys), never names, e-mails or answers.
Some addresses are secrets themselves (a share link opens a person's synthesis to whoever holds it): wherever a path
is logged (Django's request lines, the development server, gunicorn's access log through openbilan/gunicornlog.py),
the token in it becomes `[redacted]`.
"""

import json
import logging
import re
from datetime import UTC, datetime

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
REDACTED = "[redacted]"
# The addresses that carry a secret, as path segments before it; "*" is a segment that is not secret (the account id
# of a password reset). tests/test_logformat.py checks that every URL pattern with a token is covered.
SECRET_PATHS = (
    ("projet", "partage"),  # a synthesis shared by its owner (projects:shared, projects:shared_pdf)
    ("reseau", "invitation"),  # a professional's invitation
    ("programmes", "invitation"),  # a person's invitation to their bilan
    ("programmes", "enquete"),  # a satisfaction or follow-up survey
    ("compte", "mot-de-passe", "nouveau", "*"),  # a password reset link
    ("compte", "identite", "lier", "confirmer"),  # an e-mail link that ties a FranceConnect/ProConnect identity
)
_SLASH = r"(?:/|%2[Ff])"  # a path, or a path inside a query string (`?next=%2Fprojet%2Fpartage%2F...`)
_SEGMENT = r"(?:(?!%2[Ff])[^/\s?#&\"'<>])+"


def _secret_paths() -> re.Pattern:
    alternatives = []
    for segments in SECRET_PATHS:
        parts = [_SEGMENT if segment == "*" else re.escape(segment) for segment in segments]
        alternatives.append(_SLASH + _SLASH.join(parts) + _SLASH)
    return re.compile(f"(?P<before>{'|'.join(alternatives)})(?P<secret>{_SEGMENT})")


_SECRET_PATH = _secret_paths()


def redact_secrets(text: str) -> str:
    """`text` with the secret of every address in it replaced by [redacted]."""
    return _SECRET_PATH.sub(lambda m: m.group("before") + REDACTED, text) if "/" in text or "%" in text else text


class RedactSecrets(logging.Filter):
    """A handler filter (settings.LOGGING): the record's message and text fields leave without secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key != "request" and isinstance(value, str):
                record.__dict__[key] = redact_secrets(value)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_secrets(record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                value = value if isinstance(value, int | float | bool | type(None)) else redact_secrets(str(value))
                payload[key] = value
        if record.exc_info:
            payload["exception"] = redact_secrets(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)
