"""Calendar files read at the database's instants by every reader: icalendar, icalendar
with the file's own VTIMEZONE, vobject, and a Radicale CalDAV server that stores the
agenda — on a summer day, a winter day and the two days the clocks change."""

import datetime as dt
import email
import email.policy
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
import requests
import vobject
from icalendar import Calendar

from events.exports import programme_ics
from events.models import Session
from events.timezones import vtimezone
from registrations import outbox
from registrations.models import OutgoingEmail
from registrations.services import book_workshop, register_attendee
from tests.factories import PARIS, EventFactory, RoomFactory, SessionFactory, UserFactory, at
from tests.integration.conftest import missing_service
from tests.mailserver import free_port
from tests.registrations.conftest import details

pytestmark = pytest.mark.django_db

DAYS = {
    "summer": dt.date(2027, 6, 8),
    "winter": dt.date(2027, 1, 12),
    "clocks-forward": dt.date(2027, 3, 28),
    "clocks-back": dt.date(2027, 10, 31),
}


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def event(request):
    """An event on that day, with a night session that spans 02:00–03:00, when the clocks
    change on the two days they do."""
    day = request.param
    event = EventFactory(
        date=day,
        registration_opens_at=at("10:00", day - dt.timedelta(days=90)),
        registration_closes_at=at("18:00", day - dt.timedelta(days=1)),
    )
    room = RoomFactory(event=event)
    sessions = [
        ("hackathon", Session.Kind.PLENARY, "01:00", "04:00"),
        ("ouverture", Session.Kind.PLENARY, "09:00", "10:00"),
        ("reparer", Session.Kind.WORKSHOP, "11:00", "12:00"),
        ("dejeuner", Session.Kind.LUNCH, "12:30", "14:00"),
        ("donnees", Session.Kind.WORKSHOP, "14:00", "15:00"),
    ]
    for slug, kind, start, end in sessions:
        SessionFactory(
            event=event, room=room, kind=kind, slug=slug, capacity=10, start=at(start, day), end=at(end, day)
        )
    return event


@pytest.fixture
def attendee(event):
    """A confirmed attendee with one of the two workshops booked, through the services."""
    now = event.registration_opens_at + dt.timedelta(days=1)
    registration = register_attendee(event, user=UserFactory(verified=True), details=details(), now=now)
    book_workshop(registration, Session.objects.get(slug="reparer"), now=now)
    return registration


@pytest.fixture
def radicale(tmp_path):
    """A Radicale CalDAV server on a free loopback port, storing in `tmp_path`; anyone may
    sign in with any password and owns the collections under their name."""
    port = free_port()
    log_path = tmp_path / "radicale.log"
    command = [
        sys.executable,
        "-m",
        "radicale",
        "--config",
        "",  # no configuration file of the machine or the user
        f"--server-hosts=127.0.0.1:{port}",
        "--auth-type=none",
        "--rights-type=owner_only",
        f"--storage-filesystem-folder={tmp_path / 'collections'}",
        "--web-type=none",
        "--logging-level=warning",
    ]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while not answers(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    missing_service(f"Radicale did not start ({' '.join(command)}): {log_path.read_text()[-2000:]}")
                time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def answers(url: str) -> bool:
    try:
        return requests.options(url + "/", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


def database_instants(sessions) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        f"{session.event.slug}-{session.slug}@techforclimate": (
            session.start.astimezone(dt.UTC),
            session.end.astimezone(dt.UTC),
        )
        for session in sessions
    }


def utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, f"{moment} is a floating time: each program would read it in its own zone"
    return moment.astimezone(dt.UTC)


def read_with_icalendar(data: bytes) -> dict:
    """icalendar takes the offsets from the zone database, by the TZID's name."""
    return {
        str(entry["uid"]): (utc(entry.decoded("dtstart")), utc(entry.decoded("dtend")))
        for entry in Calendar.from_ical(data).walk("VEVENT")
    }


def read_with_the_files_vtimezone(data: bytes) -> dict:
    """icalendar again, but with the offsets the file's own VTIMEZONE gives."""
    calendar = Calendar.from_ical(data)
    zones = {timezone.tz_name: timezone.to_tz(lookup_tzid=False) for timezone in calendar.timezones}

    def instant(entry, name):
        value = entry[name]
        return utc(value.dt.replace(tzinfo=zones[value.params["TZID"]]))

    return {
        str(entry["uid"]): (instant(entry, "dtstart"), instant(entry, "dtend")) for entry in calendar.walk("VEVENT")
    }


def read_with_vobject(data: bytes) -> dict:
    """vobject, as Radicale and the programs built on it read the file."""
    calendar = vobject.readOne(data.decode())
    return {entry.uid.value: (utc(entry.dtstart.value), utc(entry.dtend.value)) for entry in calendar.vevent_list}


READERS = {
    "icalendar": read_with_icalendar,
    "icalendar with the file's VTIMEZONE": read_with_the_files_vtimezone,
    "vobject": read_with_vobject,
}


def readings(data: bytes) -> dict[str, dict]:
    return {name: read(data) for name, read in READERS.items()}


def every_reader(instants: dict) -> dict[str, dict]:
    return dict.fromkeys(READERS, instants)


def agenda_sessions(event):
    """What the attendee's agenda holds: everything but the workshop they did not book."""
    return Session.objects.filter(event=event).exclude(slug="donnees")


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


def test_the_programme_file_is_read_at_the_database_instants(client, event):
    response = client.get("/en/programme.ics")

    assert response.status_code == 200
    assert readings(response.content) == every_reader(database_instants(Session.objects.filter(event=event)))


def test_the_personal_agenda_is_read_at_the_database_instants(client, attendee):
    client.force_login(attendee.user)
    response = client.get("/en/my-registration/agenda.ics")

    assert response.status_code == 200
    assert readings(response.content) == every_reader(database_instants(agenda_sessions(attendee.event)))


def test_the_confirmation_attachment_is_read_at_the_database_instants(attendee, mailoutbox):
    outbox.deliver_email(OutgoingEmail.objects.get(kind="confirmed", registration=attendee).pk)

    # Read as the recipient's mail program gets it: the MIME message, decoded.
    message = email.message_from_bytes(mailoutbox[-1].message().as_bytes(), policy=email.policy.default)
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert readings(attachment.get_content().encode()) == every_reader(
        database_instants(agenda_sessions(attendee.event))
    )


EVENTS_BETWEEN = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT"><C:time-range start="{start}" end="{end}"/></C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>"""
SECOND = dt.timedelta(seconds=1)


def found_by_radicale(collection: str, owner: tuple[str, str], start: dt.datetime, end: dt.datetime) -> set[str]:
    """The events Radicale finds at some moment in [start, end): a search it answers with its
    own reading of the stored times, as clients that sync a date range ask."""
    report = requests.request(
        "REPORT",
        collection,
        data=EVENTS_BETWEEN.format(start=f"{start:%Y%m%dT%H%M%SZ}", end=f"{end:%Y%m%dT%H%M%SZ}").encode(),
        headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        auth=owner,
        timeout=10,
    )
    assert report.status_code == 207, report.text
    found = ET.fromstring(report.content).iter("{urn:ietf:params:xml:ns:caldav}calendar-data")
    return {str(entry["uid"]) for data in found for entry in Calendar.from_ical(data.text).walk("VEVENT")}


def test_radicale_stores_the_personal_agenda_at_the_database_instants(client, attendee, radicale):
    client.force_login(attendee.user)
    agenda = client.get("/en/my-registration/agenda.ics").content
    collection = f"{radicale}/attendee/agenda/"
    owner = ("attendee", "any password")
    expected = database_instants(agenda_sessions(attendee.event))

    # A whole calendar sent to a new collection's path becomes that calendar.
    stored = requests.put(
        collection, data=agenda, headers={"Content-Type": "text/calendar; charset=utf-8"}, auth=owner, timeout=10
    )
    assert stored.status_code == 201

    # What Radicale gives back, written again by vobject with the VTIMEZONE it made of ours.
    fetched = requests.get(collection, auth=owner, timeout=10)
    assert fetched.status_code == 200
    assert readings(fetched.content) == every_reader(expected)

    # What Radicale itself understood: each event is found in its first and last second, and
    # not in the second before or after, so the server holds exactly the database's instants.
    def seen(uid, start, end):
        return tuple(
            uid in found_by_radicale(collection, owner, moment, moment + SECOND)
            for moment in [start - SECOND, start, end - SECOND, end]
        )

    assert {uid: seen(uid, *instants) for uid, instants in expected.items()} == dict.fromkeys(
        expected, (False, True, True, False)
    )
