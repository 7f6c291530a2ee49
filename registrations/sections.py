"""What a higher app adds to the pages and e-mails of registrations, which cannot import it.

Registrations sits below the footprint in the layers, yet "My registration" shows the
attendee's trip, and the organisers' dashboard and catering page (the back office's) show
the event's footprint and the lunch choices. The footprint adds them here when it loads
(`footprint/apps.py`): a page includes the templates of its sections where its own template
loops over `extra_sections`, with the variables each section computes. The e-mails that
confirm a seat show the badge's code, which the day adds (`day/apps.py`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.sections import PageSections
from mail.models import OutgoingEmail
from mail.rendering import InlineImage

# The pages, and what each passes to its sections' context functions.
MY_REGISTRATION = "my_registration"  # (request, registration), a registration not cancelled
DASHBOARD = "dashboard"  # (request, event), the current event
CATERING = "catering"  # (request, event), the current event or None

_pages = PageSections(MY_REGISTRATION, DASHBOARD, CATERING)
add_section = _pages.add
section_context = _pages.context

# Views added to the registrations' admin, behind its view permission: (route, view, name),
# the URL name being "admin:registrations_registration_<name>" (routed by the back office's
# reports, `backoffice.admin.reports.ReportViews`).
_admin_views: list[tuple[str, Callable[[HttpRequest], HttpResponse], str]] = []


def add_admin_view(route: str, view: Callable[[HttpRequest], HttpResponse], name: str) -> None:
    if (route, view, name) not in _admin_views:
        _admin_views.append((route, view, name))


def admin_views() -> list[tuple[str, Callable[[HttpRequest], HttpResponse], str]]:
    return list(_admin_views)


# Images added to the e-mails that confirm a seat (the badge's code): each function gives
# the image for one confirmed registration's e-mail.
_seat_email_images: list[Callable[..., InlineImage]] = []


def add_seat_email_image(image: Callable[..., InlineImage]) -> None:
    if image not in _seat_email_images:
        _seat_email_images.append(image)


def seat_email_images(registration, email: OutgoingEmail) -> list[InlineImage]:
    return [image(registration, email) for image in _seat_email_images]
