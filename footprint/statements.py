"""A footprint statement for each organisation that came: its people's trips and lunches,
their kg CO2e and where these belong in the organisation's own carbon accounting.

Same rules as the event's footprint (services.py): each declared trip is estimated by the
calculator, and those who did not declare are counted at the average of those who did, so
that the statements add up to the event's travel-and-catering total."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from day.models import CheckIn
from footprint.calculator import factor_key, travelled_km
from footprint.factors import Factor, load
from footprint.models import TravelDeclaration
from footprint.services import estimate_for, event_footprint
from registrations.models import Registration

MODES = dict(TravelDeclaration.Mode.choices)
MEALS = dict(TravelDeclaration.Meal.choices)

# One-way straight-line distance bands (km), as organisations usually report trips.
DISTANCE_BANDS = [
    (10, _("up to 10 km")),
    (100, _("10 to 100 km")),
    (500, _("100 to 500 km")),
    (1000, _("500 to 1,000 km")),
    (None, _("over 1,000 km")),
]

# Where each part belongs in the organisation's own accounting (GHG Protocol).
TRAVEL_LINE = _("Scope 3, category 6: business travel")
CATERING_LINE = _("Scope 3, category 1: purchased goods and services")


def distance_band(km: float) -> str:
    for limit, label in DISTANCE_BANDS:
        if limit is None or km <= limit:
            return str(label)
    raise AssertionError("unreachable")


def organisation_key(name: str) -> str:
    """The same organisation however it was typed: trimmed, spaces collapsed, any case."""
    return " ".join(name.split()).casefold()


def attendees(event):
    """Who came: the checked-in confirmed registrations; before any check-in (the day has not
    come, or the desk was not used), the confirmed registrations."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    if CheckIn.objects.filter(registration__event=event).exists():
        return confirmed.filter(check_in__isnull=False)
    return confirmed


@dataclass
class Line:
    """One person's declared trip and lunch; `name` only if they agreed to appear."""

    name: str
    mode: str
    band: str
    distance_km: float
    return_trip: bool
    meal: str
    travel_kg: float
    meal_kg: float
    alternative_mode: str | None
    alternative_kg: float | None

    @property
    def mode_label(self) -> str:
        return str(MODES[self.mode])

    @property
    def meal_label(self) -> str:
        return str(MEALS[self.meal])

    @property
    def alternative_label(self) -> str:
        return str(MODES[self.alternative_mode]) if self.alternative_mode else ""

    @property
    def lowest_kg(self) -> float:
        """The same trip by its lowest-carbon sensible mode (its own when none beats it)."""
        return self.alternative_kg if self.alternative_kg is not None else self.travel_kg


@dataclass
class Statement:
    organisation: str
    key: str
    people: int = 0
    lines: list[Line] = field(default_factory=list)  # every declared trip
    # Those who did not declare, each counted at the average of everyone who declared.
    undeclared: int = 0
    average_travel_kg: float = 0.0
    average_meal_kg: float = 0.0
    factors: dict[str, Factor] = field(default_factory=dict)

    @property
    def named_lines(self) -> list[Line]:
        return [line for line in self.lines if line.name]

    @property
    def unnamed_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.name]

    @property
    def travel_by_mode_and_band(self) -> list[tuple[str, str, int, float]]:
        """(mode, band, people, kg) of the declared trips, the heaviest first."""
        people, kg = Counter(), Counter()
        for line in self.lines:
            people[line.mode_label, line.band] += 1
            kg[line.mode_label, line.band] += line.travel_kg
        return [(mode, band, people[mode, band], total) for (mode, band), total in kg.most_common()]

    @property
    def lunches(self) -> list[tuple[str, int]]:
        return Counter(line.meal_label for line in self.lines).most_common()

    @property
    def declared_travel_kg(self) -> float:
        return sum(line.travel_kg for line in self.lines)

    @property
    def extrapolated_travel_kg(self) -> float:
        return self.undeclared * self.average_travel_kg

    @property
    def travel_kg(self) -> float:
        return self.declared_travel_kg + self.extrapolated_travel_kg

    @property
    def catering_kg(self) -> float:
        return sum(line.meal_kg for line in self.lines) + self.undeclared * self.average_meal_kg

    @property
    def total_kg(self) -> float:
        return self.travel_kg + self.catering_kg

    @property
    def lowest_travel_kg(self) -> float:
        """The declared trips by their lowest-carbon alternative (the others as estimated)."""
        return sum(line.lowest_kg for line in self.lines) + self.extrapolated_travel_kg


def _line(declaration: TravelDeclaration) -> Line:
    estimate = estimate_for(declaration)
    registration = declaration.registration
    return Line(
        name=registration.full_name if declaration.named_in_organisation_statement else "",
        mode=declaration.mode,
        band=distance_band(declaration.straight_km),
        distance_km=declaration.straight_km,
        return_trip=declaration.return_trip,
        meal=declaration.meal,
        travel_kg=estimate.travel_kg,
        meal_kg=estimate.meal_kg,
        alternative_mode=estimate.alternative_mode,
        alternative_kg=estimate.alternative_kg,
    )


def organisation_statements(event) -> list[Statement]:
    """One statement per organisation among those who came, by name (as most of its people
    typed it)."""
    data = load()
    came = attendees(event)
    footprint = event_footprint(event, registrations=came)
    average_travel = sum(footprint.travel_by_mode.values()) / footprint.declared if footprint.declared else 0.0
    average_meal = footprint.meals_kg / footprint.declared if footprint.declared else 0.0
    spellings: dict[str, Counter] = {}
    statements: dict[str, Statement] = {}
    for registration in came.select_related("travel").order_by("last_name", "first_name", "pk"):
        key = organisation_key(registration.organisation)
        spellings.setdefault(key, Counter())[" ".join(registration.organisation.split())] += 1
        statement = statements.setdefault(
            key, Statement(organisation="", key=key, average_travel_kg=average_travel, average_meal_kg=average_meal)
        )
        statement.people += 1
        declaration = getattr(registration, "travel", None)
        # A declaration holding a figure outside its bounds counts as not declared, as in the footprint.
        if declaration is None or declaration.has_invalid_entry:
            statement.undeclared += 1
            continue
        statement.lines.append(_line(declaration))
        factor = data.factor(
            factor_key(declaration.mode, travelled_km(declaration.straight_km, declaration.mode, data), data)
        )
        statement.factors[factor.key] = factor
        meal_factor = data.factor(data.assumptions["meals"][declaration.meal])
        statement.factors[meal_factor.key] = meal_factor
    for key, statement in statements.items():
        statement.organisation = spellings[key].most_common(1)[0][0]
    return sorted(statements.values(), key=lambda statement: statement.key)


def statement_for(event, key: str) -> Statement | None:
    return next((statement for statement in organisation_statements(event) if statement.key == key), None)
