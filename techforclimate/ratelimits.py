"""Small fixed-window rate limits, counted in the cache (Redis in production, so every
worker shares them)."""

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string


def exceeded(key: str, *, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def count(key: str, *, window: int) -> None:
    cache.add(key, 0, window)
    cache.incr(key)


def too_many_response(window: int, message: str | None = None) -> HttpResponse:
    # A page of its own (the same as allauth's rate limits answer), not bare text.
    response = HttpResponse(render_to_string("429.html", {"message": message}), status=429)
    response["Retry-After"] = str(window)
    return response
