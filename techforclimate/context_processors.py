from django.conf import settings
from django.urls import translate_url


def language_links(request):
    """The current page in each other language, as plain links: no form, no CSRF token, so
    public pages stay identical from one visit to the next (and cacheable by their ETag)."""
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    path = request.get_full_path()
    return {
        "other_languages": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES if code != current
        ]
    }
