"""The rules of seats, waiting lists and workshop places.

Every function here runs in one transaction and locks the row that holds the capacity it
counts (the event for seats, the workshop session for workshop places), then re-reads the
state under the lock. Locks are always taken in the same order — event, registration,
workshop sessions by id — so two of these functions never wait for each other in a circle.
On SQLite, where `select_for_update()` does nothing, the IMMEDIATE transaction mode takes the
database's write lock at the start of each transaction, which serialises them all the same.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Event, Session
from registrations.emails import queue_registration_email
from registrations.models import Registration, WorkshopBooking


class RegistrationError(Exception):
    """A request the rules refuse, with a message for the person who made it."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class AttendeeDetails:
    first_name: str
    last_name: str
    organisation: str
    job_title: str
    category: str
    dietary_requirements: str = ""
    accessibility_needs: str = ""
    photo_consent: bool = False
    news_opt_in: bool = False

    def apply_to(self, registration: Registration) -> None:
        for field, value in self.__dict__.items():
            setattr(registration, field, value)


def check_registration_open(event: Event, now: dt.datetime) -> None:
    if now < event.registration_opens_at:
        opens = formats.date_format(timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT")
        raise RegistrationError(_("Registration opens on %(date)s.") % {"date": opens}, code="not_open_yet")
    if now >= event.registration_closes_at:
        closed = formats.date_format(timezone.localtime(event.registration_closes_at), "DATETIME_FORMAT")
        raise RegistrationError(_("Registration closed on %(date)s.") % {"date": closed}, code="closed")


def register_attendee(event: Event, *, user, details: AttendeeDetails, now: dt.datetime | None = None) -> Registration:
    """Register `user` for `event`: a seat if one is free, else the end of the waiting list.

    Locks the event row. Registering again while registered changes nothing and returns the
    existing registration; registering after a cancellation starts afresh. Queues the
    confirmation or waiting-list e-mail once the transaction commits."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        check_registration_open(event, now)
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is not None and not registration.is_cancelled:
            return registration
        registration = registration or Registration(event=event, user=user)
        details.apply_to(registration)
        registration.accepted_terms_at = now
        registration.cancelled_at = None
        if count_confirmed(event) < event.capacity:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at, registration.queued_at = now, None
        else:
            registration.status = Registration.Status.WAITLISTED
            registration.confirmed_at, registration.queued_at = None, now
        registration.save()
        kind = "confirmed" if registration.is_confirmed else "waitlisted"
        queue_registration_email(registration, kind)
    return registration


def update_registration_details(registration: Registration, details: AttendeeDetails) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        details.apply_to(registration)
        registration.save()
    return registration


def count_confirmed(event: Event) -> int:
    return Registration.objects.confirmed().filter(event=event).count()


def cancel_registration(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """Cancel a registration, release its workshop places and, if it held a seat, give the
    seat to the first person on the waiting list — all in one transaction.

    Locks the event, then the registration, then the workshops. Cancelling twice is a no-op."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        held_a_seat = registration.is_confirmed
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at, registration.queued_at = now, None
        registration.save()
        queue_registration_email(registration, "cancelled")
        release_workshop_places(registration)
        if held_a_seat:
            promote_from_waiting_list(event, now=now)
    return registration


def promote_from_waiting_list(event: Event, *, now: dt.datetime | None = None) -> list[Registration]:
    """Give every free seat to the next people on the waiting list, in order, and tell them.

    The caller holds the lock on the event row."""
    now = now or timezone.now()
    free_seats = event.capacity - count_confirmed(event)
    if free_seats <= 0:
        return []
    promoted = list(Registration.objects.waiting().filter(event=event)[:free_seats])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at, registration.queued_at = now, None
        registration.save(update_fields=["status", "confirmed_at", "queued_at", "updated_at"])
        queue_registration_email(registration, "promoted")
    return promoted


def set_event_capacity(event: Event, capacity: int) -> list[Registration]:
    """Change the number of seats. Raising it promotes from the waiting list at once;
    lowering it never removes anyone already confirmed (new registrations wait until the
    confirmed count falls below the new capacity)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        event.capacity = capacity
        event.save(update_fields=["capacity"])
        return promote_from_waiting_list(event)


# --- Workshops -------------------------------------------------------------------------------


def book_workshop(registration: Registration, session: Session, *, now: dt.datetime | None = None) -> WorkshopBooking:
    """Book a place in a workshop, or a place on its waiting list when it is full.

    Locks the registration, then the workshop. Booking again while booked or waiting changes
    nothing; a workshop that overlaps another booked (or awaited) workshop is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_confirmed:
            raise RegistrationError(_("Only confirmed attendees can book workshops."), code="not_confirmed")
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.kind != Session.Kind.WORKSHOP or session.event_id != registration.event_id:
            raise RegistrationError(_("Only workshops of this event can be booked."), code="not_a_workshop")
        if now >= session.start:
            raise RegistrationError(_("This workshop has already started."), code="started")
        booking = WorkshopBooking.objects.filter(registration=registration, session=session).first()
        if booking is not None and booking.status != WorkshopBooking.Status.CANCELLED:
            return booking
        clash = (
            registration.bookings.active()
            .filter(session__start__lt=session.end, session__end__gt=session.start)
            .select_related("session")
            .first()
        )
        if clash is not None:
            raise RegistrationError(
                _("This workshop overlaps “%(title)s”, which you have already chosen. Cancel that one first.")
                % {"title": clash.session.title},
                code="overlap",
            )
        booking = booking or WorkshopBooking(registration=registration, session=session)
        if session.bookings.booked().count() < session.capacity:
            booking.status, booking.queued_at = WorkshopBooking.Status.BOOKED, None
        else:
            booking.status, booking.queued_at = WorkshopBooking.Status.WAITLISTED, now
        booking.save()
        queue_registration_email(registration, f"workshop_{booking.status}", session=session)
    return booking


def cancel_booking(booking: WorkshopBooking, *, now: dt.datetime | None = None) -> WorkshopBooking:
    """Give up a workshop place (or a place on its waiting list); the freed place goes to
    the next person waiting for that workshop."""
    with transaction.atomic():
        Registration.objects.select_for_update().get(pk=booking.registration_id)
        session = Session.objects.select_for_update().get(pk=booking.session_id)
        booking = WorkshopBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == WorkshopBooking.Status.CANCELLED:
            return booking
        held_a_place = booking.is_booked
        booking.status, booking.queued_at = WorkshopBooking.Status.CANCELLED, None
        booking.save()
        if held_a_place:
            promote_workshop_waiting_list(session, now=now)
    return booking


def release_workshop_places(registration: Registration) -> None:
    """Cancel every workshop booking of a registration being cancelled.

    The caller holds the registration's lock; the workshops are locked here, by id."""
    session_ids = list(registration.bookings.active().values_list("session_id", flat=True))
    for session in Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk"):
        booking = registration.bookings.get(session=session)
        held_a_place = booking.is_booked
        booking.status, booking.queued_at = WorkshopBooking.Status.CANCELLED, None
        booking.save()
        if held_a_place:
            promote_workshop_waiting_list(session)


def promote_workshop_waiting_list(session: Session, *, now: dt.datetime | None = None) -> list[WorkshopBooking]:
    """Give a workshop's free places to the next people on its waiting list. The caller
    holds the lock on the workshop session."""
    free_places = session.capacity - session.bookings.booked().count()
    if free_places <= 0:
        return []
    waiting = session.bookings.waiting().filter(registration__status=Registration.Status.CONFIRMED)
    promoted = list(waiting.select_related("registration")[:free_places])
    for booking in promoted:
        booking.status, booking.queued_at = WorkshopBooking.Status.BOOKED, None
        booking.save(update_fields=["status", "queued_at", "updated_at"])
        queue_registration_email(booking.registration, "workshop_promoted", session=session)
    return promoted


def set_workshop_capacity(session: Session, capacity: int) -> list[WorkshopBooking]:
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        session.capacity = capacity
        session.save(update_fields=["capacity"])
        return promote_workshop_waiting_list(session)
