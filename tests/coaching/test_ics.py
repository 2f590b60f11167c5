"""The calendar file: RFC 5545 structure, UTC times, escaping and folding (read back with icalendar in
tests/coaching/ics_check.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.coaching import ics
from tests.coaching.ics_check import check_calendar, utc_text

PARIS = ZoneInfo("Europe/Paris")
START = datetime.datetime(2026, 10, 6, 10, 0, tzinfo=PARIS)


def event(**changes) -> ics.Event:
    values = {
        "uid": "abc123@openbilan",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=1),
        "summary": "Rendez-vous de bilan avec Camille Martin",
        "stamp": datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC),
    }
    return ics.Event(**{**values, **changes})


def test_a_calendar_has_the_required_properties_in_utc():
    properties = check_calendar(ics.build(event()).encode())
    assert str(properties["UID"]) == "abc123@openbilan"
    assert utc_text(properties, "DTSTART") == "20261006T080000Z"  # 10:00 in Paris in October is 08:00 UTC
    assert utc_text(properties, "DTEND") == "20261006T090000Z"
    assert utc_text(properties, "DTSTAMP") == "20260901T080000Z"


def test_winter_time_is_converted_too():
    winter = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    properties = check_calendar(
        ics.build(event(starts_at=winter, ends_at=winter + datetime.timedelta(minutes=45))).encode()
    )
    assert utc_text(properties, "DTSTART") == "20261201T090000Z"
    assert utc_text(properties, "DTEND") == "20261201T094500Z"


def test_text_is_escaped_and_read_back():
    text = "Bilan; point d'étape, suite\nligne 2 \\ fin"
    properties = check_calendar(ics.build(event(summary=text, description=text, location=text)).encode())
    assert str(properties["SUMMARY"]) == text
    assert str(properties["DESCRIPTION"]) == text
    assert str(properties["LOCATION"]) == text


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character():
    summary = "é" * 200 + "x" * 13
    data = ics.build(event(summary=summary)).encode()
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert str(check_calendar(data)["SUMMARY"]) == summary


def test_a_video_link_is_given_as_url_and_location():
    link = "https://visio.example.org/salle?id=12,34"
    properties = check_calendar(ics.build(event(url=link, location=link)).encode())
    assert str(properties["URL"]) == link
    assert str(properties["LOCATION"]) == link


def test_an_invitation_names_organizer_and_attendee():
    text = ics.build(
        event(organizer_email="coach@example.org", organizer_name="Camille", attendees=(("p@example.org", "Sté"),)),
        method="REQUEST",
    )
    properties = check_calendar(text.encode())
    assert str(properties["ORGANIZER"]) == "mailto:coach@example.org"
    assert str(properties["ATTENDEE"]) == "mailto:p@example.org"
    assert "METHOD:REQUEST\r\n" in text


def test_a_cancelled_event_says_so_with_a_higher_sequence():
    properties = check_calendar(ics.build(event(cancelled=True, sequence=2), method="CANCEL").encode())
    assert str(properties["STATUS"]) == "CANCELLED"
    assert str(properties["SEQUENCE"]) == "2"


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        ics.build(event(starts_at=datetime.datetime(2026, 10, 6, 10, 0)))


def test_an_event_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        ics.build(event(ends_at=START))


def test_a_url_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        ics.build(event(url="https://example.org/\r\nX-EVIL:1"))


@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_gives_a_valid_calendar_that_reads_back(summary, description):
    properties = check_calendar(ics.build(event(summary=summary, description=description)).encode())
    expected = summary.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(ch for ch in expected if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))
    assert str(properties["SUMMARY"]) == expected


@given(st.text(min_size=0, max_size=400))
def test_folding_never_exceeds_75_octets_and_unfolds_to_the_text(summary):
    data = ics.build(event(summary=summary)).encode()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert str(check_calendar(data)["SUMMARY"]) == ics.plain_text(summary)


def test_a_name_with_quotes_and_a_line_break_stays_one_parameter():
    text = ics.build(
        event(organizer_email="coach@example.org", organizer_name='Camille "Cam"\nMartin; RH:'), method="REQUEST"
    )
    organizer = check_calendar(text.encode())["ORGANIZER"]
    assert str(organizer) == "mailto:coach@example.org"
    assert organizer.params["CN"] == 'Camille "Cam" Martin; RH:'
