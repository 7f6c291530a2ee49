from django.db import models
from django.utils.translation import gettext_lazy as _

from footprint.calculator import great_circle_km
from footprint.factors import load


class TravelDeclaration(models.Model):
    """How an attendee comes to the venue and what they eat at lunch: optional, changeable
    until the event, the basis of their own estimate and of the event's."""

    class Mode(models.TextChoices):
        TGV = "tgv", _("High-speed train (TGV)")
        INTERCITES = "intercites", _("Intercity train")
        TER = "ter", _("Regional train (TER)")
        RER = "rer", _("RER or Transilien")
        METRO = "metro", _("Metro or tram")
        BUS = "bus", _("Bus")
        COACH = "coach", _("Coach")
        CAR_THERMAL = "car_thermal", _("Car (petrol, diesel or hybrid)")
        CAR_ELECTRIC = "car_electric", _("Car (electric)")
        MOTORBIKE = "motorbike", _("Motorbike")
        EBIKE = "ebike", _("E-bike or e-scooter")
        BIKE_WALK = "bike_walk", _("Bike or walking")
        PLANE = "plane", _("Plane")

    class Meal(models.TextChoices):
        VEGETARIAN = "vegetarian", _("Vegetarian")
        VEGAN = "vegan", _("Vegan")
        FISH = "fish", _("With fish")
        MEAT = "meat", _("With meat")

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="travel", verbose_name=_("registration")
    )
    town = models.CharField(_("travelling from"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    distance_km = models.FloatField(_("distance (km, one way)"), null=True, blank=True)
    mode = models.CharField(_("main mode of transport"), max_length=20, choices=Mode.choices)
    car_occupants = models.PositiveSmallIntegerField(_("people in the car"), default=1)
    return_trip = models.BooleanField(_("return trip"), default=True)
    meal = models.CharField(_("lunch"), max_length=20, choices=Meal.choices, default=Meal.VEGETARIAN)
    # Whether the person's own line may appear in their organisation's statement; without it
    # they are only counted in its aggregated line.
    named_in_organisation_statement = models.BooleanField(_("named in my organisation's statement"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("travel declaration")
        verbose_name_plural = _("travel declarations")

    def __str__(self):
        return f"{self.registration} — {self.get_mode_display()}"

    @property
    def straight_km(self) -> float:
        """Great-circle distance from the town to the venue, or the distance given."""
        if self.latitude is not None and self.longitude is not None:
            assumptions = load().assumptions
            return great_circle_km(
                self.latitude, self.longitude, assumptions["venue_latitude"], assumptions["venue_longitude"]
            )
        return self.distance_km or 0.0
