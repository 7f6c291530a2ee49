"""The back office of content in French and English (django-modeltranslation).

Each translated field shows as its two columns side by side: declare `("title_fr",
"title_en")` on one line of `fields` or `fieldsets`. Their labels say the language
("Title [fr]"); the original field, which reads and writes the active language, is never a
field of its own. Lists, searches and orderings name the columns too: a plain `title` there
would mean the active language's column, without the French fallback.

Only modeltranslation's plain admin classes are used: its tabbed ones load jQuery UI from a
CDN."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator

from core.content_language import missing_translation

ENGLISH_MISSING_PARAMETER = "english_missing"


class LanguageOfInputs:
    """Each language's input says its language (`lang="en"`): spelling checkers and screen
    readers then treat its text as English on a French page, and the other way round."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)  # set on the `_fr` / `_en` columns only
        if language:
            self._get_widget_from_field(field).attrs["lang"] = language


class BilingualAdmin(LanguageOfInputs, TranslationAdmin):
    pass


class BilingualTabularInline(LanguageOfInputs, TranslationTabularInline):
    pass


def missing_english(model) -> Q:
    """Rows of `model` with French but no English in one of its translated fields. An empty
    French text has nothing to translate: a coffee break without an abstract is not missing."""
    return missing_translation(translator.get_options_for_model(model).all_fields)


class EnglishMissingFilter(admin.SimpleListFilter):
    """The "English missing" filter: yes, the rows `missing_english` finds; no, the others."""

    title = _("English missing")
    parameter_name = ENGLISH_MISSING_PARAMETER

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(missing_english(queryset.model))
        if self.value() == "no":
            return queryset.exclude(missing_english(queryset.model))
        return queryset
