"""What the registrations carry into the next edition (events/next_edition.py): the seats
reserved for each category, until the same distance before the new day. Nothing personal:
no registration, invitation, held seat or allowance given to one person."""

from events.models import Event
from events.next_edition import Moved
from registrations.models import SeatReservation


def copy_reservations(previous: Event, edition: Event) -> None:
    moved = Moved((edition.date - previous.date).days)
    SeatReservation.objects.bulk_create(
        SeatReservation(
            event=edition, category=reservation.category, seats=reservation.seats, until=moved(reservation.until)
        )
        for reservation in previous.reservations.all()
    )
