"""The workshops' attendee lists and sign-in sheets, for the agenda's admin."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from core.pdf import ProjectFilesOnly, stylesheets, write_pdf
from registrations.models import Registration, WorkshopBooking


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
