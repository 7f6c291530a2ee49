"""Small fixed-window rate limits, counted in the cache (Redis in production, so every
worker shares them), and the page that says when to try again."""

import math

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

# allauth's own limits (login failures, sign-ups, resets, codes) count over five minutes
# at most; its 429 does not say which one ran out, so the page gives the longest.
ALLAUTH_LONGEST_WINDOW_SECONDS = 5 * 60


def exceeded(key: str, *, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def count(key: str, *, window: int) -> None:
    cache.add(key, 0, window)
    cache.incr(key)


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True when it is over `limit` in the window. A first attempt costs
    one round trip to the cache (the add that opens the window), a later one the increment.
    Refused attempts count too, which changes nothing: the window still ends when it began
    plus `window` seconds."""
    if cache.add(key, 1, window):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window ended between the add and the increment: a new one
        cache.add(key, 1, window)
        return False


def too_many_response(window: int, message: str | None = None) -> HttpResponse:
    """A page of the site, in the visitor's language, saying when to try again."""
    context = {"message": message, "retry_minutes": max(1, math.ceil(window / 60))}
    response = HttpResponse(render_to_string("429.html", context), status=429)
    response["Retry-After"] = str(window)
    return response


def allauth_too_many(request) -> HttpResponse:
    """allauth's rate limits answer through this (`handler429` of the root URLconf)."""
    return too_many_response(ALLAUTH_LONGEST_WINDOW_SECONDS)
