"""The badges as PDFs: the attendee's own ("My registration", `day:badge`) and the speaker's,
from the speaker area (URL `speakers:badge`, in `techforclimate.speaker_urls`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from day import badges
from events.models import Session
from registrations.views import get_active_registration_or_404
from speakers.area_views import own_speaker_or_404


@login_required
def speaker_badge(request):
    speaker = own_speaker_or_404(request)
    event = request.event
    if event is None or not Session.objects.filter(event=event, speakers=speaker).exists():
        raise Http404("No session at the current event.")
    pdf = badges.render_badges(
        [badges.badge_for_speaker(speaker, event)], language=request.LANGUAGE_CODE, kind="speaker_badge"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{speaker.slug}.pdf"'
    return response


@login_required
def my_badge(request):
    registration = get_active_registration_or_404(request)
    if not registration.is_confirmed:
        raise Http404("Only a confirmed registration has a badge.")
    pdf = badges.render_badges([badges.badge_for_registration(registration)], language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.event.slug}.pdf"'
    return response
