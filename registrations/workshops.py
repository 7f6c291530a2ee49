"""The rules of workshop places: booking, waiting lists, giving a place up, capacity.

Every function runs in one transaction and locks the workshop session, the holder of its
places (after the event and the registration when the caller holds those: see
`registrations.services` for the order), then re-reads the state under the lock."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Session
from registrations.emails import EmailKind, queue_registration_email
from registrations.errors import RegistrationError
from registrations.models import Registration, WorkshopBooking


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
        kind = (
            EmailKind.WORKSHOP_BOOKED
            if booking.status == WorkshopBooking.Status.BOOKED
            else EmailKind.WORKSHOP_WAITLISTED
        )
        queue_registration_email(registration, kind, session=session)
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
        queue_registration_email(booking.registration, EmailKind.WORKSHOP_PROMOTED, session=session)
    return promoted


def set_workshop_capacity(session: Session, capacity: int) -> list[WorkshopBooking]:
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        session.capacity = capacity
        session.save(update_fields=["capacity"])
        return promote_workshop_waiting_list(session)
