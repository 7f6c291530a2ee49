"""Calendar files (RFC 5545) of a person's agenda."""

from events.exports import sessions_ics
from registrations.models import Registration
from registrations.selectors import personal_agenda


def agenda_ics(registration: Registration) -> bytes:
    """The person's day — plenaries, slots and booked workshops — with Europe/Paris times."""
    event = registration.event
    return sessions_ics(
        event, personal_agenda(registration), name=f"{event.name} {event.date:%Y}", stamp=registration.updated_at
    )
