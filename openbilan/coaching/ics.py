"""iCalendar (RFC 5545) for one appointment: a VCALENDAR with one VEVENT.

Pure Python, no Django import. Lines end with CRLF and are folded at 75 octets without cutting a UTF-8 character;
TEXT values are escaped (backslash, semicolon, comma, newline) and lose control characters. Times are written in UTC
("Z" form), so no VTIMEZONE is needed and every calendar shows the right local time.
"""

import datetime
from dataclasses import dataclass

PRODID = "-//OpenBilan//Accompagnement//FR"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime.datetime  # timezone-aware
    ends_at: datetime.datetime  # timezone-aware, after starts_at
    summary: str
    stamp: datetime.datetime  # when this version of the event was written (DTSTAMP)
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    organizer_email: str = ""
    organizer_name: str = ""
    attendees: tuple[tuple[str, str], ...] = ()  # (e-mail, name)


def utc(moment: datetime.datetime) -> str:
    """20260915T080000Z. A naive datetime is refused: the caller must know its time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value: quoted, without the characters a quoted value cannot hold."""
    cleaned = "".join(ch for ch in value if ch not in '"\r\n' and (ord(ch) >= 0x20 or ch == "\t"))
    return f'"{cleaned}"'


def _uri(value: str) -> str:
    if any(ch in value for ch in '\r\n\t "<>') or not value.isprintable():
        raise ValueError("not a plain URI")
    return value


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continued by CRLF and one space (section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts, current, size, limit = [], [], 0, MAX_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def build(event: Event, *, method: str = "PUBLISH") -> str:
    """The calendar file as text (encode it as UTF-8). `method` is PUBLISH for a download, REQUEST for an e-mail
    invitation (then ORGANIZER and ATTENDEE are written) or CANCEL."""
    for moment in (event.starts_at, event.ends_at, event.stamp):
        utc(moment)  # refuses a naive datetime
    if event.ends_at <= event.starts_at:
        raise ValueError("an event ends after it starts")
    if not event.uid or any(ch in event.uid for ch in "\r\n"):
        raise ValueError("a UID is required, on one line")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc(event.stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SEQUENCE:{int(event.sequence)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.organizer_email:
        name = f";CN={_param(event.organizer_name)}" if event.organizer_name else ""
        lines.append(f"ORGANIZER{name}:mailto:{_uri(event.organizer_email)}")
    for email, attendee_name in event.attendees:
        name = f";CN={_param(attendee_name)}" if attendee_name else ""
        lines.append(f"ATTENDEE{name};ROLE=REQ-PARTICIPANT:mailto:{_uri(email)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
