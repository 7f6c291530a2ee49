"""The footprint rules as pure functions: known cases, then properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footprint.calculator import MODES, estimate, great_circle_km, meal_kg, sensible_alternative, trip_kg
from footprint.factors import load
from footprint.towns import find_town

DATA = load()
VENUE = (DATA.assumptions["venue_latitude"], DATA.assumptions["venue_longitude"])


def km_from(town: str) -> float:
    place = find_town(town)
    return great_circle_km(place.latitude, place.longitude, *VENUE)


def test_lyon_is_about_390_km_as_the_crow_flies():
    assert round(km_from("Lyon")) == pytest.approx(392, abs=5)


def test_lyon_to_paris_by_tgv_and_by_plane():
    distance = km_from("Lyon")
    tgv = trip_kg(distance, "tgv", DATA, return_trip=False)
    plane = trip_kg(distance, "plane", DATA, return_trip=False)
    # TGV: 0.00293 kg per passenger-km over distance × 1.2 (rail detour).
    assert tgv == pytest.approx(0.00293 * distance * 1.2)
    # Short-haul flight: 0.25858 kg per passenger-km over the great-circle distance.
    assert plane == pytest.approx(0.25858 * distance)
    assert plane / tgv > 70


def test_lille_by_car_with_three_people():
    distance = km_from("Lille")
    alone = trip_kg(distance, "car_thermal", DATA, occupants=1)
    shared = trip_kg(distance, "car_thermal", DATA, occupants=3)
    assert alone == pytest.approx(0.2176 * distance * 1.3 * 2)
    assert shared == pytest.approx(alone / 3)


def test_vegetarian_versus_beef_meal():
    assert (meal_kg("vegetarian", DATA), meal_kg("meat", DATA)) == (0.51, 7.26)


def test_plane_band_follows_the_distance():
    assert trip_kg(1000, "plane", DATA, return_trip=False) == pytest.approx(0.25858 * 1000)
    assert trip_kg(2000, "plane", DATA, return_trip=False) == pytest.approx(0.18756 * 2000)
    assert trip_kg(9000, "plane", DATA, return_trip=False) == pytest.approx(0.15196 * 9000)


def test_the_sensible_alternative_for_lyon_is_the_tgv():
    result = estimate(km_from("Lyon"), "plane", "vegetarian", DATA)
    assert result.alternative_mode == "tgv"
    assert result.saving_kg == pytest.approx(result.travel_kg - result.alternative_kg)
    assert estimate(km_from("Lyon"), "tgv", "vegetarian", DATA).alternative_mode is None
    assert sensible_alternative(9000, DATA) is None


def test_towns_are_found_with_or_without_accents_and_with_a_country():
    assert find_town("saint-etienne").name == "Saint-Étienne"
    assert find_town("Paris").country_code == "FR"
    assert find_town("Porto, Portugal").country_code == "PT"
    assert find_town("Nowhereville") is None


distances = st.floats(min_value=0, max_value=20_000, allow_nan=False)
modes = st.sampled_from(sorted(MODES))


@given(distances, modes, st.integers(min_value=1, max_value=9), st.booleans())
def test_never_negative(distance, mode, occupants, return_trip):
    assert trip_kg(distance, mode, DATA, occupants=occupants, return_trip=return_trip) >= 0


@given(distances, st.booleans())
def test_zero_for_walking(distance, return_trip):
    assert trip_kg(distance, "bike_walk", DATA, return_trip=return_trip) == 0


@given(distances, distances, modes.filter(lambda m: m != "plane"))
def test_grows_with_distance(a, b, mode):
    near, far = sorted((a, b))
    assert trip_kg(near, mode, DATA) <= trip_kg(far, mode, DATA)


@given(st.floats(min_value=0.1, max_value=20_000), st.sampled_from(["car_thermal", "car_electric"]), st.integers(1, 8))
def test_car_emissions_fall_with_more_occupants(distance, mode, occupants):
    assert trip_kg(distance, mode, DATA, occupants=occupants + 1) < trip_kg(distance, mode, DATA, occupants=occupants)


def test_a_negative_distance_is_refused():
    with pytest.raises(ValueError):
        trip_kg(-1, "tgv", DATA)
