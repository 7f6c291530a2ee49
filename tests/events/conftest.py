import pytest

from events.models import Session
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, ThemeFactory, at, lunch_of


@pytest.fixture
def programme(db):
    """A plenary with a speaker, two workshops in parallel in their rooms, and a lunch with no
    room; three rooms in column order."""
    event = EventFactory()
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350, position=0)
    salon = RoomFactory(event=event, name="Salon Iéna", capacity=30, position=1)
    theme = ThemeFactory(name="Sobriété numérique", slug="sobriete-numerique")
    speaker = SpeakerFactory(name="Aurore Stephant", slug="aurore-stephant", job_title="Ingénieure géologue minière")
    plenary = SessionFactory(
        event=event,
        room=hall,
        theme=theme,
        kind=Session.Kind.PLENARY,
        title="Ce que cachent nos métaux",
        slug="metaux",
        start=at("09:30"),
        end=at("10:15"),
        speakers=[speaker],
    )
    workshop = SessionFactory(
        event=event,
        room=salon,
        theme=ThemeFactory(),
        kind=Session.Kind.WORKSHOP,
        title="Réparer plutôt que jeter",
        slug="reparer",
        start=at("11:00"),
        end=at("12:15"),
    )
    SessionFactory(
        event=event,
        room=RoomFactory(event=event, name="Salon Marceau", position=2),
        theme=None,
        kind=Session.Kind.WORKSHOP,
        title="Atelier en parallèle",
        slug="parallele",
        start=at("11:00"),
        end=at("12:15"),
    )
    lunch = lunch_of(event)
    return {
        "event": event,
        "plenary": plenary,
        "workshop": workshop,
        "lunch": lunch,
        "speaker": speaker,
        "theme": theme,
    }
