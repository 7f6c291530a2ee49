"""The site as `techforclimate.wsgi` serves it, but with the event's row lock taken away: the
control run of the registration rush (tests/integration/test_registration_rush.py) serves
this module to prove that, without the lock, the same rush oversells.

Only the one function that takes the lock is replaced (`services.event_row_locked`: the same
read, without `select_for_update()`), and counting the seats is followed by the pause a
loaded server would leave before the registration is written, so that the race shows."""

import time

from techforclimate.wsgi import application  # sets Django up: the imports below need its apps

# isort: split
from core.compiled import compiled_once
from events.models import Event
from registrations import services

__all__ = ["application"]


@compiled_once(int)
def event_row_unlocked(event_id: int):
    return Event.objects.filter(pk=event_id)


counted_seats = services.seat_counts


def seat_counts_then_a_pause(event, now):
    counts = counted_seats(event, now)
    time.sleep(0.05)
    return counts


services.event_row_locked = event_row_unlocked
services.seat_counts = seat_counts_then_a_pause
