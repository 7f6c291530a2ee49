"""registrations.calendars: a person's agenda as a calendar file, read at the database's
instants by every reader (tests.calendars) — as downloaded, as attached to the confirmation
e-mail, and as stored by a Radicale CalDAV server — on a summer day, a winter day and the two
days the clocks change."""

import datetime as dt
import email
import email.policy
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
import requests
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from events.models import Session
from mail import outbox
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations.calendars import agenda_ics
from registrations.services import register_attendee
from registrations.workshops import book_workshop
from tests.calendars import database_instants, every_reader, readings
from tests.factories import SessionFactory, UserFactory, at
from tests.integration.conftest import missing_service
from tests.mailserver import free_port
from tests.registering import details, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendee(event_on_each_day):
    """A confirmed attendee with one of the two workshops booked, through the services."""
    event = event_on_each_day
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


def agenda_sessions(event):
    """What the attendee's agenda holds: everything but the workshop they did not book."""
    return Session.objects.filter(event=event).exclude(slug="donnees")


def test_the_agenda_file_is_the_persons_day_named_after_the_edition(attendee):
    calendar = Calendar.from_ical(agenda_ics(attendee))
    assert str(calendar["x-wr-calname"]) == f"Tech For Climate {attendee.event.date:%Y}"
    assert sorted(str(entry["uid"]).split("@")[0] for entry in calendar.walk("VEVENT")) == [
        "tech-for-climate-dejeuner",
        "tech-for-climate-hackathon",
        "tech-for-climate-ouverture",
        "tech-for-climate-reparer",
    ]
    # Stamped with the registration's last change: the same file until something changes.
    assert {entry.decoded("dtstamp") for entry in calendar.walk("VEVENT")} == {
        attendee.updated_at.replace(microsecond=0)
    }
    assert agenda_ics(attendee) == agenda_ics(attendee)


def test_the_personal_agenda_is_read_at_the_database_instants(client, attendee):
    client.force_login(attendee.user)
    response = client.get("/en/my-registration/agenda.ics")

    assert response.status_code == 200
    assert readings(response.content) == every_reader(database_instants(agenda_sessions(attendee.event)))


def test_the_confirmation_attachment_is_read_at_the_database_instants(attendee, mailoutbox):
    outbox.deliver_email(OutgoingEmail.objects.get(kind="confirmed", registration=attendee).pk, build=build_message)

    # Read as the recipient's mail program gets it: the MIME message, decoded.
    message = email.message_from_bytes(mailoutbox[-1].message().as_bytes(), policy=email.policy.default)
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert readings(attachment.get_content().encode()) == every_reader(
        database_instants(agenda_sessions(attendee.event))
    )


@pytest.fixture
def translated_day(event):
    """A plenary translated into English and a lunch whose English is still missing."""
    SessionFactory(
        event=event,
        slug="ouverture",
        title_fr="Ouverture",
        title_en="Opening",
        abstract_fr="Le mot d'accueil.",
        abstract_en="A word of welcome.",
        start=at("09:00"),
        end=at("10:00"),
    )
    SessionFactory(
        event=event,
        kind=Session.Kind.LUNCH,
        room=None,
        theme=None,
        slug="dejeuner",
        title_fr="Déjeuner",
        title_en="",
        abstract_fr="",
        abstract_en="",
        start=at("12:30"),
        end=at("14:00"),
    )
    return event


def summaries(content) -> dict:
    """Each entry's title and the language its LANGUAGE parameter gives it, by session slug."""
    return {
        str(entry["uid"]).split("@")[0].removeprefix("tech-for-climate-"): (
            str(entry["summary"]),
            entry["summary"].params.get("LANGUAGE"),
        )
        for entry in Calendar.from_ical(content).walk("VEVENT")
    }


IN_EACH_LANGUAGE = {
    "fr": {"ouverture": ("Ouverture", "fr"), "dejeuner": ("Déjeuner", "fr")},
    # The lunch's English is missing: the French, said to be French.
    "en": {"ouverture": ("Opening", "en"), "dejeuner": ("Déjeuner", "fr")},
}


@pytest.mark.parametrize("language", IN_EACH_LANGUAGE)
def test_the_agenda_file_is_in_the_attendees_language_from_a_page_in_either(client, translated_day, language):
    registration = register(translated_day, user=UserFactory(verified=True, language=language))
    client.force_login(registration.user)

    for page_language in ["fr", "en"]:
        with translation.override(page_language):
            url = reverse("registrations:agenda_ics")
        assert summaries(client.get(url).content) == IN_EACH_LANGUAGE[language], url


@pytest.mark.parametrize("language", IN_EACH_LANGUAGE)
def test_the_confirmation_brings_the_agenda_in_the_recipients_language(translated_day, mailoutbox, language):
    registration = register(translated_day, user=UserFactory(verified=True, language=language))

    outbox.deliver_email(OutgoingEmail.objects.get(kind="confirmed", registration=registration).pk, build=build_message)

    message = email.message_from_bytes(mailoutbox[-1].message().as_bytes(), policy=email.policy.default)
    [attachment] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    agenda = Calendar.from_ical(attachment.get_content())
    assert summaries(attachment.get_content()) == IN_EACH_LANGUAGE[language]
    opening = next(entry for entry in agenda.walk("VEVENT") if str(entry["summary"]) in {"Ouverture", "Opening"})
    assert str(opening["description"]) == {"fr": "Le mot d'accueil.", "en": "A word of welcome."}[language]


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
