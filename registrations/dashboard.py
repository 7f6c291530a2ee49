"""The figures of the organisers' reports (the dashboard, the catering page), each in a
fixed number of queries."""

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from events.models import Event, Session
from mail.models import OutgoingEmail
from registrations.models import CheckIn, Registration, SeatHold, WorkshopBooking
from registrations.services import seat_counts


def dashboard(event: Event, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    registrations = Registration.objects.filter(event=event)
    by_status = dict(registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    confirmed = by_status.get(Registration.Status.CONFIRMED, 0)
    by_category = dict(
        registrations.confirmed().values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    per_day = Counter(
        dict(
            registrations.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
            .values_list("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
    )
    first_day = timezone.localtime(event.registration_opens_at).date()
    last_day = min(timezone.localdate(now), event.date)
    days = [first_day + dt.timedelta(days=offset) for offset in range(max((last_day - first_day).days + 1, 0))]
    workshops = (
        Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP)
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.WAITLISTED)),
        )
        .order_by("start", "room__position")
    )
    emails = dict(
        OutgoingEmail.objects.filter(status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "event": event,
        "capacity": event.capacity,
        "confirmed": confirmed,
        "waiting": by_status.get(Registration.Status.WAITLISTED, 0),
        "cancelled": by_status.get(Registration.Status.CANCELLED, 0),
        "held": SeatHold.objects.filter(event=event, status=SeatHold.Status.PENDING, held_until__gt=now).count(),
        "seats_left": seat_counts(event, now).free,
        "by_category": [(label, by_category.get(value, 0)) for value, label in Registration.Category.choices],
        "per_day": [(day, per_day.get(day, 0)) for day in days],
        "workshops": list(workshops),
        "emails_pending": emails.get(OutgoingEmail.Status.PENDING, 0),
        "emails_failed": emails.get(OutgoingEmail.Status.FAILED, 0),
        "is_event_day": timezone.localdate(now) == event.date,
        "checked_in": CheckIn.objects.filter(registration__event=event).count(),
    }


def catering(event: Event | None) -> dict:
    """What the caterer and the venue need: the confirmed attendees' dietary requirements,
    counted alike however they were typed, and their accessibility needs."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    requirements = Counter(
        " ".join(text.split()).lower() for text in confirmed.values_list("dietary_requirements", flat=True)
    )
    without = requirements.pop("", 0)
    return {
        "total": confirmed.count(),
        "without": without,
        "dietary": requirements.most_common(),
        "accessibility": confirmed.exclude(accessibility_needs="").order_by("last_name"),
    }
