import csv
import io

import html5lib
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

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


def csv_of(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_organisers_download_each_statement_as_csv_and_pdf(organiser_client, event):
    response = organiser_client.get(reverse("admin:registrations_registration_footprint_statements"))
    html5lib.HTMLParser(strict=True).parse(response.content.decode())  # well-formed
    assert response.content.decode().count('aria-label="PDF') == 3
    url = reverse("admin:registrations_registration_footprint_statement_csv") + "?organisation=constellation"
    rows = csv_of(organiser_client.get(url))
    assert rows[0][:3] == ["organisation", "person", "people"]
    named, others = rows[1:]
    assert named[1].startswith("Ada ") and named[2] == "1"
    assert others[2] == "2" and "Bea" not in ";".join(others)
    assert "@" not in ";".join(";".join(row) for row in rows)  # no e-mail address
    constellation = next(s for s in organisation_statements(event) if s.key == "constellation")
    travel = sum(float(row[8]) for row in rows[1:])
    catering = sum(float(row[9]) for row in rows[1:])
    assert travel + catering == pytest.approx(constellation.total_kg, abs=0.02)
    pdf = organiser_client.get(
        reverse("admin:registrations_registration_footprint_statement_pdf") + "?organisation=constellation"
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 1


def test_an_unknown_organisation_is_a_404(organiser_client, event):
    url = reverse("admin:registrations_registration_footprint_statement_pdf") + "?organisation=nobody"
    assert organiser_client.get(url).status_code == 404


def test_attendees_cannot_download_statements(client, event):
    registration = event.registrations.first()
    client.force_login(registration.user)
    url = reverse("admin:registrations_registration_footprint_statement_csv") + "?organisation=constellation"
    assert client.get(url).status_code in {302, 404}


def test_the_pdf_is_in_the_requesters_language(organiser_client, event):
    with translation.override("fr"):
        url = reverse("admin:registrations_registration_footprint_statement_pdf") + "?organisation=constellation"
    text = PdfReader(io.BytesIO(organiser_client.get(url).content)).pages[0].extract_text()
    assert "Avion" in text and "Train à grande vitesse (TGV)" in text
    assert "Ada " in text and "Bea " not in text  # only the one who agreed is named


def test_the_travel_form_asks_for_the_consent_off_by_default(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    page = client.get("/en/my-registration/trip/").content.decode()  # the trip form's own page
    assert "My organisation may see my own trip and lunch in its footprint statement" in page
    trip = {"town": "", "distance_km": "12", "mode": "tgv", "car_occupants": "1", "return_trip": "on", "meal": "vegan"}
    client.post("/en/my-registration/trip/", trip)
    assert TravelDeclaration.objects.get().named_in_organisation_statement is False
    client.post("/en/my-registration/trip/", trip | {"named_in_organisation_statement": "on"})
    assert TravelDeclaration.objects.get().named_in_organisation_statement is True


def test_the_statements_add_up_to_the_attendee_lines_of_the_whole_footprint(event):
    from footprint.models import TravelDeclaration as Trip
    from footprint.totals import event_lines
    from tests.factories import SessionFactory, SpeakerFactory, UserFactory

    speaker = SpeakerFactory()
    SessionFactory(event=event, speakers=[speaker, SpeakerFactory()])
    Trip.objects.create(speaker=speaker, event=event, distance_km=900, mode="plane", meal="meat")
    Trip.objects.create(organiser=UserFactory(is_staff=True), event=event, distance_km=5, mode="metro", meal="vegan")
    whole = event_lines(event)
    attendee_lines = whole.line("attendee_travel").total.kg + whole.attendee_catering.kg
    assert sum(statement.total_kg for statement in organisation_statements(event)) == pytest.approx(attendee_lines)
    assert whole.total.kg > attendee_lines  # the speakers and the organiser count too, outside any statement
