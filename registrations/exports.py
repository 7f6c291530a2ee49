"""Registration lists and the programme, in the formats other tools open."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from core.pdf import ProjectFilesOnly, stylesheets, write_pdf
from registrations.models import Registration, WorkshopBooking


def registration_table(registrations) -> tuple[list[str], list[list]]:
    """A header and one row per registration, for the CSV and the workbook alike."""
    registrations = registrations.select_related("user", "check_in").prefetch_related("bookings__session")
    header = [
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Organisation"),
        _("Job title"),
        _("Category"),
        _("Status"),
        _("Dietary requirements"),
        _("Accessibility needs"),
        _("Printed badge"),
        _("Photos"),
        _("News"),
        _("Workshops"),
        _("Checked in at"),
        _("Registered at"),
    ]
    rows = []
    for registration in registrations:
        workshops = "; ".join(
            booking.session.title
            for booking in registration.bookings.all()
            if booking.status == WorkshopBooking.Status.BOOKED
        )
        checked_in = getattr(registration, "check_in", None)
        rows.append(
            [
                registration.first_name,
                registration.last_name,
                registration.user.email if registration.user else "",
                registration.organisation,
                registration.job_title,
                registration.get_category_display(),
                registration.get_status_display(),
                registration.dietary_requirements,
                registration.accessibility_needs,
                _("yes") if registration.wants_printed_badge else _("no"),
                _("yes") if registration.photo_consent else _("no"),
                _("yes") if registration.news_opt_in else _("no"),
                workshops,
                f"{timezone.localtime(checked_in.checked_in_at):%Y-%m-%d %H:%M}" if checked_in else "",
                f"{timezone.localtime(registration.created_at):%Y-%m-%d %H:%M}",
            ]
        )
    return header, rows


# What a spreadsheet reads as the start of a formula. The cells hold what people typed
# (names, organisations): shown as text, never run ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_for_a_spreadsheet(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # the apostrophe spreadsheets themselves use for "this is text"
    return value


def as_csv(header: list[str], rows: list[list]) -> bytes:
    # UTF-8 with a BOM and semicolons: what a spreadsheet set to French opens correctly.
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(header)
    writer.writerows([as_text_for_a_spreadsheet(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def as_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def workshop_attendees(session) -> list[Registration]:
    bookings = WorkshopBooking.objects.booked().filter(session=session).select_related("registration")
    return sorted((b.registration for b in bookings), key=lambda r: (r.last_name.lower(), r.first_name.lower()))


def sign_in_sheets_html(sessions) -> str:
    """One sign-in sheet per workshop, in the active language (the organiser's): a title
    missing in it is the French one, marked so."""
    sheets = [{"session": session, "attendees": workshop_attendees(session)} for session in sessions]
    return render_to_string("registrations/exports/sign_in_sheets.html", {"sheets": sheets})


def sign_in_sheets_pdf(sessions) -> bytes:
    """The sign-in sheets, printable, all in one document."""
    styles = stylesheets()
    document = HTML(string=sign_in_sheets_html(sessions), base_url=styles[0], url_fetcher=ProjectFilesOnly()).render(
        stylesheets=styles, font_config=FontConfiguration()
    )
    return write_pdf(document, kind="sign_in_sheets")
