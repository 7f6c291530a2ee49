from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMAIL_MAX_LENGTH
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
    "wants_printed_badge",
    "photo_consent",
    "news_opt_in",
]


# Paperless by default: the box is unticked, and says why.
PRINTED_BADGE_LABEL = _("I would like a printed badge")
PRINTED_BADGE_HELP = _(
    "No need: the code on your phone is your badge, and it saves paper. Tick this if you would rather have it "
    "in hand; the desk can also print it on the day."
)


# What an attendee may change after registering: not the category, which decides the seats
# they may take (an organiser changes it, through `approvals.set_category`).
EDITABLE_FIELDS = [field for field in DETAIL_FIELDS if field != "category"]


class RegistrationDetailsForm(forms.ModelForm):
    """The attendee's details, as they change them later ("Change my details")."""

    class Meta:
        model = Registration
        fields = EDITABLE_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "photo_consent": _("I agree to appear in photos and videos of the day"),
            "news_opt_in": _("I would like to receive news from Constellation about its climate plan"),
            "wants_printed_badge": PRINTED_BADGE_LABEL,
        }
        help_texts = {"wants_printed_badge": PRINTED_BADGE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {"first_name": "given-name", "last_name": "family-name"}[
                name
            ]
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"

    def details(self) -> AttendeeDetails:
        values = {field: self.cleaned_data[field] for field in self._meta.fields}
        values.setdefault("category", self.instance.category)
        return AttendeeDetails(**values)


CATEGORY_GIVEN_BY = {
    "invitation": _("Your invitation gives your category."),
    "hold": _("The seat held for you gives your category."),
}


class RegistrationForm(RegistrationDetailsForm):
    """A new registration. `category_given_by` ("invitation" or "hold"): the category comes
    from there, shown but not for the person to change (a posted value is ignored)."""

    accept_terms = forms.BooleanField(
        label=_("I accept the terms of participation and the processing of my data for the organisation of the day"),
        error_messages={"required": _("You must accept the terms to register.")},
    )

    class Meta(RegistrationDetailsForm.Meta):
        fields = DETAIL_FIELDS

    def __init__(self, *args, category_given_by: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        category.choices = Registration.Category.choices
        if category_given_by:
            category.disabled = True
            category.help_text = CATEGORY_GIVEN_BY[category_given_by]
        else:
            category.help_text = _(
                "Seats reserved for a category are given once the organisers have confirmed yours; until then you "
                "take a seat of the general pool."
            )


class ColleagueForm(forms.Form):
    first_name = forms.CharField(label=_("Their first name"), max_length=100)
    last_name = forms.CharField(label=_("Their last name"), max_length=100)
    email = forms.EmailField(
        label=_("Their e-mail address"), max_length=EMAIL_MAX_LENGTH, help_text=_("They confirm from this address.")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Registration.Category.choices)


class PassOnForm(forms.Form):
    """An invitation passed on to a colleague: whom to invite instead."""

    first_name = forms.CharField(label=_("Their first name"), max_length=100)
    last_name = forms.CharField(label=_("Their last name"), max_length=100)
    email = forms.EmailField(
        label=_("Their e-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("An address of the same organisation as the invitation's."),
    )
