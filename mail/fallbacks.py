"""French passages in an e-mail written in another language.

A translated field (django-modeltranslation) shows the French reference text when its
English is missing. The HTML part of an English e-mail must then say which passages are
French (WCAG 2.1, 3.1.2 Language of Parts); its text part cannot, and need not.

E-mails are written once, as text templates that read objects as pages do
(`{{ session.title }}`). `render_text` hands them the objects through `Marking`, which
brackets each French fallback between two private-use characters; `plain` removes them
for the text part and `as_html` turns them into `<span lang="fr">` for the HTML part.
Any kind of e-mail rendered with `render_text` gets this without a word in its template.
"""

import functools
import re

from django.db import models
from django.template.loader import render_to_string
from django.utils.html import format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from modeltranslation.fields import TranslationFieldDescriptor

from core.content_language import REFERENCE_LANGUAGE, is_fallback

# Unicode private-use characters: they mean nothing to anyone, and never leave the server
# (a stray one typed by someone would at worst mark a passage as French; it is escaped).
START, END = "\ue000", "\ue001"
MARKERS = re.compile(f"([{START}{END}])")


def is_translated(model: type[models.Model], name: str) -> bool:
    return isinstance(getattr(model, name, None), TranslationFieldDescriptor)


class Marking:
    """A model instance as an e-mail template reads it: a translated field that shows its
    French fallback comes bracketed, and related objects are read the same way. (Objects
    reached through a manager or a method are read as they are.)"""

    __slots__ = ("_instance",)

    def __init__(self, instance: models.Model):
        object.__setattr__(self, "_instance", instance)

    def __getattr__(self, name):
        instance = self._instance
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            return Marking(value)
        if value and is_translated(type(instance), name) and is_fallback(instance, name):
            return f"{START}{value}{END}"
        return value

    def __str__(self):
        return str(self._instance)


def marking(value):
    """A context value for an e-mail template: model instances (alone or in a list) marked."""
    if isinstance(value, models.Model):
        return Marking(value)
    if isinstance(value, list | tuple):
        return [marking(item) for item in value]
    return value


def render_text(template_name: str, context: dict) -> str:
    """A text template rendered in the active language, its French fallbacks bracketed."""
    return render_to_string(template_name, {name: marking(value) for name, value in context.items()})


def plain(text: str) -> str:
    return MARKERS.sub("", text)


# The same lines come back in e-mail after e-mail (all but a greeting or a link): urlize,
# slow for what it does, runs once for each.
@functools.lru_cache(maxsize=4096)
def linked(piece: str) -> SafeString:
    return mark_safe(urlize(piece, nofollow=True, autoescape=True))  # escaped by urlize


def as_html(text: str) -> SafeString:
    """The text as HTML paragraphs, links made clickable, each French passage in a
    `<span lang="fr">` (closed and reopened at line ends, so that it nests in the
    paragraphs); the same markup as Django's `urlize|linebreaks` otherwise."""
    french = False
    paragraphs = []
    for paragraph in re.split("\n{2,}", normalize_newlines(text)):
        lines = []
        for line in paragraph.split("\n"):
            pieces = []
            for piece in MARKERS.split(line):
                if piece in (START, END):
                    french = piece == START
                elif piece:
                    # Each passage on its own: a marker must not become part of a link.
                    html = linked(piece)
                    pieces.append(
                        format_html('<span lang="{}">{}</span>', REFERENCE_LANGUAGE, html) if french else html
                    )
            lines.append("".join(pieces))
        paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return mark_safe("\n\n".join(paragraphs))  # made of escaped pieces
