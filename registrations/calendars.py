"""Calendar files (RFC 5545) of a person's agenda."""

from django.utils import translation

from events.exports import sessions_ics
from registrations.models import Registration
from registrations.selectors import personal_agenda


def agenda_ics(registration: Registration, language: str | None = None) -> bytes:
    """The person's day — plenaries, slots and booked workshops — with Europe/Paris times, in
    `language`, by default the attendee's own (their e-mails'): downloaded from a page in
    another language it is still the same file as the one their confirmation brings."""
    event = registration.event
    with translation.override(language or (registration.user.language if registration.user else "fr")):
        return sessions_ics(
            event, personal_agenda(registration), name=f"{event.name} {event.date:%Y}", stamp=registration.updated_at
        )
