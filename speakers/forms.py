from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from speakers.models import BIO_MAX_LENGTH, Speaker, SpeakerLink

PROFILE_FIELDS = ["name", "pronouns", "job_title", "organisation", "bio", "website"]


class SpeakerProfileForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = PROFILE_FIELDS
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 10, "maxlength": BIO_MAX_LENGTH, "data-counter": "bio-counter"}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "bio": _(
                "Plain text, %(max)d characters at most. Leave an empty line between paragraphs; "
                "web addresses become links."
            )
            % {"max": BIO_MAX_LENGTH},
        }

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}


SpeakerLinkFormSet = inlineformset_factory(
    Speaker,
    SpeakerLink,
    fields=["label", "url"],
    extra=2,
    max_num=6,
    can_delete=True,
    widgets={"url": forms.URLInput(attrs={"placeholder": "https://"})},
)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("New photo"),
        help_text=_("JPEG, PNG or WebP, 5 MB at most. It is cropped square and its metadata (such as GPS) removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
