from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from footprint import factors, services, totals
from footprint.forms import TravelForm
from footprint.models import TravelDeclaration
from registrations.views import get_active_registration_or_404


def trip_context(request, registration) -> dict:
    """The trip section of "My registration": the declared trip and its estimate (the form
    has its own page, which keeps "My registration" light)."""
    travel = getattr(registration, "travel", None)
    # A declaration holding a figure outside its bounds has no estimate (it counts as not declared).
    estimate = services.estimate_for(travel) if travel and not travel.has_invalid_entry else None
    return {
        "travel": travel,
        "estimate": estimate,
        "alternative_label": dict(TravelDeclaration.Mode.choices).get(estimate.alternative_mode) if estimate else None,
    }


def render_trip_page(request, registration, form: TravelForm, *, status: int = 200):
    context = {"event": registration.event, "registration": registration, "travel_form": form}
    return render(request, "footprint/trip.html", context, status=status)


@login_required
def declare(request):
    registration = get_active_registration_or_404(request)
    if request.method != "POST":
        travel = getattr(registration, "travel", None)
        return render_trip_page(request, registration, TravelForm.for_declaration(travel))
    form = TravelForm(request.POST)
    if not form.is_valid():
        # The form again, with the errors and what was typed.
        return render_trip_page(request, registration, form, status=400)
    try:
        services.declare_travel(registration, **form.declaration_fields())
    except services.DeclarationClosed as closed:
        messages.info(request, closed.message)
        return redirect("registrations:mine")
    messages.success(request, _("Your trip is saved. Thank you!"))
    return redirect(reverse("registrations:mine") + "#footprint")


def method(request):
    data = factors.load()
    transport = [factor for factor in data.factors.values() if factor.kind == "transport"]
    meals = [factor for factor in data.factors.values() if factor.kind == "meal"]
    return render(
        request,
        "footprint/method.html",
        {
            "transport": transport,
            "meals": meals,
            "digital": list(data.digital.values()),
            "assumptions": data.assumptions,
            "meal_choices": [
                (label, data.factor(data.assumptions["meals"][value]))
                for value, label in TravelDeclaration.Meal.choices
            ],
            "notes": factors.source_notes(),
            "language": request.LANGUAGE_CODE,
        },
    )


def public(request):
    event = request.event
    if event is None or not event.footprint_published:
        raise Http404("The footprint is not published.")
    whole = totals.event_lines(event)
    footprint = whole.came  # the attendees who came (every confirmed one before the check-in)
    labels = dict(TravelDeclaration.Mode.choices)
    rows = [(labels[mode], footprint.people_by_mode[mode], kg) for mode, kg in footprint.travel_by_mode.most_common()]
    context = {"event": event, "footprint": footprint, "rows": rows, "whole": whole}
    return render(request, "footprint/public.html", context)
