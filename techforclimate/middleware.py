import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

from registrations.services import SiteBusy

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer with a clear maintenance page (503)
    instead of a server error. Each change runs in one transaction, so nothing is left
    half-written: the person can simply try again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # SQLite says "database is locked" when its busy timeout runs out: the same situation.
        if isinstance(exception, SiteBusy) or "database is locked" in str(exception):
            html = render_to_string("busy.html", {"LANGUAGE_CODE": translation.get_language()})
            response = HttpResponse(html, status=503)
            response["Retry-After"] = "5"
            return response
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        # A page that needs nothing from the database: no user, no session, no event.
        html = render_to_string("maintenance.html", {"LANGUAGE_CODE": translation.get_language()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response


class PrivateResponsesMiddleware:
    """Whatever is answered to a logged-in person — their registration, badge, agenda, data
    export, the back office — carries `Cache-Control: private, no-store`, so that no shared
    cache (a proxy, a CDN, a library's computer) keeps a copy. A view that sets its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
