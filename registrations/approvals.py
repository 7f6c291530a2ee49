"""Organisers vouch for what people say of themselves: a category, and (when the event asks
for it) an open registration before it takes a seat.

Each function locks the event, re-reads the registration under the lock and re-checks the
seats, like the seat rules in `services`."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.emails import EmailKind, queue_registration_email
from registrations.models import Registration
from registrations.services import RegistrationError, lock_event, promote_from_waiting_list, seat_counts


def set_category(registration: Registration, category: str, *, now: dt.datetime | None = None) -> Registration:
    """An organiser confirms or corrects a person's category, which is then vouched for.

    A person already confirmed stays confirmed, whatever seats are left (the seat is
    theirs); someone waiting may now have a reserved seat, so the waiting list moves."""
    if category not in Registration.Category.values:
        raise RegistrationError(_("Unknown category."), code="unknown_category")
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.category == category and registration.category_vouched:
            return registration
        registration.category, registration.category_vouched = category, True
        registration.save(update_fields=["category", "category_vouched", "updated_at"])
        if registration.is_waitlisted:
            promote_from_waiting_list(event, now=now)
            registration.refresh_from_db()
    return registration


def approve_registration(registration: Registration, *, now: dt.datetime | None = None) -> Registration:
    """An organiser accepts an open registration: a seat if one is free for it, else the
    waiting list, in the order people came (their registration time). Approving twice, or
    a registration not awaiting approval, changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_awaiting_approval:
            return registration
        registration.decided_at = now
        # Nobody who came earlier and is still waiting for a seat is passed over.
        if not Registration.objects.waiting().filter(event=event).exists() and seat_counts(event, now).has_seat_for(
            registration.seat_category
        ):
            registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            kind = EmailKind.CONFIRMED
        else:
            registration.status, registration.queued_at = Registration.Status.WAITLISTED, registration.created_at
            kind = EmailKind.WAITLISTED
        registration.save()
        queue_registration_email(registration, kind)
    return registration


def refuse_registration(registration: Registration, *, reason: str, now: dt.datetime | None = None) -> Registration:
    """An organiser declines an open registration, with a reason the person receives."""
    reason = reason.strip()
    if not reason:
        raise RegistrationError(_("Give the reason the person will read."), code="reason_required")
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_awaiting_approval:
            return registration
        registration.status, registration.refusal_reason, registration.decided_at = (
            Registration.Status.REFUSED,
            reason,
            now,
        )
        registration.save()
        queue_registration_email(registration, EmailKind.REFUSED)
    return registration
