"""Structured security events on the `openbilan.security` logger: identifiers only, never personal data.

Each event is one log record whose message is the event name and whose `extra` carries `security_event` and
integer/short-code fields. Never pass an e-mail address, a name or free text here."""

import logging

logger = logging.getLogger("openbilan.security")

_ALLOWED = (int, bool, type(None))


def event(name: str, *, level: int = logging.INFO, **fields) -> None:
    """Log one security event. Values must be identifiers (int), booleans or short codes (<= 40 chars, no '@')."""
    clean = {}
    for key, value in fields.items():
        if isinstance(value, _ALLOWED):
            clean[key] = value
        else:
            text = str(value)
            clean[key] = "[redacted]" if ("@" in text or len(text) > 40) else text
    logger.log(level, name, extra={"security_event": name, **{f"sec_{k}": v for k, v in clean.items()}})
