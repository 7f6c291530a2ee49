"""The site's own pages: those that draw on several apps."""

from django.shortcuts import render
from django.utils import timezone

from events.models import Theme
from events.selectors import current_event
from registrations.services import seat_counts


def home(request):
    event = current_event()
    context = {"event": event}
    if event is not None:
        now = timezone.now()
        phase = event.phase(now)
        context |= {
            "phase": phase,
            "seats_left": seat_counts(event, now).free,
            "themes": Theme.objects.all(),
            "registration_open": phase == event.Phase.OPEN,
        }
    return render(request, "events/home.html", context)
