"""events.exports: the programme as a calendar file (RFC 5545) and as JSON."""

import json
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from events.exports import programme_json, sessions_ics
from events.models import Session
from tests.calendars import database_instants, every_reader, readings
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, ThemeFactory, at

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "programme.schema.json").read_text())


def test_programme_calendar_and_json(client, event_with_known_numbers):
    SessionFactory(
        event=event_with_known_numbers,
        kind=Session.Kind.PLENARY,
        title="Ouverture",
        start=at("09:00"),
        end=at("10:00"),
        speakers=[SpeakerFactory(name="Valérie Exemple")],
    )
    calendar = Calendar.from_ical(client.get("/en/programme.ics").content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Ouverture", "Réparer"]
    data = client.get("/en/programme.json").json()
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [s["title"] for s in data["sessions"]] == ["Ouverture", "Réparer"]
    assert data["speakers"][0]["name"] == "Valérie Exemple"


def test_the_programme_file_is_read_at_the_database_instants(client, event_on_each_day):
    response = client.get("/en/programme.ics")

    assert response.status_code == 200
    expected = database_instants(Session.objects.filter(event=event_on_each_day))
    assert readings(response.content) == every_reader(expected)


def test_a_calendar_entry_names_its_room_and_venue_and_links_a_talk_to_its_page(db):
    event = EventFactory()
    talk = SessionFactory(
        event=event,
        room=RoomFactory(event=event, name="Grand Auditorium"),
        title="Ouverture",
        slug="ouverture",
        abstract="Le mot d'accueil.",
    )
    lunch = SessionFactory(
        event=event, kind=Session.Kind.LUNCH, room=None, title="Déjeuner", slug="dejeuner", abstract=""
    )
    stamp = at("08:00")
    calendar = Calendar.from_ical(sessions_ics(event, [talk, lunch], name="Mon agenda", stamp=stamp))

    assert str(calendar["x-wr-calname"]) == "Mon agenda"
    entries = {str(entry["uid"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {"tech-for-climate-ouverture@techforclimate", "tech-for-climate-dejeuner@techforclimate"}
    opening, meal = (
        entries["tech-for-climate-ouverture@techforclimate"],
        entries["tech-for-climate-dejeuner@techforclimate"],
    )
    assert str(opening["location"]) == "Grand Auditorium, Espace George V, 28 avenue George V, 75008 Paris"
    assert str(opening["url"]).endswith("/programme/ouverture/")
    assert str(opening["description"]) == "Le mot d'accueil."
    assert opening.decoded("dtstamp") == stamp
    assert str(meal["location"]) == "Espace George V, 28 avenue George V, 75008 Paris"
    assert "url" not in meal and "description" not in meal


def test_the_programme_as_data_names_rooms_speakers_and_links_only_talks(db):
    event = EventFactory()
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350)
    speakers = [SpeakerFactory(name="Zoé Exemple", slug="zoe"), SpeakerFactory(name="Aurore Exemple", slug="aurore")]
    SessionFactory(
        event=event,
        room=hall,
        theme=ThemeFactory(name="Matières"),
        title="Ouverture",
        slug="ouverture",
        speakers=speakers,
    )
    SessionFactory(
        event=event,
        kind=Session.Kind.LUNCH,
        room=None,
        theme=None,
        title="Déjeuner",
        slug="dejeuner",
        start=at("12:30"),
        end=at("14:00"),
    )
    SessionFactory(event=EventFactory(slug="another-edition"), title="Ailleurs")

    data = programme_json(event)

    assert data["event"] | {"url": None} == {
        "name": "Tech For Climate",
        "date": "2027-06-08",
        "doors_open_at": "08:30",
        "closes_at": "18:30",
        "venue": {"name": "Espace George V", "address": "28 avenue George V, 75008 Paris"},
        "timezone": "Europe/Paris",
        "url": None,
    }
    assert data["rooms"] == [{"name": "Grand Auditorium", "capacity": 350}]
    assert [speaker["slug"] for speaker in data["speakers"]] == ["aurore", "zoe"]  # by name
    opening, lunch = data["sessions"]
    assert (opening["room"], opening["theme"], sorted(opening["speakers"])) == (
        "Grand Auditorium",
        "Matières",
        ["aurore", "zoe"],
    )
    assert opening["url"].endswith("/programme/ouverture/")
    assert (lunch["slug"], lunch["room"], lunch["theme"], lunch["url"]) == ("dejeuner", None, None, None)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
