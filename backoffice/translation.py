"""Announcements in French and English: both are written before anything is sent."""

from modeltranslation.translator import TranslationOptions, register

from backoffice.models import Announcement


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("fr", "en")
