"""Pure functions: the emissions of the event's digital and paper side, each as a central
value and its range (the factors in digital-and-paper-factors.toml are uncertain, so every
result carries its low and high bound rather than one falsely precise number).

No database, no settings: counts and factors come in as arguments."""

from collections.abc import Iterable
from dataclasses import dataclass

from footprint.factors import Data, RangedFactor


@dataclass(frozen=True)
class Emission:
    kg: float
    low_kg: float
    high_kg: float

    def __add__(self, other: "Emission") -> "Emission":
        return Emission(self.kg + other.kg, self.low_kg + other.low_kg, self.high_kg + other.high_kg)

    def __sub__(self, other: "Emission") -> "Emission":
        return Emission(self.kg - other.kg, self.low_kg - other.low_kg, self.high_kg - other.high_kg)


NOTHING = Emission(0.0, 0.0, 0.0)


def times(factor: RangedFactor, quantity: float) -> Emission:
    if quantity < 0:
        raise ValueError("A quantity cannot be negative.")
    return Emission(factor.kg * quantity, factor.low_kg * quantity, factor.high_kg * quantity)


def emails(count: int, data: Data, *, sizes_mb: Iterable[float] = ()) -> Emission:
    """`count` messages sent, plus their size when known (attachments weigh the most)."""
    return times(data.digital["email"], count) + times(data.digital["email_per_mb"], sum(sizes_mb))


def page_view_kg(score: float, data: Data) -> float:
    """The EcoIndex method's figure for one view of a page of this score (0 to 100):
    2 + 2 × (50 − score) / 100 g CO2e."""
    if not 0 <= score <= 100:
        raise ValueError("An EcoIndex score lies between 0 and 100.")
    factor = data.digital["page_view"]
    return factor.kg + factor.extra["per_point_kg"] * (factor.extra["reference_score"] - score)


def page_views(count: int, score: float, data: Data) -> Emission:
    """`count` views of a page of this EcoIndex score. The method gives no range."""
    if count < 0:
        raise ValueError("A quantity cannot be negative.")
    kg = page_view_kg(score, data) * count
    return Emission(kg, kg, kg)


def printed_badges(count: int, data: Data) -> Emission:
    """`count` A6 badges printed on paper (a quarter of an A4 sheet each)."""
    return times(data.digital["badge_a6"], count)


def electricity(kwh: float, data: Data) -> Emission:
    """`kwh` drawn from the French grid (the venue's energy, when the organisers enter it)."""
    return times(data.digital["electricity_fr"], kwh)


def hosting(servers: int, hours: float, data: Data) -> Emission:
    """The site's hosting: servers × hours × a factor the organisers may adjust."""
    return times(data.digital["server_hour"], servers * hours)
