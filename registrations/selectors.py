"""Reads of registrations shared by the attendee pages, the calendar file and the e-mails."""

from django.db.models import Count, Prefetch, Q

from core.compiled import compiled_once
from events import editions
from events.models import Event, Session
from registrations.models import Registration, WorkshopBooking


def registration_of(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).select_related("event", "check_in").first()


def other_editions_of(user, event: Event | None) -> list[Registration]:
    """The person's registrations for the other editions, the latest first ("My registration"
    lists them: a person comes back year after year)."""
    if not user.is_authenticated:
        return []
    with editions.every_edition():
        return list(
            Registration.objects.filter(user=user).exclude(event=event).select_related("event").order_by("-event__date")
        )


def latest_registration_of(user, event: Event) -> Registration | None:
    """The person's registration for the latest edition before `event`: registering again
    starts from what they wrote then."""
    if not user.is_authenticated:
        return None
    with editions.every_edition():
        return (
            Registration.objects.filter(user=user, event__date__lt=event.date, anonymised_at__isnull=True)
            .order_by("-event__date")
            .first()
        )


def is_registered(user, event: Event) -> bool:
    """A registration not cancelled: one small row, not the registration and its event."""
    if not user.is_authenticated:
        return False
    return bool(registrations_not_cancelled.rows(event.pk, user.pk))


@compiled_once(int, int)
def registrations_not_cancelled(event_id: int, user_id: int):
    return (
        Registration.objects.filter(event_id=event_id, user_id=user_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("pk")
        .order_by()[:1]
    )


def personal_agenda(registration: Registration) -> list[Session]:
    """The plenaries and slots of the day plus the workshops this person has a place in."""
    booked = WorkshopBooking.objects.booked().filter(registration=registration).values("session_id")
    return list(
        Session.objects.filter(event_id=registration.event_id)
        .filter(~Q(kind=Session.Kind.WORKSHOP) | Q(pk__in=booked))
        .select_related("room")
        .order_by("start", "room__position")
    )


def workshops_with_places(event: Event, registration: Registration | None = None) -> list[Session]:
    """Every workshop with `booked_count`, `places_left` and, when a registration is given,
    `my_booking` (or None) — in a constant number of queries."""
    workshops = (
        Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP)
        .select_related("room", "theme")
        .annotate(
            booked_count=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.BOOKED)),
            waiting_count=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.WAITLISTED)),
        )
        .order_by("start", "room__position")
    )
    if registration is not None:
        workshops = workshops.prefetch_related(
            Prefetch(
                "bookings",
                queryset=WorkshopBooking.objects.active().filter(registration=registration),
                to_attr="my_bookings",
            )
        )
    workshops = list(workshops)
    for workshop in workshops:
        workshop.places_left = max(workshop.capacity - workshop.booked_count, 0)
        workshop.my_booking = workshop.my_bookings[0] if getattr(workshop, "my_bookings", None) else None
    return workshops
