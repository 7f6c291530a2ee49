from functools import lru_cache

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from techforclimate.personal_links import personal_links_of


@lru_cache(maxsize=1024)
def _translated_once(path: str, current: str, code: str) -> str:
    return translate_url(path, code)


def _translated(path: str, current: str, code: str) -> str:
    """The same path in another language: the URLs are fixed, so each is worked out once
    (not a long made-up one, which would only fill the memory)."""
    return _translated_once(path, current, code) if len(path) <= 200 else translate_url(path, code)


def language_links(request):
    """The current page in each other language, as plain links: no form, no CSRF token, so
    public pages stay identical from one visit to the next (and cacheable by their ETag)."""
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    path = request.get_full_path()
    return {
        "other_languages": [
            (code, name, _translated(path, current, code)) for code, name in settings.LANGUAGES if code != current
        ]
    }


def personal_links(request):
    """The header's links for who is logged in (techforclimate/personal_links.py)."""
    return {"personal_links": SimpleLazyObject(lambda: personal_links_of(request.user))}


def edition(request):
    """Every page of an edition whose day has passed says so, with the way to the current one."""
    event = getattr(request, "event", None)
    if event is None or event.date >= timezone.localdate():
        return {}
    return {"past_edition": event, "current_edition_url": reverse("home", urlconf=settings.ROOT_URLCONF)}
