"""The programme for other tools: a calendar file (RFC 5545) and JSON.

The calendar is in the active language (the URL's, or the attendee's for a personal agenda),
each English text missing shown in French; the JSON carries every language at once."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from modeltranslation.settings import AVAILABLE_LANGUAGES

from core.content_language import active_language, language_of, translations
from core.site import site_url
from events.models import Event, Session
from events.timezones import vtimezone

# Version of the JSON's shape (docs/programme.schema.json): 2 since translated fields carry
# every language, {"fr": …, "en": …}.
PROGRAMME_JSON_VERSION = 2


def sessions_ics(event: Event, sessions, *, name: str, stamp: dt.datetime) -> bytes:
    """`sessions` of `event` as a calendar in the active language, in Europe/Paris time with
    its VTIMEZONE (see `events.timezones` for why it is written with yearly rules)."""
    paris = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", f"-//Tech For Climate//Programme//{active_language().upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add_component(vtimezone(settings.TIME_ZONE, event.date.year))
    for session in sessions:
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-{session.slug}@techforclimate")
        # LANGUAGE says which texts are the French shown for a missing English (RFC 5545, 3.2.10).
        entry.add("summary", session.title, parameters={"language": language_of(session, "title")})
        entry.add("dtstart", session.start.astimezone(paris))
        entry.add("dtend", session.end.astimezone(paris))
        entry.add("dtstamp", stamp)
        room = f"{session.room.name}, " if session.room else ""
        entry.add("location", f"{room}{event.venue_name}, {event.venue_address}")
        if session.is_talk:
            entry.add("url", site_url(session.get_absolute_url()))
        if session.abstract:
            entry.add("description", session.abstract, parameters={"language": language_of(session, "abstract")})
        calendar.add_component(entry)
    return calendar.to_ical()


def programme_sessions(event: Event):
    # Ties broken by the French title: the order is the same in every language.
    return Session.objects.filter(event=event).for_programme().order_by("start", "room__position", "title_fr")


def programme_ics(event: Event) -> bytes:
    sessions = list(programme_sessions(event))
    stamp = max((s.start for s in sessions), default=event.starts_at)
    return sessions_ics(event, sessions, name=f"{event.name} {event.date:%Y}", stamp=stamp)


def in_each_language(path) -> dict[str, str]:
    """The absolute address of `path()` in each language (/… in French, /en/… in English)."""
    addresses = {}
    for language in AVAILABLE_LANGUAGES:
        with translation.override(language):
            addresses[language] = site_url(path())
    return addresses


def texts(instance, *fields: str) -> dict:
    return {field: translations(instance, field) for field in fields}


def programme_json(event: Event) -> dict:
    """The programme as data, the same whatever the language it is asked in: each translated
    text as {"fr": …, "en": …}, a missing translation as "" (show the French, the reference).
    Its shape is described by docs/programme.schema.json."""
    sessions = list(programme_sessions(event))
    speakers = {speaker.pk: speaker for session in sessions for speaker in session.speakers.all()}
    return {
        "version": PROGRAMME_JSON_VERSION,
        "languages": list(AVAILABLE_LANGUAGES),
        "event": {
            "name": event.name,
            **texts(event, "tagline", "description", "practical_information"),
            "date": event.date.isoformat(),
            "doors_open_at": event.doors_open_at.strftime("%H:%M"),
            "closes_at": event.closes_at.strftime("%H:%M"),
            "venue": {"name": event.venue_name, "address": event.venue_address},
            "timezone": settings.TIME_ZONE,
            "url": in_each_language(lambda: reverse("home")),
        },
        "rooms": [{"name": translations(room, "name"), "capacity": room.capacity} for room in event.rooms.all()],
        "speakers": [
            {
                "slug": speaker.slug,
                "name": speaker.name,
                **texts(speaker, "job_title", "bio"),
                "organisation": speaker.organisation,
                "url": in_each_language(speaker.get_absolute_url),
            }
            for speaker in sorted(speakers.values(), key=lambda s: s.name)
        ],
        "sessions": [
            {
                "slug": session.slug,
                **texts(session, "title"),
                "language": session.language,
                "kind": session.kind,
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "room": translations(session.room, "name") if session.room else None,
                "theme": translations(session.theme, "name") if session.theme else None,
                "capacity": session.capacity,
                **texts(session, "abstract"),
                "speakers": [speaker.slug for speaker in session.speakers.all()],
                "url": in_each_language(session.get_absolute_url) if session.is_talk else None,
            }
            for session in sessions
        ],
    }
