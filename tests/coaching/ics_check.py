"""A small, independent RFC 5545 reader for the tests (the `icalendar` package is not installed): it checks the
structure a calendar application relies on and returns the event's properties. Written apart from coaching.ics so
that a mistake in one is not repeated in the other."""

import datetime
import re

REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")
NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_utc(value: str) -> datetime.datetime:
    assert re.fullmatch(r"\d{8}T\d{6}Z", value), f"not a UTC date-time: {value!r}"
    return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


def check_calendar(data: bytes) -> dict:
    """Assert the structure, then return the VEVENT's properties as {NAME: (params, value)} (TEXT unescaped)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n"), "the file ends with CRLF"
    raw_lines = text[:-2].split("\r\n")
    assert "\n" not in "".join(raw_lines) and "\r" not in "".join(raw_lines), "every line ends with CRLF"
    for line in raw_lines:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line), f"control character in {line!r}"
    lines: list[str] = []
    for line in raw_lines:
        if line.startswith((" ", "\t")):
            assert lines, "a continuation line cannot come first"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    stack, calendar, event = [], {}, None
    for line in lines:
        head, sep, value = line.partition(":")
        assert sep, f"no colon in {line!r}"
        name, *params = head.split(";")
        assert NAME.match(name), f"bad property name {name!r}"
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                assert event is None, "one event per file"
                event = {}
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close its BEGIN"
            continue
        target = event if stack and stack[-1] == "VEVENT" else calendar
        assert name not in target, f"{name} appears twice"
        target[name] = (params, value)
    assert not stack, "a BEGIN is not closed"
    assert calendar.get("VERSION", (None, ""))[1] == "2.0"
    assert "PRODID" in calendar
    assert event is not None, "no VEVENT"
    for name in REQUIRED_EVENT:
        assert name in event, f"VEVENT without {name}"
    start, end = parse_utc(event["DTSTART"][1]), parse_utc(event["DTEND"][1])
    assert end > start
    parse_utc(event["DTSTAMP"][1])
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        if name in event:
            params, value = event[name]
            assert not re.search(r"(?<!\\)[;,]", value.replace("\\\\", "")), f"{name} has an unescaped ; or ,"
            event[name] = (params, unescape(value))
    return event
