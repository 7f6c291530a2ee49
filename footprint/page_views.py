"""How many times each public and attendee page is served a day, counted by the site itself.

Nothing about the visitor is kept or set: no cookie, no address, no agent — only the page's
URL name and the day. Counting must cost nothing a visitor could notice, so the views are
added up in the process's memory and written to `PageViewDay` at most every
PAGE_VIEWS_FLUSH_SECONDS (one statement for all the pages counted since), and once more when
the process exits normally. A process that crashes loses at most that interval's views: an
acceptable gap in a footprint, never a wrong count of anything else.

Once a day per page (and per process), one response is weighed for its EcoIndex: its DOM
elements, its requests (the page and the static files it references) and its kilobytes."""

import atexit
import logging
import os
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.utils import timezone

from core.ecoindex import EcoIndex
from footprint.counts import add_to_counts
from footprint.models import PageViewDay

logger = logging.getLogger(__name__)

# Not the public side of the event: the organisers' back office and the check-in desk (staff
# tools, counted in the hosting rather than as audience views). Only HTML pages are counted:
# the calendar, JSON and PDF downloads are files, not pages (PDFs have their own count).
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_VIEWS = {
    "day:check_in",
    "day:check_in_count",
    "day:desk_list",
    "day:desk_sync",
    "day:desk_service_worker",
    "day:desk_print",
    "day:walk_in",
}


def counted_page(request, response) -> str | None:
    """The URL name under which this response counts as a view, or None."""
    match = getattr(request, "resolver_match", None)
    if (
        request.method != "GET"
        or response.status_code != 200
        or match is None
        or not match.view_name
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return None
    if EXCLUDED_NAMESPACES.intersection(match.namespaces) or match.view_name in EXCLUDED_VIEWS:
        return None
    return match.view_name[: PageViewDay._meta.get_field("page").max_length]


def edition_of(request) -> str:
    """The edition a page is about (request.event, techforclimate.middleware.EditionMiddleware)."""
    event = getattr(request, "event", None)
    return event.edition if event is not None else ""


class _PageWeight(HTMLParser):
    """Start tags, and the static files the page makes the browser fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = 0
        self.files: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.files.add(attributes.get("href") or "")
        elif tag in {"script", "img"} and attributes.get("src"):
            self.files.add(attributes["src"])
        self.files.discard("")


def _file_size(url: str) -> int:
    """The size of a static or uploaded file the page references, 0 when it cannot be found
    (a data: URI, or a file missing from storage: the page still counts one request)."""
    path = urlparse(url).path.lstrip("/")
    for prefix, storage in ((settings.STATIC_URL, staticfiles_storage), (settings.MEDIA_URL, default_storage)):
        prefix = prefix.lstrip("/")
        if not path.startswith(prefix):
            continue
        name = path[len(prefix) :]
        try:
            return storage.size(name)
        except (OSError, ValueError, NotImplementedError):
            found = finders.find(name) if storage is staticfiles_storage else None
            if found:
                return os.path.getsize(found)
    return 0


def measure(content: bytes) -> EcoIndex:
    """The EcoIndex measures of one response: DOM elements (its start tags), requests (1 and
    each stylesheet, script and image it references) and kilobytes (its own bytes, as sent
    before any compression, and those files')."""
    parser = _PageWeight()
    parser.feed(content.decode("utf-8", errors="replace"))
    parser.close()
    files = [url for url in parser.files if not url.startswith("data:")]
    size = len(content) + sum(_file_size(url) for url in files)
    return EcoIndex(dom=parser.elements, requests=1 + len(files), size_kb=size / 1024)


class PageViewCounter:
    def __init__(self):
        self._lock = threading.Lock()
        self._views: Counter = Counter()  # (date, edition, page) → views since the last flush
        self._weights: dict = {}  # (date, edition, page) → EcoIndex, measured and not written yet
        self._weighed: set = set()  # (date, edition, page) weighed by this process
        self._flushed_at = time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._views.clear()
            self._weights.clear()
            self._weighed.clear()
            self._flushed_at = time.monotonic()

    def add(self, page: str, response, edition: str = "") -> None:
        key = (timezone.localdate(), edition, page)
        weigh = False
        with self._lock:
            self._views[key] += 1
            if key not in self._weighed:
                self._weighed.add(key)
                weigh = True
        if weigh:
            # Outside the lock: parsing a page takes a few milliseconds, once a day.
            weight = measure(response.content)
            with self._lock:
                self._weights[key] = weight
        every = getattr(settings, "PAGE_VIEWS_FLUSH_SECONDS", 60)
        if every is not None and time.monotonic() - self._flushed_at >= every:
            self.flush()

    def flush(self) -> None:
        """Write the views counted since the last flush, in one statement. On failure (the
        database away for a moment) they are kept for the next flush."""
        with self._lock:
            views, weights = self._views, self._weights
            self._views, self._weights = Counter(), {}
            self._flushed_at = time.monotonic()
            today = timezone.localdate()
            self._weighed = {key for key in self._weighed if key[0] >= today}  # yesterday's are done
        if not views:
            return
        rows = [
            {
                "date": key[0],
                "edition": key[1],
                "page": key[2],
                "views": count,
                "dom_elements": weights[key].dom if key in weights else None,
                "requests": weights[key].requests if key in weights else None,
                "kilobytes": round(weights[key].size_kb, 1) if key in weights else None,
            }
            for key, count in views.items()
        ]
        try:
            add_to_counts(PageViewDay, rows, keys=("date", "edition", "page"), added=("views",))
        except Exception as error:  # a count must never cost a visitor their page
            logger.warning("Page views could not be written, kept for the next time: %s", error)
            with self._lock:
                self._views.update(views)
                self._weights = {**weights, **self._weights}


counter = PageViewCounter()
# A worker that stops normally (gunicorn's graceful restart, the end of runserver) writes
# what it counted; flush() logs and swallows any failure.
atexit.register(counter.flush)


class PageViewMiddleware:
    """Counts the public and attendee pages served (see `counted_page`); sets nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = counted_page(request, response)
        if page is not None:
            counter.add(page, response, edition_of(request))
        return response
