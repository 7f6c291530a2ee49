"""Which language a piece of translated content is in, for `lang` attributes and exports.

Content is translated with django-modeltranslation (`title_fr`, `title_en`); reading
`session.title` gives the active language's text, or the French reference when the English
is missing. WCAG 2.1 (3.1.2, Language of Parts) asks that such a French passage on an
English page says so: `<h3{{ session|lang:"title" }}>` writes ` lang="fr"` exactly then.
"""

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import resolution_order

REFERENCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

register = template.Library()


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def language_of(instance, field: str) -> str:
    """The language of the text `instance.<field>` shows in the active language."""
    language = active_language()
    for candidate in resolution_order(language):
        if getattr(instance, f"{field}_{candidate}", None):
            return candidate
    return language


def in_active_language(instance, field: str) -> str:
    """`instance.<field>_<language>` in the active language, or the French: what
    modeltranslation's descriptors give, for objects that are not models (data files)."""
    return getattr(instance, f"{field}_{language_of(instance, field)}", None) or ""


def is_fallback(instance, field: str) -> bool:
    return language_of(instance, field) != active_language()


@register.filter(name="lang")
def lang_attribute(instance, field: str) -> str:
    """` lang="fr"` when `instance.<field>` is shown in another language than the page's."""
    if instance is None or instance == "":
        return ""
    language = language_of(instance, field)
    return format_html(' lang="{}"', language) if language != active_language() else ""


@register.filter(name="lang_span")
def lang_span(instance, field: str) -> str:
    """`instance.<field>` for text that shares its element with other words: wrapped in a
    `<span lang="fr">` only when it is a fallback, so that a page gains no element otherwise."""
    if instance is None or instance == "":
        return ""
    text = conditional_escape(getattr(instance, field) or "")
    attribute = lang_attribute(instance, field)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else text


def translations(instance, field: str) -> dict[str, str]:
    """Every language's text of a field, the missing ones as empty strings (for exports)."""
    return {language: getattr(instance, f"{field}_{language}", None) or "" for language in AVAILABLE_LANGUAGES}


def missing_translation(fields, language: str = "en") -> Q:
    """Rows whose French text exists in one of `fields` but whose `language` text does not."""
    missing = Q()
    for field in fields:
        has_reference = ~Q(**{f"{field}_{REFERENCE_LANGUAGE}": ""}) & Q(
            **{f"{field}_{REFERENCE_LANGUAGE}__isnull": False}
        )
        lacks_translation = Q(**{f"{field}_{language}": ""}) | Q(**{f"{field}_{language}__isnull": True})
        missing |= has_reference & lacks_translation
    return missing
