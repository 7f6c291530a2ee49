"""The speaker's badge, from the speaker area (URL `speakers:badge`, in
`techforclimate.speaker_urls`); the attendee's own badge is `registrations.views.my_badge`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from events.models import Session
from registrations import badges
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
