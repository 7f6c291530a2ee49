"""The footprint's parts of the organisers' pages of registrations: the dashboard's footprint
section and its per-registration CSV export, the catering page's lunch choices. Added to
those pages in footprint/apps.py (see registrations/sections.py)."""

from collections import Counter

from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core import charts, spreadsheets
from footprint import totals
from footprint.digital import NOTHING
from footprint.forms import ShiftScenarioForm
from footprint.models import TravelDeclaration
from footprint.services import anonymous_rows
from registrations.models import Registration

MODES = dict(TravelDeclaration.Mode.choices)


def dashboard_context(request, event) -> dict:
    """The event's footprint by line, the "what if"s (a shift to the train, badges on phones,
    e-mails without attachments), and the chart of the attendees' travel and lunches."""
    whole = totals.event_lines(event)
    footprint = whole.came
    scenario = ShiftScenarioForm(request.GET)
    shift_percent = scenario.percent()
    shift_saving = footprint.saving_if_shifted(shift_percent)
    phones_saving = totals.badges_on_phones_saving(whole)
    attachments_saving = totals.emails_without_attachments_saving(whole)
    chosen = NOTHING
    if scenario.chosen("phones"):
        chosen += phones_saving
    if scenario.chosen("no_attachments"):
        chosen += attachments_saving
    return {
        "footprint": footprint,
        "whole": whole,
        "scenario": scenario,
        "shift_percent": shift_percent,
        "shift_saving": shift_saving,
        "phones_saving": phones_saving,
        "attachments_saving": attachments_saving,
        "scenario_total_kg": max(whole.total.kg - shift_saving - chosen.kg, 0),
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
    header, rows = anonymous_rows(request.event)
    response = HttpResponse(spreadsheets.as_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="footprint-estimates.csv"'
    return response
