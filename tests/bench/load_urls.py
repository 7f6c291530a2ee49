"""The site's URLs plus two baselines for the load benchmarks: a view that returns a fixed
string, and a registration reduced to its bare transaction (lock, count, insert)."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from events.models import Event
from registrations.models import Registration
from techforclimate.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("Tech For Climate")


@csrf_exempt
@require_POST
def bare_registration(request):
    """What a registration must do at the least: lock the seats, count them, write one row."""
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=request.POST["event"])
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        Registration.objects.create(
            event=event,
            user_id=request.POST["user"],
            status="confirmed" if confirmed < event.capacity else "waitlisted",
            queued_at=now,
            first_name="Camille",
            last_name="Exemple",
            organisation="Exemple SA",
            job_title="DSI",
            category="client",
            accepted_terms_at=now,
        )
    return HttpResponse(status=201)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-registration/", bare_registration),
    *site_urlpatterns,
]
