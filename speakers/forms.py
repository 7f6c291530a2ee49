from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from speakers.models import BIO_MAX_LENGTH, Speaker, SpeakerLink

# The job title and bio in French, the reference, and in English, optional: the English
# pages show the French text when there is none. The language columns are named: the plain
# field would write the page's language only.
PROFILE_FIELDS = [
    "name",
    "pronouns",
    "job_title_fr",
    "job_title_en",
    "organisation",
    "bio_fr",
    "bio_en",
    "website",
]


def bio_input(language: str) -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": 10, "maxlength": BIO_MAX_LENGTH, "data-counter": f"bio_{language}-counter", "lang": language}
    )


class URLInput(forms.URLInput):
    """A web address. What was typed that is not one comes back, next to its error, in a
    text input with the same keyboard: HTML allows only an absolute URL in a url input."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = context["widget"]["value"]
        try:
            if typed:
                URLValidator()(typed)
        except ValidationError:
            context["widget"]["type"] = "text"
            context["widget"]["attrs"] |= {"inputmode": "url", "autocapitalize": "off"}
        return context


class SpeakerProfileForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = PROFILE_FIELDS
        labels = {
            "job_title_fr": _("Job title in French"),
            "job_title_en": _("Job title in English"),
            "bio_fr": _("Bio in French"),
            "bio_en": _("Bio in English"),
        }
        widgets = {
            "job_title_fr": forms.TextInput(attrs={"lang": "fr"}),
            "job_title_en": forms.TextInput(attrs={"lang": "en"}),
            "bio_fr": bio_input("fr"),
            "bio_en": bio_input("en"),
            "website": URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of the request (a lazy text formatted with % would not be).
        rules = gettext(
            "Plain text, %(max)d characters at most. Leave an empty line between paragraphs; "
            "web addresses become links."
        ) % {"max": BIO_MAX_LENGTH}
        english = gettext("Optional: without it, the English pages show the French text.")
        self.fields["job_title_en"].help_text = english
        self.fields["bio_fr"].help_text = rules
        self.fields["bio_en"].help_text = f"{english} {rules}"

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}


class SpeakerLinkForm(forms.ModelForm):
    """A link row: both its fields, or neither (an empty row is simply ignored)."""

    class Meta:
        model = SpeakerLink
        fields = ["label", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned_data = super().clean()
        label, url = cleaned_data.get("label"), cleaned_data.get("url")
        if url and not label:
            self.add_error("label", _("Give this link a name, for example LinkedIn."))
        if label and not url and "url" not in self.errors:
            self.add_error("url", _("Give the address of this link."))
        if self.instance.pk and not label and not url and not cleaned_data.get("DELETE"):
            self.add_error("url", _("To remove this link, tick “Delete”."))
        return cleaned_data


SpeakerLinkFormSet = inlineformset_factory(
    Speaker,
    SpeakerLink,
    form=SpeakerLinkForm,
    fields=["label", "url"],
    extra=2,
    max_num=6,
    can_delete=True,
    widgets={"url": URLInput(attrs={"placeholder": "https://"})},
)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("New photo"),
        help_text=_("JPEG, PNG or WebP, 5 MB at most. It is cropped square and its metadata (such as GPS) removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
