"""Seats offered from the waiting list in the last days before the event.

`services.promote_from_waiting_list` makes the offers (from `event.offers_start` to
`event.promotion_cutoff`); this module accepts them, lets those not taken in time lapse and
passes their seat to the next person, and tells the people still waiting at the cut-off that
the list is closed. Each function locks the event, re-reads under the lock and is a no-op
when repeated, like the seat rules in `services`: an offer accepted at the very moment it
lapses ends in one outcome, never two people in one seat.
"""

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Event
from registrations.emails import EmailKind, queue_registration_email
from registrations.models import Registration
from registrations.offer_links import OfferLink
from registrations.services import RegistrationError, lock_event, promote_from_waiting_list


def offer_expired_error(registration: Registration) -> RegistrationError:
    deadline = formats.date_format(timezone.localtime(registration.offer_expires_at), "DATETIME_FORMAT")
    return RegistrationError(
        _(
            "This seat was offered to you until %(date)s and has passed to the next person on the waiting list. "
            "You keep your place on the list, but no seat will be offered to you again."
        )
        % {"date": deadline},
        code="offer_expired",
    )


def accept_offer(
    registration: Registration, *, link: OfferLink | None = None, now: dt.datetime | None = None
) -> Registration:
    """The person takes the seat offered to them: confirmed, with the confirmation e-mail
    and their agenda. `link`: the signed link they followed, which must name this offer.

    Accepting again once confirmed changes nothing. An offer past its deadline is refused;
    it lapses here (as the sweep would have done) and the seat passes to the next person."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_confirmed:
            return registration
        if link is not None and not link.is_for(registration):
            refusal = RegistrationError(_("This link is not valid for a seat offered to you."), code="offer_link")
        elif not registration.is_offered:
            refusal = (
                offer_expired_error(registration)
                if registration.offer_lapsed_at
                else RegistrationError(_("No seat is offered to you at the moment."), code="no_offer")
            )
        elif registration.offer_expires_at <= now:
            lapse(event, [registration], now=now)
            refusal = offer_expired_error(registration)
        else:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at, registration.queued_at = now, None
            registration.save(update_fields=["status", "confirmed_at", "queued_at", "updated_at"])
            queue_registration_email(registration, EmailKind.PROMOTED)
    if refusal is not None:
        raise refusal
    return registration


def lapse(event: Event, registrations: list[Registration], *, now: dt.datetime) -> None:
    """Offers not taken in time: back on the waiting list, in their place but never offered
    again, told so; their seats go to the next people. The caller holds the event lock and
    the registrations' locks."""
    for registration in registrations:
        registration.status, registration.offer_lapsed_at = Registration.Status.WAITLISTED, now
        registration.save(update_fields=["status", "offer_lapsed_at", "updated_at"])
        queue_registration_email(registration, EmailKind.OFFER_LAPSED)
    promote_from_waiting_list(event, now=now)


def lapse_expired_offers(event: Event, *, now: dt.datetime | None = None) -> int:
    """Let every offer of `event` past its deadline lapse and pass its seat on; how many."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event.pk)
        expired = list(
            Registration.objects.select_for_update()
            .filter(event=event, status=Registration.Status.OFFERED, offer_expires_at__lte=now)
            .order_by("pk")
        )
        if expired:
            lapse(event, expired, now=now)
        tell_list_closed(event, now=now)
    return len(expired)


def refresh_offer(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """Checked whenever someone looks: an offer past its deadline lapses now, without
    waiting for the sweep. Anything else is returned as it is, without a write."""
    now = now or timezone.now()
    if registration.is_offered and registration.offer_expires_at <= now:
        lapse_expired_offers(registration.event, now=now)
        registration.refresh_from_db()
    return registration


def tell_list_closed(event: Event, *, now: dt.datetime) -> int:
    """After the cut-off, the people still waiting are told, once, that nobody more will be
    given a seat from the list. The caller holds the event lock."""
    if now < event.promotion_cutoff or now >= event.ends_at:
        return 0
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED, list_closed_told_at__isnull=True)
        .order_by("pk")
    )
    for registration in waiting:
        registration.list_closed_told_at = now
        registration.save(update_fields=["list_closed_told_at", "updated_at"])
        queue_registration_email(registration, EmailKind.LIST_CLOSED, dedupe_key=f"list-closed:{registration.pk}")
    return len(waiting)


def sweep_offers(*, now: dt.datetime | None = None) -> int:
    """The periodic task (Celery beat): lapse the offers past their deadline, pass their
    seats on, and close the waiting lists at the cut-off. Returns how many offers lapsed."""
    now = now or timezone.now()
    event_ids = set(
        Registration.objects.filter(status=Registration.Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    # Lists to close: events whose day is near, with someone waiting not yet told.
    today = timezone.localdate(now)
    for event in Event.objects.filter(
        date__gte=today - dt.timedelta(days=1),
        registrations__status=Registration.Status.WAITLISTED,
        registrations__list_closed_told_at__isnull=True,
    ).distinct():
        if event.promotion_cutoff <= now < event.ends_at:
            event_ids.add(event.pk)
    return sum(lapse_expired_offers(event, now=now) for event in Event.objects.filter(pk__in=event_ids).order_by("pk"))
