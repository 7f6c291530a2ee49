"""Versions of what the site shows, kept in the cache: whatever is kept under a version is
dropped, in every process at once, when the version moves.

- PAGES: moved by any save or delete of the content that editions share (the receiver is
  the site's: techforclimate/page_cache.py), for the public pages kept whole; and
  `pages_of(event_id)`, moved by a row of one edition, for that edition's pages;
- EVENTS: moved by any change of an event row, its programme's version included (events/
  signals.py), for the current event each process remembers (events/selectors.py). A
  registration moves the first and not the second, so a rush of them leaves it alone."""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

PAGES = "pages:version"


def pages_of(event_id: int) -> str:
    """The version of one edition's pages."""
    return f"{PAGES}:{event_id}"


EVENTS = "events:version"


def move(key: str = PAGES) -> None:
    try:
        cache.set(key, uuid.uuid4().hex, None)
    except Exception as error:  # Redis away: what it kept goes with it, none is left behind
        logger.warning("The content version %s could not be moved: %s", key, error)


def content_changed(key: str = PAGES) -> None:
    """Now (for this transaction's own reads) and again once it commits: what is read in
    between from the old rows is kept under a version already gone."""
    move(key)
    transaction.on_commit(lambda: move(key))


def settled(version: str | None, key: str = PAGES) -> str:
    """`version` as read from the cache, or a new one made when the cache had none."""
    if version is not None:
        return version
    version = uuid.uuid4().hex
    if not cache.add(key, version, None):
        version = cache.get(key, version)
    return version


def current(key: str = PAGES) -> str:
    """The version now; raises when the cache cannot be reached."""
    return settled(cache.get(key), key)
