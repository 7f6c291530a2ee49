from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IdField
from footprint.journeys import MESSAGE_MAX_LENGTH


class JourneyMessageForm(forms.Form):
    """A message to someone coming the same way; plain text, sent by e-mail."""

    recipient = IdField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text. Your e-mail address is not given; they answer through this page."),
    )
