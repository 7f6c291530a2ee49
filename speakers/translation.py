"""Speakers' job titles and bios in French and English; an English bio is optional."""

from modeltranslation.translator import TranslationOptions, register

from speakers.models import Speaker


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("job_title", "bio")
