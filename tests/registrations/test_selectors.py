"""registrations.selectors: a person's registration, their day, and the workshops' places."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Session
from registrations.selectors import personal_agenda, registration_of, workshops_with_places
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
    workshop_in_its_room,
)

pytestmark = pytest.mark.django_db


def workshop_at(event, start, end, *, title, capacity=2):
    return workshop_in_its_room(event, start, end, capacity=capacity, title=title)


def test_a_person_has_their_registration_of_this_event_only(event):
    registration = RegistrationFactory(event=event)
    other_edition = EventFactory(slug="another-edition")
    elsewhere = RegistrationFactory(event=other_edition)
    assert registration_of(registration.user, event) == registration
    assert registration_of(elsewhere.user, event) is None
    assert registration_of(UserFactory(), event) is None
    assert registration_of(AnonymousUser(), event) is None


def test_the_personal_agenda_is_the_days_sessions_and_the_workshops_with_a_place(event):
    registration = RegistrationFactory(event=event)
    opening = SessionFactory(event=event, title="Ouverture", start=at("09:00"), end=at("10:00"))
    lunch = SessionFactory(
        event=event, kind=Session.Kind.LUNCH, room=None, title="Déjeuner", start=at("12:30"), end=at("14:00")
    )
    booked = workshop_at(event, "11:00", "12:00", title="Réparer")
    waiting = workshop_at(event, "14:00", "15:00", title="Low-tech")
    cancelled = workshop_at(event, "15:30", "16:30", title="Données sobres")
    workshop_at(event, "16:30", "17:30", title="Pas réservé")
    WorkshopBookingFactory(registration=registration, session=booked)
    WorkshopBookingFactory(registration=registration, session=waiting, status="waitlisted")
    WorkshopBookingFactory(registration=registration, session=cancelled, status="cancelled")
    # Someone else's place, and another edition's day, are not in this person's agenda.
    WorkshopBookingFactory(registration=RegistrationFactory(event=event), session=waiting)
    SessionFactory(event=EventFactory(slug="another-edition"), title="Ailleurs", start=at("09:00"), end=at("10:00"))

    assert personal_agenda(registration) == [opening, booked, lunch]


def test_each_workshop_has_its_places_left_and_this_persons_booking(event):
    repair = workshop_at(event, "11:00", "12:00", title="Réparer", capacity=2)
    data = workshop_at(event, "11:00", "12:00", title="Données sobres", capacity=1)
    me, others = RegistrationFactory(event=event), RegistrationFactory.create_batch(3, event=event)
    mine = WorkshopBookingFactory(registration=me, session=repair)
    WorkshopBookingFactory(registration=others[0], session=repair)
    WorkshopBookingFactory(registration=others[1], session=repair, status="waitlisted")
    WorkshopBookingFactory(registration=others[2], session=repair, status="cancelled")
    WorkshopBookingFactory(registration=others[0], session=data)
    WorkshopBookingFactory(registration=me, session=data, status="cancelled")
    SessionFactory(event=event, kind=Session.Kind.PLENARY)  # not a workshop

    workshops = workshops_with_places(event, me)

    assert [(w.title, w.booked_count, w.waiting_count, w.places_left, w.my_booking) for w in workshops] == [
        ("Réparer", 2, 1, 0, mine),
        ("Données sobres", 1, 0, 0, None),
    ]
    assert {w.title: w.my_booking for w in workshops_with_places(event)} == {"Réparer": None, "Données sobres": None}


def test_a_waiting_place_is_the_persons_booking_and_an_over_full_workshop_has_no_places_left(event):
    repair = workshop_at(event, "11:00", "12:00", title="Réparer", capacity=1)
    me = RegistrationFactory(event=event)
    for _ in range(2):  # more than the capacity, as after the organisers lowered it
        WorkshopBookingFactory(session=repair, registration=RegistrationFactory(event=event))
    waiting = WorkshopBookingFactory(registration=me, session=repair, status="waitlisted")
    [workshop] = workshops_with_places(event, me)
    assert (workshop.booked_count, workshop.places_left, workshop.my_booking) == (2, 0, waiting)


def queries_for_the_workshops(event, registration) -> int:
    with CaptureQueriesContext(connection) as queries:
        shown = [
            (w.room.name, w.theme.name, w.places_left, w.my_booking) for w in workshops_with_places(event, registration)
        ]
    assert shown
    return len(queries)


def test_the_workshops_places_are_read_in_a_constant_number_of_queries(event):
    me = RegistrationFactory(event=event)
    WorkshopBookingFactory(registration=me, session=workshop_at(event, "11:00", "12:00", title="Réparer"))
    few = queries_for_the_workshops(event, me)
    for hour in ("14:00", "15:00", "16:00"):
        workshop = workshop_at(event, hour, hour.replace(":00", ":45"), title=f"Atelier de {hour}")
        WorkshopBookingFactory(registration=me, session=workshop)
        WorkshopBookingFactory(registration=RegistrationFactory(event=event), session=workshop, status="waitlisted")
    assert queries_for_the_workshops(event, me) == few
