import logging
import re

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.second_factor import RETURN_AFTER_SETUP_SESSION_KEY, has_second_factor, must_have_second_factor
from events import editions
from events.models import EDITION_PATTERN
from events.selectors import current_event, edition_named
from registrations.services import SiteBusy
from techforclimate.urls import urlconf_of_edition

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
        return unavailable_response(exception)


def unavailable_response(exception) -> HttpResponse | None:
    """The page for a database that cannot answer (busy or away), or None for another error."""
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


class EditionMiddleware:
    """`request.event`: the edition the address names (/2027/…, /en/2027/…), or the current
    one where it names none; an address that names one is resolved and reversed with that
    edition's URLconf, so that its links stay in it. In tests a row of another edition read
    while the page is made fails it (events/editions.guard_the_editions).
    Before LocaleMiddleware, which reads the language from the URLconf's patterns."""

    EDITION_IN_PATH = re.compile(rf"^/(?:[a-z]{{2}}/)?({EDITION_PATTERN})(?:/|$)")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        named = self.EDITION_IN_PATH.match(request.path_info)
        try:
            event = edition_named(named[1]) if named else None
            if event is not None:
                request.urlconf = urlconf_of_edition(event.edition)
            else:  # no edition named (or none by that name, which then finds no page)
                event = current_event()  # (remembered by each process: events/selectors.py)
        except Exception as error:  # outside a view, which process_exception does not see
            with translation.override(translation.get_language_from_path(request.path_info)):  # before Locale's
                response = unavailable_response(error)
            if response is None:
                raise
            return response
        request.event = event
        with editions.scoped_to(event):
            return self.get_response(request)


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


class ForgetDeskDataAtLogoutMiddleware:
    """The logout's answer asks the browser to erase the site's storage: the check-in desk's
    day's list and queue (IndexedDB), its service worker and the pages it kept. Not the HTTP
    cache, where an attendee's phone badge stays available offline."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method == "POST" and match is not None and match.url_name == "account_logout":
            response["Clear-Site-Data"] = '"storage"'
        return response


class StaffSecondFactorMiddleware:
    """No page of the back office opens for a staff member (an organiser, a superuser)
    whose account has no second factor: they are sent to set up an authenticator app
    first, and the page they asked for is kept in the session, so that the recovery codes
    page, where the set-up ends, leads back to it. The admin's login and logout stay open
    (the login is allauth's, which asks the code of an account that has one)."""

    OPEN_VIEWS = {"login", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in self.OPEN_VIEWS:
            return None
        if not must_have_second_factor(request.user):
            return None  # the admin itself sends anyone else to its login
        if has_second_factor(request.user):
            request.session.pop(RETURN_AFTER_SETUP_SESSION_KEY, None)
            return None
        asked_for = request.get_full_path()
        if url_has_allowed_host_and_scheme(asked_for, allowed_hosts=None):
            request.session[RETURN_AFTER_SETUP_SESSION_KEY] = asked_for
        messages.info(request, _("The back office asks for a second factor: set up an authenticator app to continue."))
        return redirect("mfa_activate_totp")
