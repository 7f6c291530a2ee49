import pytest

from footprint.models import TravelDeclaration
from footprint.services import event_footprint
from footprint.statements import organisation_statements
from tests.factories import CheckInFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def person(event, organisation, *, first_name="Camille", named=False, **trip):
    registration = RegistrationFactory(event=event, organisation=organisation, first_name=first_name)
    if trip:
        TravelDeclaration.objects.create(registration=registration, named_in_organisation_statement=named, **trip)
    return registration


@pytest.fixture
def event():
    event = EventFactory()
    person(event, "Constellation", first_name="Ada", named=True, distance_km=400, mode="plane", meal="meat")
    person(event, " constellation ", first_name="Bea", distance_km=400, mode="tgv", meal="vegan")
    person(event, "CONSTELLATION")  # did not declare
    person(event, "Acme", distance_km=30, mode="car_thermal", car_occupants=2, meal="fish")
    person(event, "Acme")
    person(event, "Solo SARL", distance_km=3, mode="bike_walk", meal="vegetarian")
    RegistrationFactory(event=event, organisation="Acme", status="cancelled")
    return event


def by_name(event):
    return {statement.organisation: statement for statement in organisation_statements(event)}


def test_name_variants_are_one_organisation(event):
    statements = {statement.key: statement for statement in organisation_statements(event)}
    assert sorted(statements) == ["acme", "constellation", "solo sarl"]
    constellation = statements["constellation"]
    assert constellation.organisation.casefold() == "constellation"
    assert (constellation.people, len(constellation.lines), constellation.undeclared) == (3, 2, 1)
    assert statements["acme"].people == 2  # the cancelled registration does not count


def test_the_statements_add_up_to_the_event_total(event):
    statements = organisation_statements(event)
    assert len(statements) == 3
    assert sum(statement.total_kg for statement in statements) == pytest.approx(event_footprint(event).total_kg)
    assert sum(s.travel_kg for s in statements) + sum(s.catering_kg for s in statements) == pytest.approx(
        event_footprint(event).total_kg
    )


def test_once_the_desk_is_used_only_those_who_came_count(event):
    came = [r for r in event.registrations.filter(status="confirmed") if r.organisation != "Acme"]
    for registration in came:
        CheckInFactory(registration=registration)
    statements = by_name(event)
    assert "Acme" not in statements
    assert sum(s.people for s in statements.values()) == 4
    assert sum(s.total_kg for s in statements.values()) == pytest.approx(
        event_footprint(event, registrations=event.registrations.filter(check_in__isnull=False)).total_kg
    )


def test_only_those_who_agreed_are_named(event):
    constellation = next(s for s in organisation_statements(event) if s.key == "constellation")
    assert [line.name for line in constellation.named_lines] == [constellation.named_lines[0].name]
    assert constellation.named_lines[0].name.startswith("Ada ")
    assert len(constellation.unnamed_lines) == 1


def test_the_flight_has_its_lowest_carbon_alternative(event):
    constellation = next(s for s in organisation_statements(event) if s.key == "constellation")
    flight = constellation.named_lines[0]
    assert (flight.alternative_label, flight.band) == ("High-speed train (TGV)", "100 to 500 km")
    assert constellation.lowest_travel_kg < constellation.travel_kg
