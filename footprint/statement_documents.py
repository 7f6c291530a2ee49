"""An organisation's statement as a CSV (one row per person who agreed to be named, one for
the others together) and as a one-page PDF, through the fenced WeasyPrint of core.pdf."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from core.pdf import ProjectFilesOnly, stylesheets, write_pdf
from footprint.factors import load
from footprint.statements import CATERING_LINE, TRAVEL_LINE, Statement

CSV_HEADER = [
    "organisation",
    "person",
    "people",
    "mode",
    "distance_band",
    "distance_km",
    "return_trip",
    "lunch",
    "travel_kgco2e",
    "catering_kgco2e",
    "lowest_carbon_mode",
    "lowest_carbon_travel_kgco2e",
    "travel_ghg_protocol",
    "catering_ghg_protocol",
]


def csv_rows(statement: Statement) -> list[list]:
    """The same figures as the PDF: the rows add up to the statement's totals. No address."""
    travel, catering = str(TRAVEL_LINE), str(CATERING_LINE)
    rows = [
        [
            statement.organisation,
            line.name,
            1,
            line.mode_label,
            line.band,
            round(line.distance_km, 1),
            line.return_trip,
            line.meal_label,
            round(line.travel_kg, 2),
            round(line.meal_kg, 2),
            line.alternative_label,
            round(line.lowest_kg, 2),
            travel,
            catering,
        ]
        for line in statement.named_lines
    ]
    others = statement.unnamed_lines
    people = len(others) + statement.undeclared
    if people:
        extrapolated = statement.extrapolated_travel_kg
        rows.append(
            [
                statement.organisation,
                _("Others, together (%(undeclared)s without a declared trip, at the event's average)")
                % {"undeclared": statement.undeclared},
                people,
                "",
                "",
                "",
                "",
                "",
                round(sum(line.travel_kg for line in others) + extrapolated, 2),
                round(sum(line.meal_kg for line in others) + statement.undeclared * statement.average_meal_kg, 2),
                "",
                round(sum(line.lowest_kg for line in others) + extrapolated, 2),
                travel,
                catering,
            ]
        )
    return rows


def render_statement_pdf(statement: Statement, event) -> bytes:
    """One A4 page in the active language (the requester's)."""
    styles = stylesheets("footprint/statement.css")
    html = render_to_string(
        "footprint/statement.html",
        {
            "statement": statement,
            "event": event,
            "travel_line": TRAVEL_LINE,
            "catering_line": CATERING_LINE,
            "factors_edition": load().assumptions["factors_edition"],
            "generated_on": timezone.localdate(),
        },
    )
    document = HTML(string=html, base_url=styles[-1], url_fetcher=ProjectFilesOnly()).render(stylesheets=styles)
    return write_pdf(document, kind="statement")
