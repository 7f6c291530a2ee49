"""Speakers' and organisers' own trips: the attendees' form and calculator, saved as a
declaration of the speaker or the organiser for the current event.

The speaker's part is a section of the speaker area (events/sections.py, added in
footprint/apps.py); the organiser's a page of the registrations' admin, linked from the
dashboard's footprint section."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.speaker_pages import render_area
from footprint import services
from footprint.forms import OwnTripForm
from footprint.models import TravelDeclaration
from speakers.area_views import own_speaker_or_404

MODES = dict(TravelDeclaration.Mode.choices)


def own_trip_context(travel: TravelDeclaration | None, event, form=None) -> dict:
    """The declared trip, its estimate, whether it can still change, and the form."""
    # A declaration holding a figure outside its bounds has no estimate (it counts as not declared).
    estimate = services.estimate_for(travel) if travel and not travel.has_invalid_entry else None
    return {
        "own_travel": travel,
        "own_estimate": estimate,
        "own_alternative_label": MODES.get(estimate.alternative_mode) if estimate else None,
        "own_trip_closed": event is not None and timezone.localdate() > event.date,
        "own_trip_event": event,
        "own_trip_form": form or OwnTripForm.for_declaration(travel),
    }


def speaker_trip_context(request, speaker) -> dict:
    event = request.event
    travel = services.declaration_of(speaker=speaker, event=event) if event else None
    return own_trip_context(travel, event) | {"own_trip_action": reverse("footprint:speaker_trip")}


@login_required
@require_POST
def speaker_trip(request):
    speaker, event = own_speaker_or_404(request), request.event
    if event is None:
        raise Http404("No current event.")
    form = OwnTripForm(request.POST)
    if not form.is_valid():
        # The speaker area again, with the errors and what was typed.
        return render_area(request, speaker, extra_context={"own_trip_form": form}, status=400)
    try:
        services.declare_travel(speaker=speaker, event=event, **form.declaration_fields())
    except services.DeclarationClosed as closed:
        messages.info(request, closed.message)
        return redirect("speakers:area")
    messages.success(request, _("Your trip is saved. Thank you!"))
    return redirect(reverse("speakers:area") + "#trip")


def organiser_trip(request):
    """An organiser's own trip to the current event, from the admin (GET shows it, POST saves)."""
    event = request.event
    if event is None:
        raise Http404("No current event.")
    travel = services.declaration_of(organiser=request.user, event=event)
    form, status = None, 200
    if request.method == "POST":
        form = OwnTripForm(request.POST)
        if form.is_valid():
            try:
                services.declare_travel(organiser=request.user, event=event, **form.declaration_fields())
            except services.DeclarationClosed as closed:
                messages.info(request, closed.message)
            else:
                messages.success(request, _("Your trip is saved. Thank you!"))
            return redirect("admin:registrations_registration_footprint_my_trip")
        status = 400
    context = admin.site.each_context(request) | own_trip_context(travel, event, form)
    context |= {
        "title": _("My trip to the event"),
        "own_trip_action": reverse("admin:registrations_registration_footprint_my_trip"),
        "own_trip_in_admin": True,
    }
    return TemplateResponse(request, "admin/footprint/my_trip.html", context, status=status)
