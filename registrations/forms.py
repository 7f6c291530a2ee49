from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration
from registrations.services import AttendeeDetails

DETAIL_FIELDS = [
    "first_name",
    "last_name",
    "organisation",
    "job_title",
    "category",
    "dietary_requirements",
    "accessibility_needs",
    "photo_consent",
    "news_opt_in",
]


class RegistrationDetailsForm(forms.ModelForm):
    """The attendee's details, for a new registration and for later changes."""

    class Meta:
        model = Registration
        fields = DETAIL_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "photo_consent": _("I agree to appear in photos and videos of the day"),
            "news_opt_in": _("I would like to receive news from Constellation about its climate plan"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Registration.Category.choices
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {"first_name": "given-name", "last_name": "family-name"}[
                name
            ]
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def details(self) -> AttendeeDetails:
        return AttendeeDetails(**{field: self.cleaned_data[field] for field in DETAIL_FIELDS})


class RegistrationForm(RegistrationDetailsForm):
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of participation and the processing of my data for the organisation of the day"),
        error_messages={"required": _("You must accept the terms to register.")},
    )


class ColleagueForm(forms.Form):
    first_name = forms.CharField(label=_("Their first name"), max_length=100)
    last_name = forms.CharField(label=_("Their last name"), max_length=100)
    email = forms.EmailField(label=_("Their e-mail address"), help_text=_("They confirm from this address."))
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Registration.Category.choices)


class CheckInForm(forms.Form):
    """What the desk posts: a scanned (or typed) badge code, or a registration picked from
    the search results."""

    token = forms.CharField(required=False, max_length=1000)
    registration = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("token") and not cleaned.get("registration"):
            raise forms.ValidationError(_("Scan a badge or pick a person from the search."), code="empty")
        return cleaned


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)
