"""The pages that show speakers with their sessions: the public list and profile, and the
speaker area's page of the speaker's own sessions (where the photo form is posted too).

They are the agenda's, because a session names its speakers; the profile's own editing and
the invitations stay in `speakers`. The URLs are in the `speakers` namespace
(`techforclimate.speaker_urls`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import sections
from events.editions import programme_or_404
from events.models import Session
from speakers import services
from speakers.area_views import own_speaker_or_404
from speakers.forms import PhotoForm
from speakers.models import Speaker
from speakers.photos import PhotoError


def speaker_list(request):
    """The edition's speakers: those with a session in it (profiles are shared by editions)."""
    event = programme_or_404(request)
    speakers = Speaker.objects.filter(sessions__event=event).distinct()
    return render(request, "speakers/speaker_list.html", {"speakers": speakers, "event": event})


def speaker_detail(request, slug):
    event = programme_or_404(request)
    sessions = Session.objects.filter(event=event).select_related("room").prefetch_related("speakers").order_by("start")
    speaker = get_object_or_404(
        Speaker.objects.filter(sessions__event=event)
        .distinct()
        .prefetch_related("links", Prefetch("sessions", queryset=sessions)),
        slug=slug,
    )
    return render(request, "speakers/speaker_detail.html", {"speaker": speaker, "event": event})


def own_sessions(speaker: Speaker, event):
    """The speaker's sessions in the edition the speaker area is about."""
    return speaker.sessions.filter(event=event).select_related("room").prefetch_related("speakers").order_by("start")


def render_area(request, speaker: Speaker, *, extra_context=None, status=200):
    """The speaker area, with the sections other apps add to it (the footprint's trip);
    `extra_context` last (a form as it was typed, with its errors)."""
    context = {"speaker": speaker, "sessions": own_sessions(speaker, request.event), "photo_form": PhotoForm()}
    context |= sections.section_context(sections.SPEAKER_AREA, request, speaker)
    return render(request, "speakers/area.html", context | (extra_context or {}), status=status)


@login_required
def area(request):
    return render_area(request, own_speaker_or_404(request))


@login_required
@require_POST
def change_photo(request, slug):
    speaker = own_speaker_or_404(request, slug)
    if "remove" in request.POST:
        services.remove_photo(speaker, user=request.user)
        messages.success(request, _("Your photo is removed."))
        return redirect("speakers:area")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.replace_photo(speaker, form.cleaned_data["photo"], user=request.user)
        except PhotoError as error:
            form.add_error("photo", error.message)
        else:
            messages.success(request, _("Your new photo is in place."))
            return redirect("speakers:area")
    return render_area(request, speaker, extra_context={"photo_form": form}, status=400)
