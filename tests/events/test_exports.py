"""events.exports: the programme as a calendar file (RFC 5545) and as JSON."""

import json
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from core.site import site_url
from events.exports import programme_json, sessions_ics
from events.models import Session
from tests.calendars import database_instants, every_reader, readings
from tests.edition import EVENT_DATE
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
    assert [s["title"]["fr"] for s in data["sessions"]] == ["Ouverture", "Réparer"]
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

    assert data["event"] | {"tagline": None, "description": None, "practical_information": None} == {
        "name": "Tech For Climate",
        "tagline": None,
        "description": None,
        "practical_information": None,
        "date": EVENT_DATE.isoformat(),
        "doors_open_at": "08:30",
        "closes_at": "18:30",
        "venue": {"name": "Espace George V", "address": "28 avenue George V, 75008 Paris"},
        "timezone": "Europe/Paris",
        "url": {"fr": site_url("/"), "en": site_url("/en/")},
    }
    assert [(room["name"]["fr"], room["capacity"]) for room in data["rooms"]] == [("Grand Auditorium", 350)]
    assert [speaker["slug"] for speaker in data["speakers"]] == ["aurore", "zoe"]  # by name
    opening, lunch = data["sessions"]
    assert (opening["room"]["fr"], opening["theme"]["fr"], sorted(opening["speakers"])) == (
        "Grand Auditorium",
        "Matières",
        ["aurore", "zoe"],
    )
    assert opening["url"]["fr"].endswith("/programme/ouverture/")
    assert (lunch["slug"], lunch["room"], lunch["theme"], lunch["url"]) == ("dejeuner", None, None, None)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def bilingual_day(db):
    """A talk translated into English and a lunch whose English is still missing."""
    event = EventFactory(
        tagline_fr="Une journée pour le climat",
        tagline_en="A day for the climate",
        practical_information_fr="Métro George V (ligne 1).",
        practical_information_en="",
    )
    hall = RoomFactory(event=event, name_fr="Grand Auditorium", name_en=None, position=0)
    speaker = SpeakerFactory(
        name="Aurore Exemple",
        slug="aurore",
        job_title_fr="Ingénieure géologue minière",
        job_title_en="Mining geological engineer",
        bio_fr="Ingénieure, spécialiste des mines.",
        bio_en="",
    )
    SessionFactory(
        event=event,
        room=hall,
        theme=ThemeFactory(name_fr="Sobriété numérique", name_en="Digital sobriety", slug="sobriete"),
        slug="metaux",
        title_fr="Ce que cachent nos métaux",
        title_en="The hidden side of our metals",
        abstract_fr="Chaque équipement commence dans une mine.",
        abstract_en="Every device starts out in a mine.",
        language=Session.Language.BILINGUAL,
        start=at("09:30"),
        end=at("10:15"),
        speakers=[speaker],
    )
    SessionFactory(
        event=event,
        kind=Session.Kind.LUNCH,
        room=None,
        theme=None,
        slug="dejeuner",
        title_fr="Déjeuner",
        title_en="",
        abstract_fr="Végétarien.",
        abstract_en="",
        start=at("12:30"),
        end=at("14:00"),
    )
    return event


def entries(content: bytes) -> dict:
    return {str(entry["uid"]).split("@")[0]: entry for entry in Calendar.from_ical(content).walk("VEVENT")}


def text_and_language(entry, name):
    return str(entry[name]), entry[name].params.get("LANGUAGE")


def test_the_programme_calendar_is_in_the_addresss_language_with_the_french_for_what_is_missing(client, bilingual_day):
    french, english = entries(client.get("/programme.ics").content), entries(client.get("/en/programme.ics").content)

    talk, lunch = french["tech-for-climate-metaux"], french["tech-for-climate-dejeuner"]
    assert text_and_language(talk, "summary") == ("Ce que cachent nos métaux", "fr")
    assert text_and_language(talk, "description") == ("Chaque équipement commence dans une mine.", "fr")
    assert str(talk["url"]) == site_url("/programme/metaux/")
    assert text_and_language(lunch, "summary") == ("Déjeuner", "fr")

    talk, lunch = english["tech-for-climate-metaux"], english["tech-for-climate-dejeuner"]
    assert text_and_language(talk, "summary") == ("The hidden side of our metals", "en")
    assert text_and_language(talk, "description") == ("Every device starts out in a mine.", "en")
    assert str(talk["url"]) == site_url("/en/programme/metaux/")
    assert str(talk["location"]).startswith("Grand Auditorium, Espace George V")
    # The English is missing: the French, said to be French.
    assert text_and_language(lunch, "summary") == ("Déjeuner", "fr")
    assert text_and_language(lunch, "description") == ("Végétarien.", "fr")


def test_the_programme_as_data_carries_every_language_whatever_the_address(client, bilingual_day):
    data = client.get("/en/programme.json").json()

    assert client.get("/programme.json").json() == data
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert (data["version"], data["languages"]) == (2, ["fr", "en"])
    assert data["event"]["tagline"] == {"fr": "Une journée pour le climat", "en": "A day for the climate"}
    # A translation not written yet is an empty string: the reader shows the French.
    assert data["event"]["practical_information"] == {"fr": "Métro George V (ligne 1).", "en": ""}
    [speaker] = data["speakers"]
    assert speaker["job_title"] == {"fr": "Ingénieure géologue minière", "en": "Mining geological engineer"}
    assert speaker["bio"] == {"fr": "Ingénieure, spécialiste des mines.", "en": ""}
    # Each language's page, at its own address.
    assert speaker["url"] == {"fr": site_url("/intervenants/aurore/"), "en": site_url("/en/speakers/aurore/")}
    talk, lunch = data["sessions"]
    assert talk | {"start": None, "end": None, "speakers": None, "capacity": None} == {
        "slug": "metaux",
        "title": {"fr": "Ce que cachent nos métaux", "en": "The hidden side of our metals"},
        "language": "bilingual",
        "kind": "plenary",
        "start": None,
        "end": None,
        "room": {"fr": "Grand Auditorium", "en": ""},
        "theme": {"fr": "Sobriété numérique", "en": "Digital sobriety"},
        "capacity": None,
        "abstract": {"fr": "Chaque équipement commence dans une mine.", "en": "Every device starts out in a mine."},
        "speakers": None,
        "url": {"fr": site_url("/programme/metaux/"), "en": site_url("/en/programme/metaux/")},
    }
    assert (lunch["title"], lunch["abstract"], lunch["language"], lunch["url"]) == (
        {"fr": "Déjeuner", "en": ""},
        {"fr": "Végétarien.", "en": ""},
        "fr",
        None,
    )


def test_the_schema_is_valid_and_refuses_titles_in_one_language_only(bilingual_day):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = programme_json(bilingual_day)
    data["sessions"][0]["title"] = "Ce que cachent nos métaux"  # the shape of version 1

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
