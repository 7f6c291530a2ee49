"""The rules of workshop places (registrations/workshops.py): booking, waiting lists,
overlaps, giving a place up, capacity."""

import pytest
from django.core import mail

from events.models import Session
from registrations.models import WorkshopBooking
from registrations.services import RegistrationError, cancel_registration, set_event_capacity
from registrations.workshops import book_workshop, cancel_booking, set_workshop_capacity
from tests.edition import OPEN
from tests.factories import RoomFactory, SessionFactory, at
from tests.registering import register, subjects_to

# Real commits, so that the e-mails queued on commit leave as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_booking_a_workshop_with_places(event, workshop):
    registration = register(event)
    booking = book_workshop(registration, workshop, now=OPEN)
    assert booking.status == "booked"
    assert subjects_to(registration.user.email)[-1] == f"Workshop booked: {workshop.title}"


def test_full_workshop_offers_its_waiting_list_and_promotes(event, workshop):
    set_event_capacity(event, 10)
    first, second, third = (register(event) for _ in range(3))
    bookings = [book_workshop(r, workshop, now=OPEN) for r in (first, second, third)]
    assert [b.status for b in bookings] == ["booked", "booked", "waitlisted"]
    assert bookings[2].waiting_list_position() == 1
    mail.outbox.clear()

    cancel_booking(bookings[0])

    assert WorkshopBooking.objects.get(pk=bookings[2].pk).status == "booked"
    assert subjects_to(third.user.email) == [f"A place freed up: you are booked for {workshop.title}"]


def test_booking_twice_is_a_no_op(event, workshop):
    registration = register(event)
    first = book_workshop(registration, workshop, now=OPEN)
    assert book_workshop(registration, workshop, now=OPEN).pk == first.pk
    assert WorkshopBooking.objects.count() == 1


def test_overlapping_workshops_cannot_both_be_booked(event, workshop):
    registration = register(event)
    book_workshop(registration, workshop, now=OPEN)
    other = SessionFactory(
        event=event, room=RoomFactory(event=event), kind=Session.Kind.WORKSHOP, start=at("11:30"), end=at("12:30")
    )
    with pytest.raises(RegistrationError) as caught:
        book_workshop(registration, other, now=OPEN)
    assert caught.value.code == "overlap"
    assert workshop.title in caught.value.message
    assert registration.bookings.count() == 1


def test_waiting_for_a_workshop_also_blocks_an_overlapping_one(event, workshop):
    set_workshop_capacity(workshop, 0)
    registration = register(event)
    assert book_workshop(registration, workshop, now=OPEN).status == "waitlisted"
    other = SessionFactory(
        event=event, room=RoomFactory(event=event), kind=Session.Kind.WORKSHOP, start=at("11:30"), end=at("12:30")
    )
    with pytest.raises(RegistrationError):
        book_workshop(registration, other, now=OPEN)


def test_waitlisted_attendee_cannot_book(event, workshop):
    for _ in range(3):
        register(event)
    waiting = register(event)
    with pytest.raises(RegistrationError) as caught:
        book_workshop(waiting, workshop, now=OPEN)
    assert caught.value.code == "not_confirmed"


def test_plenaries_are_not_booked(event):
    plenary = SessionFactory(event=event, kind=Session.Kind.PLENARY)
    with pytest.raises(RegistrationError) as caught:
        book_workshop(register(event), plenary, now=OPEN)
    assert caught.value.code == "not_a_workshop"


def test_a_started_workshop_cannot_be_booked(event, workshop):
    with pytest.raises(RegistrationError) as caught:
        book_workshop(register(event), workshop, now=workshop.start)
    assert caught.value.code == "started"


def test_cancelling_a_registration_releases_its_workshop_places(event, workshop):
    set_event_capacity(event, 10)
    holders = [register(event) for _ in range(2)]
    for registration in holders:
        book_workshop(registration, workshop, now=OPEN)
    waiting = book_workshop(register(event), workshop, now=OPEN)

    cancel_registration(holders[0])

    assert list(holders[0].bookings.values_list("status", flat=True)) == ["cancelled"]
    assert WorkshopBooking.objects.get(pk=waiting.pk).status == "booked"
    assert workshop.bookings.booked().count() == 2


def test_raising_a_workshop_capacity_promotes_its_waiting_list(event, workshop):
    set_event_capacity(event, 10)
    bookings = [book_workshop(register(event), workshop, now=OPEN) for _ in range(3)]
    set_workshop_capacity(workshop, 3)
    assert WorkshopBooking.objects.get(pk=bookings[2].pk).status == "booked"


def test_a_cancelled_booking_can_be_made_again(event, workshop):
    registration = register(event)
    booking = book_workshop(registration, workshop, now=OPEN)
    cancel_booking(booking)
    assert book_workshop(registration, workshop, now=OPEN).status == "booked"
    assert WorkshopBooking.objects.count() == 1
