"""Walk-ins: people the check-in staff register at the door, into a seat freed after the
waiting list closed (`event.promotion_cutoff`), and check in at once.

The same capacity rule and event lock as every registration (registrations.services). A
walk-in's category is the staff's word, not vouched for: it takes a seat of the general
pool, never one reserved for a category. With an e-mail address the person's account is
found or created (unverified: they log in later by a code sent to it) and gets the
confirmation e-mail; without one there is no account and no e-mail at all."""

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from day.checkin import window_message
from day.models import CheckIn
from events.models import Event
from registrations.emails import EmailKind, queue_registration_email
from registrations.errors import RegistrationError
from registrations.models import Registration
from registrations.services import lock_event, seat_counts

# What a registration started afresh owes nothing to (as in services.register_attendee).
ANSWERS_OF_A_PAST_REGISTRATION = (
    "reconfirmation_sent_at",
    "reconfirmation_reminded_at",
    "reconfirmed_at",
    "freed_at",
    "offer_expires_at",
    "offer_lapsed_at",
    "list_closed_told_at",
    "cancelled_at",
    "queued_at",
)


@dataclass(frozen=True)
class WalkIn:
    """What the staff type at the desk."""

    first_name: str
    last_name: str
    organisation: str
    category: str
    email: str = ""
    job_title: str = ""


class WalkInError(RegistrationError):
    """A walk-in the rules refuse; `registration`: the person's own registration, when their
    account already has one for the event."""

    def __init__(self, message: str, *, code: str, registration: Registration | None = None):
        super().__init__(message, code=code)
        self.registration = registration


def walk_ins_open(event: Event, now: dt.datetime) -> bool:
    """Until the waiting list closes, a freed seat goes to the next person in line; after the
    event's day nobody walks in (a walk-in is checked in at once, inside the check-in window)."""
    return event.promotion_cutoff <= now < event.check_in_closes_at


def seats_for_walk_ins(event: Event, now: dt.datetime) -> int:
    """The seats a walk-in may take now: free ones of the general pool (a count for the
    page; the decision is taken again under the lock)."""
    counts = seat_counts(event, now)
    return max(min(counts.free, counts.general_pool_left()), 0)


def register_walk_in(
    event: Event, walk_in: WalkIn, *, staff: User, desk: str = "", now: dt.datetime | None = None
) -> Registration:
    """Register and check in `walk_in` into a free seat, or refuse.

    Locks the event, like every registration, then decides: a seat of the general pool must
    be free. The person's account (by e-mail) that already holds a registration is refused,
    the registration attached for the desk to check it in instead; one on the waiting list
    takes the free seat, as the next in line would have before the list closed."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event.pk)
        if now >= event.check_in_closes_at:
            raise WalkInError(window_message(event), code="outside_window")
        if not walk_ins_open(event, now):
            opens = formats.date_format(timezone.localtime(event.promotion_cutoff), "DATETIME_FORMAT")
            raise WalkInError(
                _(
                    "Walk-ins open on %(date)s, when the waiting list closes: until then, a freed seat goes to the "
                    "next person on the waiting list."
                )
                % {"date": opens},
                code="waiting_list_open",
            )
        user = account_for(walk_in) if walk_in.email else None
        registration = own_registration(event, user) if user is not None else None
        if registration is None or registration.is_cancelled:
            registration = registration or Registration(event=event, user=user)
            fill_in(registration, walk_in)
        if not seat_counts(event, now).has_seat_for(registration.seat_category):
            raise WalkInError(
                _("No seat is free: every seat is taken or reserved. The person cannot be registered at the door."),
                code="no_seat",
            )
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at, registration.accepted_terms_at = now, now
        registration.is_walk_in, registration.registered_by = True, staff
        for field in ANSWERS_OF_A_PAST_REGISTRATION:
            setattr(registration, field, None)
        registration.save()
        CheckIn.objects.update_or_create(
            registration=registration, defaults={"checked_in_at": now, "checked_in_by": staff, "desk": desk}
        )
        # Skipped without an account (queue_registration_email).
        queue_registration_email(registration, EmailKind.CONFIRMED)
    return registration


def own_registration(event: Event, user: User) -> Registration | None:
    """The account's registration, locked, if it can become the walk-in's: none, one
    cancelled (started afresh) or one on the waiting list. Any other is refused."""
    registration = Registration.objects.select_for_update().filter(event=event, user=user).first()
    if registration is None or registration.is_waitlisted or registration.is_cancelled:
        return registration
    raise WalkInError(
        _("%(email)s is already registered (%(status)s).")
        % {"email": user.email, "status": registration.get_status_display()},
        code="already_registered",
        registration=registration,
    )


def fill_in(registration: Registration, walk_in: WalkIn) -> None:
    for field in ("first_name", "last_name", "organisation", "category", "job_title"):
        setattr(registration, field, getattr(walk_in, field))
    # The staff's word: general seats only (see the module's docstring).
    registration.category_vouched = False
    registration.photo_consent = registration.news_opt_in = False


def account_for(walk_in: WalkIn) -> User:
    """The account of the walk-in's address, created if there is none: no password, the
    address not verified, in the desk's language (that of their e-mails)."""
    user = User.objects.filter(email__iexact=walk_in.email).first()
    if user is not None:
        return user
    user = User(
        email=User.objects.normalize_email(walk_in.email),
        first_name=walk_in.first_name,
        last_name=walk_in.last_name,
        language=(get_language() or "fr")[:2],
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user
