"""events.timezones: the VTIMEZONE our calendar files carry, written with yearly rules as
most calendar programs write theirs, and right at every hour of the year."""

import datetime as dt

import pytest
from icalendar import Calendar

from events.exports import programme_ics
from events.timezones import vtimezone
from tests.factories import PARIS, EventFactory


def test_the_vtimezone_repeats_the_two_paris_changes_by_yearly_rules(db):
    calendar = programme_ics(EventFactory()).decode()

    assert "RDATE" not in calendar
    vtimezone_lines = calendar[calendar.index("BEGIN:VTIMEZONE") : calendar.index("END:VTIMEZONE")].split("\r\n")
    assert vtimezone_lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "",
    ]


def test_the_vtimezone_puts_the_clocks_forward_at_two_and_back_at_three():
    [timezone] = Calendar.from_ical(vtimezone("Europe/Paris", 2027).to_ical()).walk("VTIMEZONE")
    paris = timezone.to_tz(lookup_tzid=False)

    def wall_clock(utc_time: str) -> str:
        return dt.datetime.fromisoformat(utc_time).astimezone(paris).isoformat()

    assert [wall_clock(t) for t in ["2027-03-28T00:59:59+00:00", "2027-03-28T01:00:00+00:00"]] == [
        "2027-03-28T01:59:59+01:00",
        "2027-03-28T03:00:00+02:00",
    ]
    assert [wall_clock(t) for t in ["2027-10-31T00:59:59+00:00", "2027-10-31T01:00:00+00:00"]] == [
        "2027-10-31T02:59:59+02:00",
        "2027-10-31T02:00:00+01:00",
    ]


@pytest.mark.parametrize("year", [2027, 2031])
def test_the_vtimezone_gives_the_paris_offset_at_every_hour_of_the_year(year):
    [timezone] = Calendar.from_ical(vtimezone("Europe/Paris", year).to_ical()).walk("VTIMEZONE")
    from_the_file = timezone.to_tz(lookup_tzid=False)
    hours = [dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n) for n in range(365 * 24)]

    wrong = [hour for hour in hours if hour.astimezone(from_the_file).utcoffset() != hour.astimezone(PARIS).utcoffset()]

    assert wrong == []


def test_the_vtimezone_rules_come_from_the_zones_own_changes():
    new_york = vtimezone("America/New_York", 2027).to_ical().decode()
    tokyo = vtimezone("Asia/Tokyo", 2027).to_ical().decode()

    # Second Sunday of March at 02:00, first Sunday of November at 02:00.
    assert [line for line in new_york.split("\r\n") if line.startswith(("DTSTART", "RRULE"))] == [
        "DTSTART:19700308T020000",
        "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
        "DTSTART:19701101T020000",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    ]
    # No summer time: one STANDARD observance and no rule.
    assert tokyo.split("\r\n") == [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZNAME:JST",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
