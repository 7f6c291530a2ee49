"""Pure functions: the footprint of a trip and a meal, from distances and factors.

No database, no settings: everything comes in as arguments, so the rules are easy to test
on known cases and with properties (never negative, zero for walking, growing with
distance, falling with more people in a car)."""

import math
from dataclasses import dataclass

from footprint.factors import Data

EARTH_RADIUS_KM = 6371.0088

# Travel modes people choose from, with the factor each uses (the plane's depends on the
# distance) and the detour family of its distance.
MODES = {
    "tgv": ("tgv", "rail"),
    "intercites": ("intercites", "rail"),
    "ter": ("ter", "rail"),
    "rer": ("rer", "rail"),
    "metro": ("metro", "rail"),
    "bus": ("bus_thermal", "road"),
    "coach": ("coach", "road"),
    "car_thermal": ("car_thermal", "road"),
    "car_electric": ("car_electric", "road"),
    "motorbike": ("motorbike", "road"),
    "ebike": ("ebike", "road"),
    "bike_walk": ("bike_walk", "road"),
    "plane": (None, "plane"),
}


def great_circle_km(latitude1: float, longitude1: float, latitude2: float, longitude2: float) -> float:
    """Haversine distance between two points, in km."""
    phi1, phi2 = math.radians(latitude1), math.radians(latitude2)
    delta_phi = phi2 - phi1
    delta_lambda = math.radians(longitude2 - longitude1)
    a = math.sin(delta_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travelled_km(straight_km: float, mode: str, data: Data) -> float:
    """The distance actually travelled: the straight line times the mode's detour."""
    return straight_km * data.assumptions["detour"][MODES[mode][1]]


def factor_key(mode: str, km: float, data: Data) -> str:
    key = MODES[mode][0]
    if key is not None:
        return key
    bands = data.assumptions["plane_bands"]
    return (
        "plane_short" if km <= bands["short_up_to"] else "plane_medium" if km <= bands["medium_up_to"] else "plane_long"
    )


def trip_kg(straight_km: float, mode: str, data: Data, *, occupants: int = 1, return_trip: bool = True) -> float:
    """kgCO2e of one person's trip to the venue (and back, when `return_trip`). A car's or a
    motorbike's emissions are shared between the people in it."""
    if straight_km < 0:
        raise ValueError("A distance cannot be negative.")
    km = travelled_km(straight_km, mode, data)
    factor = data.factor(factor_key(mode, km, data))
    per_person_km = factor.kg / max(occupants, 1) if factor.per_vehicle else factor.kg
    return per_person_km * km * (2 if return_trip else 1)


def meal_kg(meal: str, data: Data) -> float:
    return data.factor(data.assumptions["meals"][meal]).kg


def sensible_alternative(straight_km: float, data: Data) -> str | None:
    """The lowest-carbon mode that is still a sensible way to make this trip, or None when
    nothing sensible beats flying (a long-haul trip)."""
    for row in data.assumptions["alternatives"]:
        if straight_km <= row["up_to"]:
            return row["mode"]
    return None


@dataclass(frozen=True)
class Estimate:
    travel_kg: float
    meal_kg: float
    alternative_mode: str | None
    alternative_kg: float | None

    @property
    def total_kg(self) -> float:
        return self.travel_kg + self.meal_kg

    @property
    def saving_kg(self) -> float:
        if self.alternative_kg is None:
            return 0.0
        return max(self.travel_kg - self.alternative_kg, 0.0)


def estimate(
    straight_km: float, mode: str, meal: str, data: Data, *, occupants: int = 1, return_trip: bool = True
) -> Estimate:
    travel = trip_kg(straight_km, mode, data, occupants=occupants, return_trip=return_trip)
    alternative = sensible_alternative(straight_km, data)
    alternative_kg = None
    if alternative is not None and alternative != mode:
        alternative_kg = trip_kg(straight_km, alternative, data, return_trip=return_trip)
        if alternative_kg >= travel:
            alternative, alternative_kg = None, None
    elif alternative == mode:
        alternative = None
    return Estimate(
        travel_kg=travel, meal_kg=meal_kg(meal, data), alternative_mode=alternative, alternative_kg=alternative_kg
    )
