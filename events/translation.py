"""The event's content in French and English (django-modeltranslation: `title_fr`, `title_en`…).

French is the reference: reading `session.title` gives the active language's text, or the
French one when the English is missing (see `core.templatetags.content_language`)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Room, Session, Theme


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("tagline", "description", "practical_information", "footprint_actions")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fr": ("name",)}


@register(Room)
class RoomTranslation(TranslationOptions):
    # Most rooms keep their proper name; the English column is for those that differ.
    fields = ("name",)
    required_languages = {"fr": ("name",)}
    # A missing English name is NULL, not "": names are unique per event in each language.
    empty_values = {"name": None}


@register(Session)
class SessionTranslation(TranslationOptions):
    # The slot names (coffee, lunch) are sessions' titles too.
    fields = ("title", "abstract")
    required_languages = {"fr": ("title",)}
