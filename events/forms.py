from django import forms
from django.utils.translation import gettext_lazy as _

from core.content_language import is_fallback, language_of
from events.models import Session, Theme


class ThemeSelect(forms.Select):
    """A theme whose name is shown in French on an English page says so (WCAG 3.1.2)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        theme = getattr(value, "instance", None)
        if theme is not None and is_fallback(theme, "name"):
            option["attrs"]["lang"] = language_of(theme, "name")
        return option


class ProgrammeFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        widget=ThemeSelect,
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), (Session.Kind.PLENARY, _("Plenaries")), (Session.Kind.WORKSHOP, _("Workshops"))],
        required=False,
    )
    # A bilingual session is given in both languages, so it matches either.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            ("", _("All languages")),
            (Session.Language.FRENCH, _("In French (bilingual included)")),
            (Session.Language.ENGLISH, _("In English (bilingual included)")),
        ],
        required=False,
    )
