"""Editions side by side: which edition a request is about, the addresses that name it, and
the guard that catches a page of one edition reading another's rows.

An edition's pages live under its key (`/2027/programme/`, `/en/2027/programme/`); the
addresses without one (`/programme/`, the links already printed and sent) are the current
edition's. `techforclimate.middleware.EditionMiddleware` sets `request.event` and, for an
address that names its edition, the URLconf whose `reverse()` keeps naming it, so that every
link of a 2026 page stays in 2026. The URLconf is the site's (it gathers every app's pages),
so the site package gives it here at start-up (`serve_editions_with`), as the sections do.

Outside a request (an e-mail, a task), `addresses_of(event)` makes `reverse()` name the
edition a message is about."""

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from types import ModuleType

from django.db.models.signals import post_init
from django.http import Http404, HttpResponseRedirect
from django.urls import get_urlconf, reverse, set_urlconf

from events.models import Event

_urlconf_of_edition: Callable[[str], ModuleType] | None = None


def serve_editions_with(urlconf_of_edition: Callable[[str], ModuleType]) -> None:
    global _urlconf_of_edition
    _urlconf_of_edition = urlconf_of_edition


def urlconf_of(event: Event) -> ModuleType:
    assert _urlconf_of_edition is not None, "the site gives its URLconf at start-up"
    return _urlconf_of_edition(event.edition)


@contextlib.contextmanager
def addresses_of(event: Event) -> Iterator[None]:
    """`reverse()` inside names `event`'s edition (/2027/…), whatever the request is about."""
    before = get_urlconf()
    set_urlconf(urlconf_of(event))
    try:
        yield
    finally:
        set_urlconf(before)


def is_visible_to(event: Event, user) -> bool:
    """A draft edition (not published yet) is the organisers' alone."""
    return event.is_published or bool(getattr(user, "is_staff", False))


def event_or_404(request) -> Event:
    """The edition a public page is about: the one its address names, or the current one."""
    event = getattr(request, "event", None)
    if event is None or not is_visible_to(event, request.user):
        raise Http404("No such edition.")
    return event


def programme_or_404(request) -> Event:
    """The edition, when its programme may be shown: a programme in draft is the organisers'."""
    event = event_or_404(request)
    if not event.shows_programme_to(request.user):
        raise Http404("The programme is not published yet.")
    return event


# --- The guard: a page of one edition that reads a row of another fails (in tests). ---

_edition_in_scope: contextvars.ContextVar[Event | None] = contextvars.ContextVar("edition_in_scope", default=None)


class RowOfAnotherEdition(AssertionError):
    pass


@contextlib.contextmanager
def scoped_to(event: Event | None) -> Iterator[None]:
    """Rows read inside belong to `event` (None: any edition)."""
    token = _edition_in_scope.set(event)
    try:
        yield
    finally:
        _edition_in_scope.reset(token)


def every_edition():
    """For the reads that span editions on purpose: "My registrations", the personal-data
    export, a short link looked up before it is sent to its own edition."""
    return scoped_to(None)


def _refuse_rows_of_another_edition(sender, instance, **kwargs):
    event_id = instance.__dict__.get("event_id")  # a deferred or absent column says nothing
    if event_id is None or not _belongs_to_an_edition(sender):
        return
    scope = _edition_in_scope.get()
    if scope and event_id != scope.pk:
        raise RowOfAnotherEdition(
            f"A {sender._meta.label} of edition #{event_id} was read by a page of edition #{scope.pk}: "
            "filter the query by the request's event (or read it inside editions.every_edition())."
        )


@functools.cache  # a model's fields do not change: asked for every row read
def _belongs_to_an_edition(model) -> bool:
    field = next((f for f in model._meta.concrete_fields if f.name == "event"), None)
    return field is not None and field.is_relation and field.related_model is Event


def guard_the_editions() -> None:
    """The test suite's: every model's rows are checked as they are read (a cost production
    does not pay)."""
    post_init.connect(_refuse_rows_of_another_edition, dispatch_uid="editions-guard")


def elsewhere(request, event: Event) -> HttpResponseRedirect | None:
    """A personal link (an invitation, an offer, a feedback form) of `event` followed at an
    address of another edition, as the short links printed and sent are once a newer edition
    is the current one: the same page at its own edition's address. None where it is."""
    here = getattr(request, "event", None)
    if here is not None and here.pk == event.pk:
        return None
    match = request.resolver_match
    with addresses_of(event):
        url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)
