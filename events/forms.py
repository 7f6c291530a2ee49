from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Session, Theme


class ProgrammeFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), (Session.Kind.PLENARY, _("Plenaries")), (Session.Kind.WORKSHOP, _("Workshops"))],
        required=False,
    )
