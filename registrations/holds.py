"""Seats held for a colleague, and seats that return to the pool when a hold or a
category's reservation lapses."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event
from mail.outbox import queue_email
from registrations.emails import EmailKind
from registrations.models import HoldAllowance, Registration, SeatHold, SeatReservation
from registrations.services import (
    RegistrationError,
    check_registration_open,
    lock_event,
    promote_from_waiting_list,
    seat_counts,
)
from registrations.transfers import email_domain, organisation_domain_of


def hold_seat_for_colleague(
    event: Event,
    *,
    held_by,
    first_name: str,
    last_name: str,
    email: str,
    organisation: str,
    category: str,
    now: dt.datetime | None = None,
) -> SeatHold:
    """Hold a seat for a colleague, who gets an e-mail to confirm with their own account and
    complete their details. The seat returns to the pool if they do not confirm in time.

    Locks the event: a held seat counts against the capacity like a confirmed one."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event.pk)
        check_registration_open(event, now)
        if (
            Registration.objects.filter(event=event, user__email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        ):
            raise RegistrationError(_("%(email)s is already registered.") % {"email": email}, code="already_registered")
        pending = SeatHold.objects.filter(
            event=event, email__iexact=email, status=SeatHold.Status.PENDING, held_until__gt=now
        )
        if pending.exists():
            raise RegistrationError(_("A seat is already held for %(email)s.") % {"email": email}, code="already_held")
        check_colleague_address(held_by, email, contact=event.contact_email)
        check_hold_allowance(event, held_by, now)
        holder = Registration.objects.filter(event=event, user=held_by).first()
        vouched = bool(holder and holder.category_vouched and holder.category == category)
        if not seat_counts(event, now).has_seat_for(category if vouched else ""):
            raise RegistrationError(
                _("The event is full: your colleague can join the waiting list by registering themselves."),
                code="full",
            )
        hold = SeatHold.objects.create(
            event=event,
            held_by=held_by,
            first_name=first_name,
            last_name=last_name,
            email=email,
            organisation=organisation,
            category=category,
            category_vouched=vouched,
            held_until=min(now + SeatHold.HOLD_FOR, event.registration_closes_at),
        )
        queue_email(recipient=email, language=held_by.language, kind=EmailKind.COLLEAGUE_HOLD, about=hold)
    return hold


def check_colleague_address(held_by, email: str, *, contact: str) -> None:
    """A seat is held for a colleague as an invitation is passed on: at the holder's own
    organisation's domain, never for any address anywhere (one account could otherwise hold
    the free seats for strangers)."""
    domain = organisation_domain_of(held_by.email)
    if domain is None:
        raise RegistrationError(
            _(
                "Your own address is at a public e-mail provider, so it does not show your organisation. "
                "Write to %(email)s to register a colleague."
            )
            % {"email": contact},
            code="public_domain",
        )
    if email_domain(email) != domain:
        raise RegistrationError(
            _(
                "A seat is held only for a colleague of your organisation: their address must end in @%(domain)s, "
                "like yours. Anyone else can register themselves."
            )
            % {"domain": domain},
            code="other_organisation",
        )


def holds_allowed(event: Event, user) -> int:
    allowance = HoldAllowance.objects.filter(event=event, user=user).values_list("seats", flat=True).first()
    return HoldAllowance.DEFAULT if allowance is None else allowance


def check_hold_allowance(event: Event, held_by, now: dt.datetime) -> None:
    """Seats held by one account, waiting or taken by the colleague, up to its allowance
    (`HoldAllowance`, which organisers raise per person)."""
    held = (
        SeatHold.objects.filter(event=event, held_by=held_by)
        .filter(Q(status=SeatHold.Status.CONFIRMED) | Q(status=SeatHold.Status.PENDING, held_until__gt=now))
        .count()
    )
    allowed = holds_allowed(event, held_by)
    if held >= allowed:
        raise RegistrationError(
            ngettext(
                "You already hold %(count)d seat for a colleague, the most one account may. "
                "Write to %(email)s if your organisation needs more.",
                "You already hold %(count)d seats for colleagues, the most one account may. "
                "Write to %(email)s if your organisation needs more.",
                held,
            )
            % {"count": held, "email": event.contact_email},
            code="hold_limit",
        )


def release_lapsed_seats(*, now: dt.datetime | None = None) -> int:
    """Let lapsed holds and past reservations go, and give the seats they free to the waiting
    list. Runs every few minutes (Celery beat); returns how many people were promoted."""
    now = now or timezone.now()
    lapsed_holds = SeatHold.objects.filter(status=SeatHold.Status.PENDING, held_until__lte=now)
    past_reservations = SeatReservation.objects.filter(released_at__isnull=True, until__lte=now)
    event_ids = set(lapsed_holds.values_list("event_id", flat=True)) | set(
        past_reservations.values_list("event_id", flat=True)
    )
    promoted = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = lock_event(event_id)
            lapsed_holds.filter(event=event).update(status=SeatHold.Status.EXPIRED)
            past_reservations.filter(event=event).update(released_at=now)
            promoted += len(promote_from_waiting_list(event, now=now))
    return promoted
