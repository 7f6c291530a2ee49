from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from footprint.calculator import great_circle_km
from footprint.factors import load

# The plausible range of each figure the footprint pages compute with. A figure outside it is
# a slip (a sign too many, Wh typed for kWh): the forms and the admin refuse it, the database
# refuses it too, and the pages count a row that holds one anyway (written before these
# bounds, or by hand) as not entered, and say so.
# No town is farther than 20,000 km in a straight line; a road or rail distance, at most twice that.
MAX_DISTANCE_KM = 40_000
# A car (driving licence B) seats nine at most, the driver included; the driver is one.
MIN_CAR_OCCUPANTS, MAX_CAR_OCCUPANTS = 1, 9
# The site runs on a handful of servers; a thousand is a slip, not a fleet.
MAX_HOSTING_SERVERS = 1_000
# Each server around the clock for two years: registrations open months before the event, the
# statements go out after it.
MAX_HOSTING_HOURS = 2 * 366 * 24
# A day in the largest conference centre draws tens of thousands of kWh: a million is Wh typed for kWh.
MAX_VENUE_KWH = 1_000_000
# A sign-in sheet page lists some twenty names: ten thousand pages would be 200,000 attendees.
MAX_SIGN_IN_SHEET_PAGES = 10_000

NOT_NEGATIVE = _("This figure cannot be negative.")


def plausible(low, high, too_high=None, too_low=None) -> list:
    """The validators of a figure between `low` and `high`, with what to say when it is not
    (Django's own words where nothing is given)."""
    too_low = too_low or (NOT_NEGATIVE if low == 0 else None)
    return [MinValueValidator(low, too_low), MaxValueValidator(high, too_high)]


def plausible_constraints(prefix: str, bounds: dict) -> list[models.CheckConstraint]:
    """The same bounds in the database; an empty figure (NULL) passes a CHECK."""
    return [
        models.CheckConstraint(condition=Q(**{f"{name}__range": (low, high)}), name=f"{prefix}_{name}_plausible")
        for name, (low, high) in bounds.items()
    ]


def out_of_bounds(row, bounds: dict) -> list[str]:
    """The fields of `row` that hold a figure outside their bounds (NaN is outside any)."""
    return [
        name
        for name, (low, high) in bounds.items()
        if (value := getattr(row, name)) is not None and not low <= value <= high
    ]


TRIP_BOUNDS = {
    "latitude": (-90, 90),
    "longitude": (-180, 180),
    "distance_km": (0, MAX_DISTANCE_KM),
    "car_occupants": (MIN_CAR_OCCUPANTS, MAX_CAR_OCCUPANTS),
}
INPUT_BOUNDS = {
    "hosting_servers": (0, MAX_HOSTING_SERVERS),
    "hosting_hours": (0, MAX_HOSTING_HOURS),
    "venue_kwh": (0, MAX_VENUE_KWH),
    "sign_in_sheet_pages": (0, MAX_SIGN_IN_SHEET_PAGES),
}


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

    class TrainLine(models.TextChoices):
        """The line a train traveller arrives by: a Paris terminus for main-line trains, the
        line itself for the RER and Transilien. Two people on the same line can share a trip."""

        GARE_DE_LYON = "gare_de_lyon", _("Gare de Lyon")
        GARE_DU_NORD = "gare_du_nord", _("Gare du Nord")
        GARE_DE_L_EST = "gare_de_l_est", _("Gare de l'Est")
        MONTPARNASSE = "montparnasse", _("Gare Montparnasse")
        SAINT_LAZARE = "saint_lazare", _("Gare Saint-Lazare")
        AUSTERLITZ = "austerlitz", _("Gare d'Austerlitz")
        BERCY = "bercy", _("Gare de Bercy")
        RER_A = "rer_a", _("RER A")
        RER_B = "rer_b", _("RER B")
        RER_C = "rer_c", _("RER C")
        RER_D = "rer_d", _("RER D")
        RER_E = "rer_e", _("RER E")
        TRANSILIEN = "transilien", _("Transilien")

    # Exactly one of the three says who travels: an attendee (through their registration), a
    # speaker, or an organiser; `event` is set for all three.
    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="travel",
        verbose_name=_("registration"),
    )
    speaker = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="travel_declarations",
        verbose_name=_("speaker"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organiser_travel_declarations",
        verbose_name=_("organiser"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="travel_declarations",
        verbose_name=_("event"),
    )
    town = models.CharField(_("travelling from"), max_length=200, blank=True)
    # From the list of towns (footprint/towns.py), never typed.
    latitude = models.FloatField(null=True, blank=True, editable=False, validators=plausible(*TRIP_BOUNDS["latitude"]))
    longitude = models.FloatField(
        null=True, blank=True, editable=False, validators=plausible(*TRIP_BOUNDS["longitude"])
    )
    distance_km = models.FloatField(
        _("distance (km, one way)"),
        null=True,
        blank=True,
        validators=plausible(*TRIP_BOUNDS["distance_km"], _("At most %(limit_value)s km one way.")),
    )
    mode = models.CharField(_("main mode of transport"), max_length=20, choices=Mode.choices)
    car_occupants = models.PositiveSmallIntegerField(
        _("people in the car"),
        default=1,
        validators=plausible(
            *TRIP_BOUNDS["car_occupants"],
            _("At most %(limit_value)s people in a car, the driver included."),
            _("At least one person: the driver."),
        ),
    )
    return_trip = models.BooleanField(_("return trip"), default=True)
    meal = models.CharField(_("lunch"), max_length=20, choices=Meal.choices, default=Meal.VEGETARIAN)
    # Whether the person's own line may appear in their organisation's statement; without it
    # they are only counted in its aggregated line.
    named_in_organisation_statement = models.BooleanField(_("named in my organisation's statement"), default=False)
    train_line = models.CharField(_("train line"), max_length=20, choices=TrainLine.choices, blank=True)
    # "Share my journey": others coming the same way see the first name, organisation and town.
    shares_journey = models.BooleanField(_("share my journey"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("travel declaration")
        verbose_name_plural = _("travel declarations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(registration__isnull=False, speaker__isnull=True, organiser__isnull=True)
                    | Q(registration__isnull=True, speaker__isnull=False, organiser__isnull=True)
                    | Q(registration__isnull=True, speaker__isnull=True, organiser__isnull=False)
                ),
                name="travel_declaration_one_traveller",
            ),
            models.UniqueConstraint(
                fields=["event", "speaker"], condition=Q(speaker__isnull=False), name="one_trip_per_speaker_and_event"
            ),
            models.UniqueConstraint(
                fields=["event", "organiser"],
                condition=Q(organiser__isnull=False),
                name="one_trip_per_organiser_and_event",
            ),
            *plausible_constraints("travel", TRIP_BOUNDS),
        ]

    def __str__(self):
        return f"{self.speaker or self.organiser or self.registration} — {self.get_mode_display()}"

    def save(self, *args, **kwargs):
        if self.event_id is None and self.registration_id is not None:
            self.event_id = self.registration.event_id
        super().save(*args, **kwargs)

    @property
    def straight_km(self) -> float:
        """Great-circle distance from the town to the venue, or the distance given."""
        if self.latitude is not None and self.longitude is not None:
            assumptions = load().assumptions
            return great_circle_km(
                self.latitude, self.longitude, assumptions["venue_latitude"], assumptions["venue_longitude"]
            )
        return self.distance_km or 0.0

    @property
    def has_invalid_entry(self) -> bool:
        """A figure outside its bounds (a row written before them, or by hand): the footprint
        counts the trip as not declared."""
        return bool(out_of_bounds(self, TRIP_BOUNDS))


class JourneyBlock(models.Model):
    """Someone sharing their journey who no longer wants messages from another."""

    blocker = models.ForeignKey(
        TravelDeclaration, on_delete=models.CASCADE, related_name="journey_blocks", verbose_name=_("blocked by")
    )
    blocked = models.ForeignKey(
        TravelDeclaration, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked")
    )
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey block")
        verbose_name_plural = _("journey blocks")
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")]

    def __str__(self):
        return f"{self.blocker} ⊘ {self.blocked}"


class JourneyMessage(models.Model):
    """A message from one person sharing their journey to another, delivered through the
    outbox so that neither sees the other's address."""

    sender = models.ForeignKey(
        TravelDeclaration, on_delete=models.CASCADE, related_name="journey_messages_sent", verbose_name=_("from")
    )
    recipient = models.ForeignKey(
        TravelDeclaration, on_delete=models.CASCADE, related_name="journey_messages_received", verbose_name=_("to")
    )
    body = models.TextField(_("message"), max_length=1000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey message")
        verbose_name_plural = _("journey messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender} → {self.recipient}"


class PageViewDay(models.Model):
    """How many times a public or attendee page was served on a day, counted by the site
    itself: no cookie, no address, nothing about the visitor. The page's weight is measured
    from one of that day's responses, for its EcoIndex."""

    date = models.DateField(_("date"))
    # The edition the page was about ("" for the pages editions share: privacy, accounts).
    edition = models.CharField(_("edition"), max_length=20, blank=True, default="")
    page = models.CharField(_("page"), max_length=100, help_text=_("The page's URL name."))
    views = models.PositiveIntegerField(_("views"), default=0)
    dom_elements = models.PositiveIntegerField(_("DOM elements"), null=True, blank=True)
    requests = models.PositiveSmallIntegerField(_("requests"), null=True, blank=True)
    # The site's own measures and counts: not negative, and no upper bound, since a bound would
    # make the counter's upsert fail and lose the day's counts (any size stays on EcoIndex's scale).
    kilobytes = models.FloatField(_("kilobytes"), null=True, blank=True, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("page views of a day")
        verbose_name_plural = _("page views by day")
        constraints = [
            models.UniqueConstraint(fields=["date", "edition", "page"], name="one_count_per_page_edition_and_day"),
            models.CheckConstraint(condition=Q(kilobytes__gte=0), name="page_views_kilobytes_not_negative"),
        ]

    def __str__(self):
        return f"{self.date} {self.page}: {self.views}"


class DocumentsGenerated(models.Model):
    """PDFs the site generated on a day, by kind (badges, sign-in sheets, statements)."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=40)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    kilobytes = models.FloatField(_("kilobytes"), default=0, validators=[MinValueValidator(0)])  # as PageViewDay's

    class Meta:
        verbose_name = _("documents generated on a day")
        verbose_name_plural = _("documents generated by day")
        constraints = [
            models.UniqueConstraint(fields=["date", "kind"], name="one_count_per_document_kind_and_day"),
            models.CheckConstraint(condition=Q(kilobytes__gte=0), name="documents_kilobytes_not_negative"),
        ]

    def __str__(self):
        return f"{self.date} {self.kind}: {self.documents}"


class FootprintInputs(models.Model):
    """What only the organisers know: the site's hosting, the venue's energy, the paper."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="footprint_inputs", verbose_name=_("event")
    )
    hosting_servers = models.PositiveSmallIntegerField(
        _("servers"),
        null=True,
        blank=True,
        validators=plausible(
            *INPUT_BOUNDS["hosting_servers"],
            _("At most %(limit_value)s servers: the servers or virtual machines, not their hours."),
        ),
    )
    hosting_hours = models.PositiveIntegerField(
        _("hours of hosting"),
        null=True,
        blank=True,
        help_text=_("From the opening of registrations to the day after."),
        validators=plausible(
            *INPUT_BOUNDS["hosting_hours"],
            _("At most %(limit_value)s hours, two years around the clock: the hours of each server, not all of them."),
        ),
    )
    venue_kwh = models.FloatField(
        _("venue's energy (kWh)"),
        null=True,
        blank=True,
        validators=plausible(
            *INPUT_BOUNDS["venue_kwh"], _("At most %(limit_value)s kWh: check the unit, a meter may count in Wh.")
        ),
    )
    sign_in_sheet_pages = models.PositiveIntegerField(
        _("sign-in sheet pages printed"),
        null=True,
        blank=True,
        validators=plausible(
            *INPUT_BOUNDS["sign_in_sheet_pages"],
            _("At most %(limit_value)s pages: the A4 pages printed, not the names on them."),
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("organisers' footprint inputs")
        verbose_name_plural = _("organisers' footprint inputs")
        constraints = plausible_constraints("footprint_inputs", INPUT_BOUNDS)

    def __str__(self):
        return str(self.event)

    def invalid_fields(self) -> list[str]:
        """The figures stored outside their bounds (a row written before them, or by hand)."""
        return out_of_bounds(self, INPUT_BOUNDS)

    def entered(self, name: str):
        """The figure as the organisers entered it; None when empty or outside its bounds,
        which the footprint counts as not entered."""
        return None if name in self.invalid_fields() else getattr(self, name)


class StatementDelivery(models.Model):
    """An organisation's statement, sent once to its contact through the outbox."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="statement_deliveries", verbose_name=_("event")
    )
    organisation_key = models.CharField(_("organisation (normalised)"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    recipient = models.EmailField(_("sent to"))
    email = models.ForeignKey(
        "mail.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement sent")
        verbose_name_plural = _("statements sent")
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation_key"], name="one_statement_per_organisation")
        ]

    def __str__(self):
        return self.organisation
