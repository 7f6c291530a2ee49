from django import forms
from django.utils.translation import gettext_lazy as _

from footprint.models import MAX_CAR_OCCUPANTS, MAX_DISTANCE_KM, MIN_CAR_OCCUPANTS, TravelDeclaration
from footprint.towns import find_town

Mode = TravelDeclaration.Mode
TRAIN_MODES = {Mode.TGV, Mode.INTERCITES, Mode.TER, Mode.RER}


class TravelForm(forms.Form):
    town = forms.CharField(
        label=_("Town you travel from"),
        required=False,
        max_length=120,
        help_text=_("For example Lyon, or Porto, Portugal. Or give the distance below."),
    )
    distance_km = forms.FloatField(
        label=_("Or the distance, in km one way"), required=False, min_value=0, max_value=MAX_DISTANCE_KM
    )
    mode = forms.ChoiceField(label=_("Main mode of transport"), choices=TravelDeclaration.Mode.choices)
    train_line = forms.ChoiceField(
        label=_("Train line"),
        choices=[("", "—"), *TravelDeclaration.TrainLine.choices],
        required=False,
        help_text=_("By train: the Paris station you arrive at, or your RER or Transilien line."),
    )
    car_occupants = forms.IntegerField(
        label=_("People in the car, you included"),
        min_value=MIN_CAR_OCCUPANTS,
        max_value=MAX_CAR_OCCUPANTS,
        initial=1,
        required=False,
    )
    return_trip = forms.BooleanField(label=_("I also travel back the same way"), required=False, initial=True)
    meal = forms.ChoiceField(
        label=_("Lunch"),
        choices=TravelDeclaration.Meal.choices,
        initial=TravelDeclaration.Meal.VEGETARIAN,
        help_text=_("The caterer counts on it."),
    )
    named_in_organisation_statement = forms.BooleanField(
        label=_("My organisation may see my own trip and lunch in its footprint statement"),
        required=False,
        help_text=_("Otherwise you are only counted with the others of your organisation, without your name."),
    )
    shares_journey = forms.BooleanField(
        label=_("Share my journey"),
        required=False,
        help_text=_(
            "People coming by car from within 30 km of you, or on your train line, see your first name, "
            "organisation and town, and can write to you through the site. Your address is never shown."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        town_name, distance = cleaned_data.get("town", "").strip(), cleaned_data.get("distance_km")
        cleaned_data["resolved_town"] = None
        if town_name:
            town = find_town(town_name)
            if town is None:
                self.add_error(
                    "town",
                    _(
                        "We do not know this town. Check its spelling, add its country (“Porto, Portugal”), "
                        "or give the distance instead."
                    ),
                )
            cleaned_data["resolved_town"] = town
        elif distance is None:
            self.add_error("town", _("Give the town you travel from, or the distance."))
        cleaned_data["car_occupants"] = cleaned_data.get("car_occupants") or 1
        # A train line means nothing for another mode (the person may have changed mode).
        if cleaned_data.get("mode") not in TRAIN_MODES:
            cleaned_data["train_line"] = ""
        return cleaned_data

    @classmethod
    def for_declaration(cls, travel):
        """The form filled in with the declared trip, if any (the town as typed, without the
        region or country the list added)."""
        if travel is None:
            return cls()
        initial = {name: getattr(travel, name) for name in cls.base_fields if name != "town"}
        return cls(initial=initial | {"town": travel.town.split(" (")[0] if travel.town else ""})

    def declaration_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "town": data["resolved_town"],
            "distance_km": data.get("distance_km"),
            "mode": data["mode"],
            "car_occupants": data["car_occupants"],
            "return_trip": data["return_trip"],
            "meal": data["meal"],
            "named_in_organisation_statement": data["named_in_organisation_statement"],
            "train_line": data.get("train_line", ""),
            "shares_journey": data["shares_journey"],
        }


class OwnTripForm(TravelForm):
    """The same form for a speaker's or an organiser's own trip: they belong to no
    attendee's organisation statement and do not share their journey with attendees."""

    ATTENDEES_ONLY = ("named_in_organisation_statement", "shares_journey")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ATTENDEES_ONLY:
            del self.fields[name]

    def clean(self):
        cleaned_data = super().clean()
        for name in self.ATTENDEES_ONLY:
            cleaned_data[name] = False
        return cleaned_data


class ShiftScenarioForm(forms.Form):
    """The dashboard's "what if": a share of plane and car trips moved to the train, every
    badge shown on a phone, e-mails without attachments."""

    DEFAULT_PERCENT = 50

    shift = forms.IntegerField(required=False, min_value=0, max_value=100)
    phones = forms.BooleanField(label=_("If every badge were shown on a phone"), required=False)
    no_attachments = forms.BooleanField(label=_("If e-mails carried no attachment"), required=False)

    def percent(self) -> int:
        if self.is_valid() and self.cleaned_data["shift"] is not None:
            return self.cleaned_data["shift"]
        return self.DEFAULT_PERCENT

    def chosen(self, name: str) -> bool:
        self.is_valid()  # the fields that are valid are in cleaned_data even if `shift` is not
        return bool(self.cleaned_data.get(name))
