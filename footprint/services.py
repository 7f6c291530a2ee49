from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from footprint.calculator import Estimate, estimate, trip_kg
from footprint.factors import load
from footprint.models import TravelDeclaration
from registrations.models import Registration

Mode = TravelDeclaration.Mode


def estimate_for(declaration: TravelDeclaration) -> Estimate:
    return estimate(
        declaration.straight_km,
        declaration.mode,
        declaration.meal,
        load(),
        occupants=declaration.car_occupants,
        return_trip=declaration.return_trip,
    )


class DeclarationClosed(DomainError):
    """The event is over: the trip it was about can no longer change."""

    def __init__(self):
        super().__init__(_("The event is over: your trip can no longer be changed."), code="closed")


def _traveller(registration, speaker, organiser, event) -> tuple[dict, object]:
    """Who travels, as the declaration's fields, and to which event: an attendee (through
    their registration, which has its event), or a speaker or an organiser at `event`."""
    given = [(name, value) for name, value in (("speaker", speaker), ("organiser", organiser)) if value is not None]
    if (registration is not None) + len(given) != 1:
        raise ValueError("A trip has exactly one traveller.")
    if registration is not None:
        return {"registration": registration}, registration.event
    if event is None:
        raise ValueError("A speaker's or an organiser's trip is to an event.")
    return dict(given) | {"event": event}, event


def declaration_of(registration=None, *, speaker=None, organiser=None, event=None) -> TravelDeclaration | None:
    """The traveller's declared trip, if any (same travellers as `declare_travel`)."""
    traveller, _event = _traveller(registration, speaker, organiser, event)
    return TravelDeclaration.objects.filter(**traveller).first()


@transaction.atomic
def declare_travel(
    registration: Registration | None = None, *, speaker=None, organiser=None, event=None, town=None, **fields
) -> TravelDeclaration:
    """Record (or change) a traveller's trip and lunch, until the event: an attendee's (their
    registration), a speaker's or an organiser's (with the `event`). `town` is a resolved
    Town or None (then `distance_km` is the distance the person gave)."""
    traveller, event = _traveller(registration, speaker, organiser, event)
    if timezone.localdate() > event.date:
        raise DeclarationClosed()
    declaration = TravelDeclaration.objects.filter(**traveller).first() or TravelDeclaration(**traveller)
    for name, value in fields.items():
        setattr(declaration, name, value)
    if town is not None:
        declaration.town, declaration.latitude, declaration.longitude = str(town), town.latitude, town.longitude
        declaration.distance_km = None
    else:
        declaration.town, declaration.latitude, declaration.longitude = "", None, None
    if declaration.mode not in {Mode.CAR_THERMAL, Mode.CAR_ELECTRIC}:
        declaration.car_occupants = 1
    declaration.save()
    return declaration


SHIFTABLE_MODES = {Mode.PLANE, Mode.CAR_THERMAL, Mode.CAR_ELECTRIC}


@dataclass
class EventFootprint:
    confirmed: int = 0
    declared: int = 0
    travel_by_mode: Counter = field(default_factory=Counter)
    meals_kg: float = 0.0
    people_by_mode: Counter = field(default_factory=Counter)
    shiftable_saving_kg: float = 0.0  # if every plane and car trip moved to the train
    invalid: int = 0  # declarations holding a figure outside its bounds, counted as not declared

    @property
    def declared_kg(self) -> float:
        return sum(self.travel_by_mode.values()) + self.meals_kg

    @property
    def per_declared_attendee_kg(self) -> float:
        return self.declared_kg / self.declared if self.declared else 0.0

    @property
    def extrapolated_kg(self) -> float:
        """Those who did not declare are assumed to travel and eat like those who did."""
        return self.per_declared_attendee_kg * (self.confirmed - self.declared)

    @property
    def total_kg(self) -> float:
        return self.declared_kg + self.extrapolated_kg

    def saving_if_shifted(self, percent: float) -> float:
        return self.shiftable_saving_kg * max(min(percent, 100), 0) / 100


def event_footprint(event, registrations=None) -> EventFootprint:
    """The event's estimated footprint from its confirmed attendees' declarations (or from
    those of `registrations`, a queryset: the organisations' statements count who came)."""
    data = load()
    if registrations is None:
        registrations = Registration.objects.confirmed().filter(event=event)
    result = EventFootprint(confirmed=registrations.count())
    declarations = TravelDeclaration.objects.filter(registration__in=registrations)
    for declaration in declarations:
        if declaration.has_invalid_entry:
            result.invalid += 1
            continue
        estimate_ = estimate_for(declaration)
        result.declared += 1
        result.travel_by_mode[declaration.mode] += estimate_.travel_kg
        result.people_by_mode[declaration.mode] += 1
        result.meals_kg += estimate_.meal_kg
        if declaration.mode in SHIFTABLE_MODES and declaration.straight_km > 40:
            by_train = trip_kg(declaration.straight_km, Mode.TGV, data, return_trip=declaration.return_trip)
            result.shiftable_saving_kg += max(estimate_.travel_kg - by_train, 0)
    return result


def anonymous_rows(event) -> tuple[list[str], list[list]]:
    """Per-registration estimates without personal data, for the CSV export."""
    header = [
        "row",
        "category",
        "distance_km",
        "mode",
        "car_occupants",
        "return_trip",
        "meal",
        "travel_kgco2e",
        "meal_kgco2e",
    ]
    declarations = (
        TravelDeclaration.objects.filter(registration__event=event, registration__status=Registration.Status.CONFIRMED)
        .select_related("registration")
        .order_by("?")
    )
    rows = []
    # A declaration holding a figure outside its bounds counts as not declared, here as in the footprint.
    valid = (declaration for declaration in declarations if not declaration.has_invalid_entry)
    for index, declaration in enumerate(valid, start=1):
        estimate_ = estimate_for(declaration)
        rows.append(
            [
                index,
                declaration.registration.category,
                round(declaration.straight_km, 1),
                declaration.mode,
                declaration.car_occupants,
                declaration.return_trip,
                declaration.meal,
                round(estimate_.travel_kg, 2),
                round(estimate_.meal_kg, 2),
            ]
        )
    return header, rows
