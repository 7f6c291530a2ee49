"""The programme for other tools: a calendar file (RFC 5545) and JSON."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.site import site_url
from events.models import Event, Session
from events.timezones import vtimezone


def sessions_ics(event: Event, sessions, *, name: str, stamp: dt.datetime) -> bytes:
    """`sessions` of `event` as a calendar, in Europe/Paris time with its VTIMEZONE (see
    `events.timezones` for why it is written with yearly rules)."""
    paris = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Tech For Climate//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add_component(vtimezone(settings.TIME_ZONE, event.date.year))
    for session in sessions:
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-{session.slug}@techforclimate")
        entry.add("summary", session.title)
        entry.add("dtstart", session.start.astimezone(paris))
        entry.add("dtend", session.end.astimezone(paris))
        entry.add("dtstamp", stamp)
        room = f"{session.room.name}, " if session.room else ""
        entry.add("location", f"{room}{event.venue_name}, {event.venue_address}")
        if session.is_talk:
            entry.add("url", site_url(session.get_absolute_url()))
        if session.abstract:
            entry.add("description", session.abstract)
        calendar.add_component(entry)
    return calendar.to_ical()


def programme_sessions(event: Event):
    return Session.objects.filter(event=event).for_programme()


def programme_ics(event: Event) -> bytes:
    sessions = list(programme_sessions(event))
    stamp = max((s.start for s in sessions), default=event.starts_at)
    return sessions_ics(event, sessions, name=f"{event.name} {event.date:%Y}", stamp=stamp)


def programme_json(event: Event) -> dict:
    """The programme as data; its shape is described by docs/programme.schema.json."""
    sessions = list(programme_sessions(event))
    speakers = {speaker.pk: speaker for session in sessions for speaker in session.speakers.all()}
    return {
        "event": {
            "name": event.name,
            "date": event.date.isoformat(),
            "doors_open_at": event.doors_open_at.strftime("%H:%M"),
            "closes_at": event.closes_at.strftime("%H:%M"),
            "venue": {"name": event.venue_name, "address": event.venue_address},
            "timezone": settings.TIME_ZONE,
            "url": site_url("/"),
        },
        "rooms": [{"name": room.name, "capacity": room.capacity} for room in event.rooms.all()],
        "speakers": [
            {
                "slug": speaker.slug,
                "name": speaker.name,
                "job_title": speaker.job_title,
                "organisation": speaker.organisation,
                "url": site_url(speaker.get_absolute_url()),
            }
            for speaker in sorted(speakers.values(), key=lambda s: s.name)
        ],
        "sessions": [
            {
                "slug": session.slug,
                "title": session.title,
                "kind": session.kind,
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "room": session.room.name if session.room else None,
                "theme": session.theme.name if session.theme else None,
                "capacity": session.capacity,
                "abstract": session.abstract,
                "speakers": [speaker.slug for speaker in session.speakers.all()],
                "url": site_url(session.get_absolute_url()) if session.is_talk else None,
            }
            for session in sessions
        ],
    }
