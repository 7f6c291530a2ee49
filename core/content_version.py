"""The version of what the public site shows, kept in the cache: any save or delete of the
content moves it (the receiver is the site's: techforclimate/page_cache.py), so whatever is
kept under a version is dropped, in every process at once, by the next edit."""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:version"


def move() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception as error:  # Redis away: what it kept goes with it, none is left behind
        logger.warning("The content version could not be moved: %s", error)


def content_changed() -> None:
    """Now (for this transaction's own reads) and again once it commits: what is read in
    between from the old rows is kept under a version already gone."""
    move()
    transaction.on_commit(move)


def settled(version: str | None) -> str:
    """`version` as read from the cache, or a new one made when the cache had none."""
    if version is not None:
        return version
    version = uuid.uuid4().hex
    if not cache.add(VERSION_KEY, version, None):
        version = cache.get(VERSION_KEY, version)
    return version


def current() -> str:
    """The content version now; raises when the cache cannot be reached."""
    return settled(cache.get(VERSION_KEY))
