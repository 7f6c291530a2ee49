"""The footprint's parts of the organisers' pages of registrations: the dashboard's footprint
section and its per-registration CSV export, the catering page's lunch choices. Added to
those pages in footprint/apps.py (see registrations/sections.py)."""

from collections import Counter

from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from events.selectors import current_event
from footprint.forms import ShiftScenarioForm
from footprint.models import TravelDeclaration
from footprint.services import anonymous_rows, event_footprint
from registrations import charts, exports
from registrations.models import Registration

MODES = dict(TravelDeclaration.Mode.choices)


def dashboard_context(request, event) -> dict:
    """The event's footprint, the "what if" of a shift to the train, and their chart."""
    footprint = event_footprint(event)
    scenario = ShiftScenarioForm(request.GET)
    shift_percent = scenario.percent()
    return {
        "footprint": footprint,
        "scenario": scenario,
        "shift_percent": shift_percent,
        "shift_saving": footprint.saving_if_shifted(shift_percent),
        "footprint_chart": charts.horizontal_bars(
            [charts.Bar(str(MODES.get(mode, mode)), round(kg)) for mode, kg in footprint.travel_by_mode.most_common()]
            + [charts.Bar(str(_("Lunches")), round(footprint.meals_kg))],
            title=_("Estimated footprint by mode of transport and catering, kg CO2e"),
        ),
    }


def catering_context(request, event) -> dict:
    """The lunch choices of the confirmed attendees, and how many chose none."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    meals = Counter(
        dict(
            TravelDeclaration.objects.filter(registration__in=confirmed)
            .values_list("meal")
            .annotate(n=Count("pk"))
            .values_list("meal", "n")
        )
    )
    return {
        "meals": [(label, meals.get(value, 0)) for value, label in TravelDeclaration.Meal.choices],
        "meals_undeclared": confirmed.count() - sum(meals.values()),
    }


def footprint_csv(request):
    header, rows = anonymous_rows(current_event())
    response = HttpResponse(exports.as_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="footprint-estimates.csv"'
    return response
