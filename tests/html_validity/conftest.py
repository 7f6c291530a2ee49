import os
import shutil

import pytest

from events.models import Session
from speakers.models import SpeakerLink
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    ThemeFactory,
    at,
    workshop_in_its_room,
)


@pytest.fixture
def java() -> str:
    """The java command; without one the test is skipped (loudly), or fails in CI."""
    java = shutil.which("java")
    if java is None:
        message = "!!! java is not on the PATH: install default-jre-headless to run the Nu HTML Checker."
        if os.environ.get("TFC_REQUIRE_SERVICES"):
            pytest.fail(message + " (TFC_REQUIRE_SERVICES is set, so this is a failure)")
        pytest.skip(message)
    return java


@pytest.fixture
def programme(organisers_group):
    """An event with a full day: plenaries with speakers, workshops (one of one place), breaks."""
    event = EventFactory(capacity=40, description="Un paragraphe.\n\nUn autre.", footprint_published=True)
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350)
    themes = [ThemeFactory(name="Sobriété numérique", description="Moins, mieux."), ThemeFactory(name="Matières")]
    speakers = [SpeakerFactory(name="Aurore Stephant", slug="aurore", website="https://example.org"), SpeakerFactory()]
    SpeakerLink.objects.create(speaker=speakers[0], label="Mastodon", url="https://mastodon.example/@aurore")
    SessionFactory(
        event=event, room=None, kind=Session.Kind.WELCOME, title="Accueil café", start=at("08:30"), end=at("09:00")
    )
    opening = SessionFactory(
        event=event, room=hall, theme=themes[0], title="Ouverture", slug="ouverture", speakers=speakers
    )
    SessionFactory(event=event, room=None, kind=Session.Kind.BREAK, title="Pause", start=at("10:00"), end=at("10:30"))

    def workshop(title, slug, start, end, capacity, speakers=()):
        return workshop_in_its_room(
            event,
            start,
            end,
            capacity=capacity,
            room_name=f"Salon {title}",
            theme=themes[1],
            title=title,
            slug=slug,
            speakers=list(speakers),
        )

    workshops = {
        "repair": workshop("Réparer", "reparer", "11:00", "12:00", 5, speakers[1:]),
        "data": workshop("Données sobres", "donnees", "11:30", "12:30", 5),
        "full": workshop("Low-tech", "low-tech", "14:00", "15:00", 1),
    }
    SessionFactory(
        event=event, room=None, kind=Session.Kind.LUNCH, title="Déjeuner", start=at("12:30"), end=at("14:00")
    )
    # The last place of the small workshop is taken, so others see its waiting list.
    holder = RegistrationFactory(event=event)
    holder.bookings.create(session=workshops["full"], status="booked")
    return {"event": event, "speakers": speakers, "opening": opening, "workshops": workshops, "themes": themes}
