"""The rules of seats, waiting lists and workshop places.

Every function here runs in one transaction and locks the row that holds the capacity it
counts (the event for seats, the workshop session for workshop places), then re-reads the
state under the lock. Locks are always taken in the same order — event, registration,
workshop sessions by id — so two of these functions never wait for each other in a circle.
On SQLite, where `select_for_update()` does nothing, the IMMEDIATE transaction mode takes the
database's write lock at the start of each transaction, which serialises them all the same.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Value
from django.db.transaction import TransactionManagementError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.compiled import compiled_once
from events.models import Event
from registrations.emails import EmailKind, queue_registration_email
from registrations.errors import RegistrationError, SiteBusy
from registrations.models import Invitee, Registration, SeatHold
from registrations.offer_links import offer_token
from registrations.workshops import release_workshop_places


def lock_event(event_id: int) -> Event:
    """Lock the event row, the holder of the seat count, for the current transaction.

    On PostgreSQL a request waits at most REGISTRATION_LOCK_WAIT_MS (SQLite has its own busy timeout);
    beyond that it gets a "very busy" error instead of hanging. The row lock itself is taken
    by `event_row_locked`."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = %s", [f"{settings.REGISTRATION_LOCK_WAIT_MS}ms"])
    if connection.get_autocommit():
        raise TransactionManagementError("lock_event() is for a transaction: outside one, the lock ends at once")
    try:
        event = event_row_locked.first(event_id)
    except OperationalError as error:
        raise SiteBusy() from error
    if event is None:
        raise Event.DoesNotExist(f"No event {event_id}.")
    return event


@compiled_once(int)
def event_row_locked(event_id: int):
    return Event.objects.select_for_update().filter(pk=event_id)


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
    wants_printed_badge: bool = False  # paperless by default: the code on the phone is the badge

    def apply_to(self, registration: Registration, *, now: dt.datetime | None = None) -> None:
        """Copy the details; a consent given or withdrawn is dated."""
        now = now or timezone.now()
        for consent in ("photo_consent", "news_opt_in"):
            if getattr(self, consent) != getattr(registration, consent) or (
                getattr(self, consent) and getattr(registration, f"{consent}_changed_at") is None
            ):
                setattr(registration, f"{consent}_changed_at", now)
        for field, value in self.__dict__.items():
            setattr(registration, field, value)


def check_registration_open(event: Event, now: dt.datetime) -> None:
    if now < event.registration_opens_at:
        opens = formats.date_format(timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT")
        raise RegistrationError(_("Registration opens on %(date)s.") % {"date": opens}, code="not_open_yet")
    if now >= event.registration_closes_at:
        closed = formats.date_format(timezone.localtime(event.registration_closes_at), "DATETIME_FORMAT")
        raise RegistrationError(_("Registration closed on %(date)s.") % {"date": closed}, code="closed")


def register_attendee(
    event: Event,
    *,
    user,
    details: AttendeeDetails,
    invitee: Invitee | None = None,
    hold: SeatHold | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register `user` for `event`: a seat if one is free for their category, else the end of
    the waiting list.

    `invitee`: the invitation the person followed (required when the event is by invitation
    only); `hold`: a seat a colleague held for them, which becomes theirs.
    Locks the event row. Registering again while registered changes nothing and returns the
    existing registration; registering after a cancellation starts afresh. Queues the
    confirmation or waiting-list e-mail once the transaction commits."""
    now = now or timezone.now()
    position = None  # on the waiting list: the place in line, when known without a query
    with transaction.atomic():
        event = lock_event(event.pk)
        check_registration_open(event, now)
        registration = own_registration(event, user)
        if registration is not None and not registration.is_cancelled:
            return registration
        if hold is not None:
            hold = SeatHold.objects.select_for_update().get(pk=hold.pk, event=event)
            if not hold.is_active(now):
                raise RegistrationError(
                    _("The seat held for you was released. You can still register yourself."), code="hold_lapsed"
                )
        if invitee is not None:
            invitee = check_invitee(invitee, event=event, user=user)
        elif event.is_invitation_only and hold is None:
            raise RegistrationError(
                _("Registration is by invitation only. Write to %(email)s to ask for an invitation.")
                % {"email": event.contact_email},
                code="invitation_required",
            )
        registration = registration or Registration(event=event, user=user)
        details.apply_to(registration)
        vouch_category(registration, invitee=invitee, hold=hold)
        registration.accepted_terms_at = now
        registration.cancelled_at = None
        # A registration started afresh after a cancellation owes nothing to the old one.
        for answered in ("reconfirmation_sent_at", "reconfirmation_reminded_at", "reconfirmed_at", "freed_at"):
            setattr(registration, answered, None)
        registration.offer_expires_at = registration.offer_lapsed_at = registration.list_closed_told_at = None
        if invitee is None and hold is None and event.open_registrations_need_approval:
            registration.status = Registration.Status.AWAITING_APPROVAL
            registration.confirmed_at = registration.queued_at = None
        # A held seat is already counted as taken: it passes to its owner.
        elif hold is not None or (counts := seat_counts(event, now)).has_seat_for(registration.seat_category):
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at, registration.queued_at = now, None
        else:
            registration.status = Registration.Status.WAITLISTED
            registration.confirmed_at, registration.queued_at = None, now
            # Everyone queued by now is ahead of a new row (its id comes last); a row coming
            # back after a cancellation keeps its old id, so its place is counted afresh.
            position = counts.waiting_by_now + 1 if registration.pk is None else None
        registration.save()
        if hold is not None:
            hold.status, hold.registration = SeatHold.Status.CONFIRMED, registration
            hold.save(update_fields=["status", "registration"])
        if invitee is not None:
            invitee.registration = registration
            invitee.declined_at = None
            invitee.save(update_fields=["registration", "declined_at", "updated_at"])
        queue_registration_email(registration, REGISTERED_EMAIL[registration.status], position=position)
    return registration


def own_registration(event: Event, user) -> Registration | None:
    """The person's registration (one at most per event), re-read under the lock."""
    return registration_row.first(event.pk, user.pk)


@compiled_once(int, int)
def registration_row(event_id: int, user_id: int):
    return Registration.objects.filter(event_id=event_id, user_id=user_id).order_by()


REGISTERED_EMAIL = {
    Registration.Status.CONFIRMED: EmailKind.CONFIRMED,
    Registration.Status.WAITLISTED: EmailKind.WAITLISTED,
    Registration.Status.AWAITING_APPROVAL: EmailKind.AWAITING_APPROVAL,
}


def vouch_category(registration: Registration, *, invitee: Invitee | None, hold: SeatHold | None) -> None:
    """The category an invitation or a held seat gives, vouched for as the giver's was; a
    category the person chose themselves takes only general seats until an organiser
    confirms it."""
    if invitee is not None:
        registration.category, registration.category_vouched = invitee.category, True
    elif hold is not None:
        registration.category, registration.category_vouched = hold.category, hold.category_vouched
    else:
        registration.category_vouched = False


def check_invitee(invitee: Invitee, *, event: Event, user) -> Invitee:
    """The invitation, locked, if it may be used by `user` for `event`."""
    invitee = Invitee.objects.select_for_update(of=("self",)).select_related("registration").get(pk=invitee.pk)
    if invitee.event_id != event.pk:
        raise RegistrationError(_("This invitation is for another event."), code="invitation_other_event")
    check_invitation_use(invitee, user=user)
    return invitee


def check_invitation_use(invitee: Invitee, *, user) -> None:
    """Refuse an invitation to anyone but the account that holds its address, verified:
    the link is personal, not a bearer token. One account only, ever — even after that
    account cancels; and never once passed on to a colleague."""
    contact = invitee.event.contact_email
    if invitee.passed_to_id is not None:
        raise RegistrationError(
            _("This invitation was passed on to a colleague and can no longer be used."), code="invitation_passed_on"
        )
    if invitee.registration_id is not None and invitee.registration.user_id != user.pk:
        raise RegistrationError(
            _("This invitation has already been used. Write to %(email)s if you need another one.")
            % {"email": contact},
            code="invitation_used",
        )
    if not EmailAddress.objects.filter(user_id=user.pk, email__iexact=invitee.email, verified=True).exists():
        raise RegistrationError(
            _("This invitation was sent to another address than the one of your account."),
            code="invitation_other_address",
        )


def update_registration_details(registration: Registration, details: AttendeeDetails) -> Registration:
    """The attendee's own changes. The category is not theirs to change: it decides which
    seats they may take (an organiser changes it with `set_category`)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        category, organisation = registration.category, registration.organisation
        details.apply_to(registration)
        registration.category = category
        if organisation.casefold().split() != registration.organisation.casefold().split():
            # The organisers made them the contact of the organisation they had named, not of
            # another one (whose footprint statement they would then download).
            registration.is_organisation_contact = False
        registration.save()
    return registration


@dataclass
class SeatCounts:
    """Seats taken per category against the capacity and the active reservations.

    A category with a reservation fills its reserved seats first, then the general pool
    (the capacity minus every active reservation); other categories use the general pool
    only, and so does a self-declared category (counted under ""): reserved seats go only
    to categories an invitation or an organiser vouched for. The caller holds the event
    lock while it counts and decides."""

    capacity: int
    reserved: dict[str, int]
    taken: Counter
    waiting_by_now: int = 0  # on the waiting list, queued at or before the time counted for

    @property
    def total_taken(self) -> int:
        return sum(self.taken.values())

    @property
    def free(self) -> int:
        return max(self.capacity - self.total_taken, 0)

    def general_pool_left(self) -> int:
        pool = self.capacity - sum(self.reserved.values())
        used = sum(count for category, count in self.taken.items() if category not in self.reserved)
        used += sum(max(self.taken[category] - seats, 0) for category, seats in self.reserved.items())
        return pool - used

    def has_seat_for(self, seat_category: str) -> bool:
        """`seat_category`: a registration's `seat_category` ("" when self-declared)."""
        if self.total_taken >= self.capacity:
            return False
        if seat_category and self.taken[seat_category] < self.reserved.get(seat_category, 0):
            return True
        return self.general_pool_left() > 0

    def take(self, seat_category: str) -> None:
        self.taken[seat_category] += 1


def seat_counts(event: Event, now: dt.datetime) -> SeatCounts:
    """Confirmed registrations, seats offered and not yet taken, and seats held for
    colleagues all take a seat. One query (a UNION of small groupings), as it runs under
    the event lock: every round trip there is one every other registration waits for."""
    taken, reserved, waiting = Counter(), {}, 0
    for kind, category, vouched, count in seat_rows_of.rows(event.pk, now):
        if kind == RESERVED:
            reserved[category] = count
        elif kind == Registration.Status.WAITLISTED:
            waiting += count
        else:
            taken[category if vouched else ""] += count
    return SeatCounts(capacity=event.capacity, reserved=reserved, taken=taken, waiting_by_now=waiting)


@compiled_once(int, dt.datetime)
def seat_rows_of(event_id: int, now: dt.datetime):
    """`seat_rows` of the event, compiled once: compiling its UNION was a fifth of a
    registration's time."""
    return seat_rows(Event(pk=event_id), now)


HELD, RESERVED = "held", "reserved"  # the rows of seat_rows() that are not registrations' statuses


def seat_rows(event: Event, now: dt.datetime):
    """(kind, category, vouched, count): registrations per status holding a seat or queued
    by `now`, pending holds, and active reservations (their seats as the count)."""
    registrations = (
        (Registration.objects.holding_a_seat() | Registration.objects.waiting().filter(queued_at__lte=now))
        .filter(event=event)
        .values_list("status", "category", "category_vouched")
        .annotate(count=Count("pk"))
        .order_by()
    )
    holds = (
        SeatHold.objects.filter(event=event, status=SeatHold.Status.PENDING, held_until__gt=now)
        .values_list(Value(HELD), "category", "category_vouched")
        .annotate(count=Count("pk"))
        .order_by()
    )
    reservations = (
        event.reservations.filter(until__gt=now).values_list(Value(RESERVED), "category", Value(False), "seats")
    ).order_by()
    return registrations.union(holds, reservations, all=True).order_by()


def check_cancellable_by_attendee(registration: Registration, now: dt.datetime) -> None:
    """Once the day is over a seat has been used or not: cancelling it then would only take
    the person out of the counts and the statements (organisers can still correct in the admin)."""
    if now >= registration.event.ends_at:
        raise RegistrationError(_("This edition is over: a registration can no longer be cancelled."), code="over")
    check_not_checked_in(registration)


def check_not_checked_in(registration: Registration) -> None:
    """Check-in closes a seat's life: the person came in on it, so it can no longer be
    cancelled or passed on (a second person would come in on the same seat, and the first
    arrival would drop out of the counts and the statement). Asked under the registration's lock."""
    if registration.has_come_in():
        raise RegistrationError(
            _("This registration was checked in at the event: its seat can no longer be cancelled or passed on."),
            code="checked_in",
        )


def cancel_registration(
    registration: Registration, *, now: dt.datetime | None = None, notify: bool = True
) -> Registration:
    """Cancel a registration, release its workshop places and, if it held a seat, give the
    seat to the first person on the waiting list — all in one transaction. A checked-in
    registration is refused (`check_not_checked_in`).

    Locks the event, then the registration, then the workshops. Cancelling twice is a no-op."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        check_not_checked_in(registration)
        held_a_seat = registration.is_confirmed or registration.is_offered
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at, registration.queued_at = now, None
        registration.save()
        if notify:
            queue_registration_email(registration, EmailKind.CANCELLED)
        release_workshop_places(registration)
        if held_a_seat:
            promote_from_waiting_list(event, now=now)
    return registration


def promote_from_waiting_list(event: Event, *, now: dt.datetime | None = None) -> list[Registration]:
    """Give every free seat to the next people on the waiting list, in order, and tell them.
    A seat reserved for a category goes to the first person of that category in line.

    The calendar decides how: until `event.offers_start` the seat is confirmed at once; from
    then until `event.promotion_cutoff` it is offered, held for the person until a deadline
    (registrations.offers accepts it, or lets it lapse and passes it on); after the cut-off
    nobody is promoted and freed seats stay free for the door. Someone whose offer lapsed is
    never offered a seat again. The caller holds the lock on the event row."""
    now = now or timezone.now()
    if now >= event.promotion_cutoff:
        return []
    offering = now >= event.offers_start
    counts = seat_counts(event, now)
    promoted = []
    for registration in Registration.objects.waiting().filter(event=event, offer_lapsed_at__isnull=True).iterator():
        if counts.free == 0:
            break
        if counts.has_seat_for(registration.seat_category):
            counts.take(registration.seat_category)
            promoted.append(registration)
    for registration in promoted:
        if offering:
            offer_seat(registration, event=event, now=now)
            continue
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at, registration.queued_at = now, None
        registration.save(update_fields=["status", "confirmed_at", "queued_at", "updated_at"])
        queue_registration_email(registration, EmailKind.PROMOTED)
    return promoted


def offer_seat(registration: Registration, *, event: Event, now: dt.datetime) -> None:
    """Hold a freed seat for the next person in line until the end of the offer window
    (never past the cut-off), and e-mail them the one-click link that accepts it. They keep
    their place in line (`queued_at`) in case the offer lapses."""
    registration.status = Registration.Status.OFFERED
    registration.offer_expires_at = min(now + dt.timedelta(hours=event.offer_window_hours), event.promotion_cutoff)
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
    links = {"offer_url": ("registrations:offer", [offer_token(registration)])}
    queue_registration_email(registration, EmailKind.SEAT_OFFERED, links=links)


def confirm_from_waiting_list(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """An organiser gives a seat to this person on the waiting list, out of turn — only if a
    seat is free for their category: the capacity still holds."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_waitlisted:
            return registration
        if not seat_counts(event, now).has_seat_for(registration.seat_category):
            raise RegistrationError(_("No seat is free for this category: raise the capacity first."), code="no_seat")
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at, registration.queued_at = now, None
        registration.save(update_fields=["status", "confirmed_at", "queued_at", "updated_at"])
        queue_registration_email(registration, EmailKind.PROMOTED)
    return registration


def set_event_capacity(event: Event, capacity: int) -> list[Registration]:
    """Change the number of seats. Raising it promotes from the waiting list at once;
    lowering it never removes anyone already confirmed (new registrations wait until the
    confirmed count falls below the new capacity)."""
    with transaction.atomic():
        event = lock_event(event.pk)
        event.capacity = capacity
        event.save(update_fields=["capacity"])
        return promote_from_waiting_list(event)


# --- Workshops -------------------------------------------------------------------------------
