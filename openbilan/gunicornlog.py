"""Gunicorn's access log without the secrets of addresses (share links, invitations, surveys, password resets).

Run gunicorn with `--logger-class openbilan.gunicornlog.RedactingLogger` (docs/OPERATIONS.md): every field of the
access log line (the request line, the path, the query, the referrer...) goes through logformat.redact_secrets."""

from gunicorn.glogging import Logger

from openbilan.logformat import redact_secrets


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_secrets(value) if isinstance(value, str) else value for key, value in atoms.items()}
