"""The registration list as the organisers export it (CSV and Excel, `core.spreadsheets`)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.models import WorkshopBooking


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
