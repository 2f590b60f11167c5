"""iCalendar (RFC 5545) for one appointment: a VCALENDAR with one VEVENT, written by the `icalendar` library.

No Django import. The library escapes TEXT values, quotes parameters (RFC 6868), folds lines at 75 octets without
cutting a UTF-8 character and ends them with CRLF. This module checks what the library does not: aware datetimes
(written in UTC, "Z" form, so no VTIMEZONE is needed and every calendar shows the right local time), an end after
the start, a one-line UID, plain URIs and e-mail addresses; it drops control characters from texts.
"""

import datetime
from dataclasses import dataclass

import icalendar

PRODID = "-//OpenBilan//Accompagnement//FR"


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


def utc(moment: datetime.datetime) -> datetime.datetime:
    """The same moment in UTC. A naive datetime is refused: the caller must know its time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(datetime.UTC)


def plain_text(value: str) -> str:
    """A TEXT value's content: one kind of line break (LF) and no other control character but the tab."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))


def _uri(value: str) -> str:
    if any(ch in value for ch in '\r\n\t "<>') or not value.isprintable():
        raise ValueError("not a plain URI")
    return value


def _address(email: str, name: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{_uri(email)}")
    if name:
        address.params["CN"] = " ".join(plain_text(name).split())
    address.params.update(params)
    return address


def build(event: Event, *, method: str = "PUBLISH") -> str:
    """The calendar file as text (encode it as UTF-8). `method` is PUBLISH for a download, REQUEST for an e-mail
    invitation (then ORGANIZER and ATTENDEE are written) or CANCEL."""
    starts_at, ends_at, stamp = utc(event.starts_at), utc(event.ends_at), utc(event.stamp)
    if ends_at <= starts_at:
        raise ValueError("an event ends after it starts")
    if not event.uid or any(ch in event.uid for ch in "\r\n"):
        raise ValueError("a UID is required, on one line")
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", starts_at)
    vevent.add("dtend", ends_at)
    vevent.add("sequence", int(event.sequence))
    vevent.add("summary", plain_text(event.summary))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.description:
        vevent.add("description", plain_text(event.description))
    if event.location:
        vevent.add("location", plain_text(event.location))
    if event.url:
        vevent.add("url", _uri(event.url))
    if event.organizer_email:
        vevent.add("organizer", _address(event.organizer_email, event.organizer_name))
    for email, attendee_name in event.attendees:
        vevent.add("attendee", _address(email, attendee_name, ROLE="REQ-PARTICIPANT"))
    calendar.add_component(vevent)
    return calendar.to_ical().decode("utf-8")
