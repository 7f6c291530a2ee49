"""Small fixed-window rate limits, counted in the cache (Redis in production, so every
worker shares them)."""

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _


def exceeded(key: str, *, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def count(key: str, *, window: int) -> None:
    cache.add(key, 0, window)
    cache.incr(key)


def too_many_response(window: int, message: str | None = None) -> HttpResponse:
    response = HttpResponse(message or _("Too many attempts. Please try again later."), status=429)
    response["Retry-After"] = str(window)
    return response
