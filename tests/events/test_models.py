import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import Session
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


def build_session(**fields) -> Session:
    """An unsaved session whose event, room and theme exist, as in the admin's add form."""
    room = fields.pop("room", None) or RoomFactory(event=fields.get("event") or EventFactory())
    fields.setdefault("event", room.event)
    return SessionFactory.build(room=room, theme=None, **fields)


def errors_of(session) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    return caught.value.message_dict


def test_session_valid_on_the_event_day_passes():
    build_session(start=at("09:00"), end=at("10:00")).full_clean()


def test_session_ending_before_it_starts_is_refused():
    session = build_session(start=at("10:00"), end=at("09:30"))
    assert errors_of(session)["end"] == ["A session must end after it starts."]


def test_session_of_zero_length_is_refused():
    session = build_session(start=at("10:00"), end=at("10:00"))
    assert "end" in errors_of(session)


@pytest.mark.parametrize(
    ("start", "end"),
    [("07:30", "09:00"), ("18:00", "19:00"), ("08:00", "08:30")],
    ids=["before-doors-open", "after-closing", "entirely-before"],
)
def test_session_outside_the_event_hours_is_refused(start, end):
    session = build_session(start=at(start), end=at(end))
    assert errors_of(session)["start"] == ["A session must take place on the event day, between 08:30 and 18:30."]


def test_session_on_another_day_is_refused():
    event = EventFactory()
    other_day = event.date + dt.timedelta(days=1)
    session = build_session(event=event, start=at("10:00", other_day), end=at("11:00", other_day))
    assert "start" in errors_of(session)


def test_two_sessions_overlapping_in_one_room_are_refused():
    room = RoomFactory()
    SessionFactory(room=room, event=room.event, title="Ouverture", start=at("09:00"), end=at("10:00"))
    clash = build_session(room=room, start=at("09:30"), end=at("10:30"))
    assert errors_of(clash)["room"] == [f"{room.name} is already used by “Ouverture” (09:00–10:00)."]


def test_back_to_back_sessions_in_one_room_are_allowed():
    room = RoomFactory()
    SessionFactory(room=room, event=room.event, start=at("09:00"), end=at("10:00"))
    build_session(room=room, start=at("10:00"), end=at("11:00")).full_clean()


def test_overlapping_sessions_in_different_rooms_are_allowed():
    event = EventFactory()
    SessionFactory(event=event, room=RoomFactory(event=event), start=at("09:00"), end=at("10:00"))
    build_session(event=event, start=at("09:00"), end=at("10:00")).full_clean()


def test_moving_a_session_does_not_clash_with_itself():
    session = SessionFactory(start=at("09:00"), end=at("10:00"))
    session.end = at("10:30")
    session.full_clean()


def test_speaker_in_two_overlapping_sessions_is_refused_by_validation():
    event = EventFactory()
    speaker = SpeakerFactory(name="Aurore Exemple")
    SessionFactory(event=event, title="Matin", start=at("09:00"), end=at("10:00"), speakers=[speaker])
    other = SessionFactory(event=event, start=at("09:30"), end=at("10:30"))
    other.pending_speakers = [speaker]
    assert errors_of(other)["speakers"] == ["Aurore Exemple already speaks in “Matin” at that time."]


def test_speaker_in_two_overlapping_sessions_is_refused_whatever_the_code_path():
    event = EventFactory()
    speaker = SpeakerFactory()
    SessionFactory(event=event, start=at("09:00"), end=at("10:00"), speakers=[speaker])
    other = SessionFactory(event=event, start=at("09:30"), end=at("10:30"))
    with pytest.raises(ValidationError), transaction.atomic():
        other.speakers.add(speaker)
    with pytest.raises(ValidationError), transaction.atomic():
        speaker.sessions.add(other)
    assert list(other.speakers.all()) == []


def test_speaker_in_consecutive_sessions_is_allowed():
    event = EventFactory()
    speaker = SpeakerFactory()
    SessionFactory(event=event, start=at("09:00"), end=at("10:00"), speakers=[speaker])
    later = SessionFactory(event=event, start=at("10:00"), end=at("11:00"))
    later.speakers.add(speaker)
    assert list(later.speakers.all()) == [speaker]


def test_moving_a_session_onto_its_speakers_other_session_is_refused():
    event = EventFactory()
    speaker = SpeakerFactory()
    SessionFactory(event=event, start=at("09:00"), end=at("10:00"), speakers=[speaker])
    later = SessionFactory(event=event, start=at("11:00"), end=at("12:00"), speakers=[speaker])
    later.start, later.end = at("09:45"), at("10:45")
    assert "speakers" in errors_of(later)


def test_workshop_capacity_above_its_room_is_refused():
    room = RoomFactory(name="Salon Iéna", capacity=30)
    workshop = build_session(kind=Session.Kind.WORKSHOP, room=room, capacity=31)
    assert errors_of(workshop)["capacity"] == [
        "A workshop cannot hold more people than its room (Salon Iéna: 30 seats)."
    ]


def test_workshop_capacity_defaults_to_its_room():
    room = RoomFactory(capacity=25)
    workshop = SessionFactory(kind=Session.Kind.WORKSHOP, room=room, event=room.event, capacity=None)
    assert workshop.capacity == 25


def test_plenary_cannot_have_its_own_capacity():
    session = build_session(kind=Session.Kind.PLENARY, capacity=10)
    assert errors_of(session)["capacity"] == ["Only workshops have their own capacity."]


def test_workshop_without_a_room_is_refused():
    session = SessionFactory.build(kind=Session.Kind.WORKSHOP, event=EventFactory(), room=None, theme=None)
    assert errors_of(session)["room"] == ["Plenaries and workshops need a room."]


def test_lunch_without_a_room_is_allowed():
    SessionFactory.build(
        kind=Session.Kind.LUNCH, event=EventFactory(), room=None, theme=None, start=at("12:30"), end=at("14:00")
    ).full_clean()


def test_room_of_another_event_is_refused():
    other_event = EventFactory(slug="another-edition")
    session = SessionFactory.build(event=EventFactory(), room=RoomFactory(event=other_event), theme=None)
    assert errors_of(session)["room"] == ["This room belongs to another event."]


def test_event_closing_before_doors_open_is_refused():
    event = EventFactory.build(doors_open_at=at("18:00").time(), closes_at=at("09:00").time())
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "closes_at" in caught.value.message_dict
