from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from events.models import Session
from events.selectors import current_event
from speakers.models import Speaker


def speaker_list(request):
    speakers = Speaker.objects.filter(sessions__isnull=False).distinct()
    return render(request, "speakers/speaker_list.html", {"speakers": speakers, "event": current_event()})


def speaker_detail(request, slug):
    sessions = Session.objects.select_related("room").prefetch_related("speakers").order_by("start")
    speaker = get_object_or_404(
        Speaker.objects.prefetch_related("links", Prefetch("sessions", queryset=sessions)), slug=slug
    )
    return render(request, "speakers/speaker_detail.html", {"speaker": speaker, "event": current_event()})
