"""Calendar files (RFC 5545) of a person's agenda."""

from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from registrations.models import Registration
from registrations.selectors import personal_agenda


def agenda_ics(registration: Registration) -> bytes:
    """The person's day — plenaries, slots and booked workshops — with Europe/Paris times."""
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//Tech For Climate//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{event.name} {event.date:%Y}")
    site = settings.SITE_URL.rstrip("/")
    paris = ZoneInfo(settings.TIME_ZONE)
    for session in personal_agenda(registration):
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-{session.slug}@techforclimate")
        entry.add("summary", session.title)
        entry.add("dtstart", session.start.astimezone(paris))
        entry.add("dtend", session.end.astimezone(paris))
        entry.add("dtstamp", registration.updated_at)
        room = f"{session.room.name}, " if session.room else ""
        entry.add("location", f"{room}{event.venue_name}, {event.venue_address}")
        if session.is_talk:
            entry.add("url", site + session.get_absolute_url())
        if session.abstract:
            entry.add("description", session.abstract)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
