"""The tests' calendar reader: the `icalendar` library parses the file; a few checks of the bytes on the wire come
first (CRLF, lines of at most 75 octets, no control character), because a lenient parser would forgive them and a
calendar application might not."""

import re

import icalendar

REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")


def check_calendar(data: bytes) -> icalendar.Event:
    """Assert the structure, then return the calendar's only VEVENT (read a property's value with `str()` or
    `event.decoded(name)`)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n"), "the file ends with CRLF"
    raw_lines = text[:-2].split("\r\n")
    assert "\n" not in "".join(raw_lines) and "\r" not in "".join(raw_lines), "every line ends with CRLF"
    for line in raw_lines:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line), f"control character in {line!r}"
    calendar = icalendar.Calendar.from_ical(data)
    assert not calendar.errors, calendar.errors
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    events = calendar.walk("VEVENT")
    assert len(events) == 1, "one event per file"
    event = events[0]
    assert not event.errors, event.errors
    for name in REQUIRED_EVENT:
        assert name in event, f"VEVENT without {name}"
    for name in ("DTSTART", "DTEND", "DTSTAMP"):
        assert re.fullmatch(rb"\d{8}T\d{6}Z", event[name].to_ical()), f"{name} is not a UTC date-time"
    assert event.decoded("DTEND") > event.decoded("DTSTART")
    return event


def utc_text(event: icalendar.Event, name: str) -> str:
    """A date-time property as written in the file: 20261006T080000Z."""
    return event[name].to_ical().decode()
