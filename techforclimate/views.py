"""The site's own pages: those that draw on several apps."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from events import editions
from events.models import Theme
from events.selectors import published_editions
from registrations.services import seat_counts


def home(request):
    # No edition at all: the page says the next one will be announced; a draft's is not found.
    event = editions.event_or_404(request) if request.event is not None else None
    context = {"event": event}
    if event is not None:
        now = timezone.now()
        phase = event.phase(now)
        context |= {
            "phase": phase,
            "seats_left": seat_counts(event, now).free,
            "themes": Theme.objects.all(),
            "registration_open": phase == event.Phase.OPEN,
            "other_editions": [(other, home_of(other)) for other in published_editions() if other.pk != event.pk],
        }
    return render(request, "events/home.html", context)


def home_of(event) -> str:
    with editions.addresses_of(event):
        return reverse("home")
