"""Whole public pages kept in the cache for visitors without a session.

A visitor with no session cookie gets the same programme, home, session, speaker and
footprint pages as every other such visitor, so the first one's answer is kept and served
to the next ones without going down the rest of the middleware and the view. An entry is
keyed by the URL (its language prefix and query string included: the language comes from
the path alone) and carries the content version it was rendered under: its edition's and the
shared one. A save or delete of an edition's rows (its sessions, registrations) moves its
edition's version; of what editions share (speakers, themes, the events) the shared one;
in both languages at once, so an edit shows on the next request and a rush of
registrations for one edition leaves the others' pages kept. PAGE_CACHE_SECONDS bounds
what no signal tells (a bulk update, the date changing the current event).

Never kept: a request with a session, a messages cookie or credentials; anything but a GET
of one of PAGE_VIEWS answered 200 without cookie, with no private Cache-Control and no CSP
nonce. The security headers still apply (SecurityMiddleware is outside this one; the
inner ones' headers are kept with the page), the ETag still answers 304, and a page served
from here still counts as a view (footprint.page_views)."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from core import content_version
from footprint.page_views import counted_page, counter, edition_of

logger = logging.getLogger(__name__)

# The pages the same for every visitor without a session.
PAGE_VIEWS = {
    "home",
    "events:programme",
    "events:session",
    "speakers:list",
    "speakers:detail",
    "footprint:public",
    "footprint:method",
    "accounts:privacy",
}
# Query strings worth a page of their own (the programme's filters); any other is not kept,
# so that made-up query strings cannot fill the cache.
QUERY_NAMES = {"theme", "kind", "language"}
QUERY_VALUE_MAX = 40
# Saved or deleted rows of these apps change a public page (PageViewDay only counts them).
# (The apps split from registrations count as it did: the day's check-ins and printed badges
# are in the public footprint.)
CONTENT_APPS = {"events", "speakers", "registrations", "day", "feedback", "footprint", "backoffice"}
NOT_CONTENT = {"footprint.pageviewday"}
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


@dataclass(frozen=True)
class Entry:
    version: str
    page: str | None  # the page-view counter's name for it (footprint.page_views)
    edition: str  # and the edition it counts for
    status: int
    headers: tuple
    content: bytes


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def row_changed(sender, instance=None, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in CONTENT_APPS and meta.label_lower not in NOT_CONTENT:
        # A row of one edition (a registration, a session) moves that edition's pages only;
        # anything else (a speaker, a theme, a booking) every edition's.
        event_id = getattr(instance, "event_id", None) if kwargs.get("action") is None else None
        content_version.content_changed(content_version.pages_of(event_id) if event_id else content_version.PAGES)


def may_be_cached(request) -> bool:
    """A visitor like any other: no session, no message waiting, no credentials."""
    return (
        request.method == "GET"
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)  # an emptied one is none
        and not request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
        and "HTTP_AUTHORIZATION" not in request.META
        and all(name in QUERY_NAMES and len(value) <= QUERY_VALUE_MAX for name, value in request.GET.items())
    )


def page_key(request) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pages:" + hashlib.sha256(url.encode()).hexdigest()


def is_storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "")
    return (
        match is not None
        and match.view_name in PAGE_VIEWS
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def entry_of(request, response, version: str) -> Entry:
    return Entry(
        version=version,
        page=counted_page(request, response),
        edition=edition_of(request),
        status=response.status_code,
        headers=tuple(response.headers.items()),
        content=response.content,
    )


def response_of(request, entry: Entry):
    response = HttpResponse(entry.content, status=entry.status, headers=dict(entry.headers))
    # As ConditionalGetMiddleware would: an unchanged page is "304 Not Modified" (no view).
    response = get_conditional_response(request, etag=response.get("ETag"), response=response)
    if entry.page is not None and response.status_code == 200:
        counter.add(entry.page, response, entry.edition)
    return response


def current_version_and_entry(key: str, event) -> tuple[str, Entry | None]:
    """The content version of the page's edition, shared and own (made when the cache has
    none), and the entry kept at `key`, read in one round trip."""
    own = content_version.pages_of(event.pk if event is not None else 0)
    found = cache.get_many([content_version.PAGES, own, key])
    shared = content_version.settled(found.get(content_version.PAGES))
    return f"{shared}:{content_version.settled(found.get(own), own)}", found.get(key)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not seconds() or not may_be_cached(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            version, entry = current_version_and_entry(key, getattr(request, "event", None))
        except Exception as error:  # the cache away (Redis down): the page as without it
            logger.warning("The page cache could not be read: %s", error)
            return self.get_response(request)
        if entry is not None and entry.version == version:
            return response_of(request, entry)
        response = self.get_response(request)
        if is_storable(request, response):
            try:
                cache.set(key, entry_of(request, response, version), seconds())
            except Exception as error:
                logger.warning("The page cache could not be written: %s", error)
        return response
