import csv
import io

import pytest
from django.urls import reverse

from footprint.models import TravelDeclaration
from footprint.services import event_footprint
from tests.factories import EventFactory, RegistrationFactory
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

TRIP = {"town": "Lyon", "distance_km": "", "mode": "plane", "car_occupants": "1", "return_trip": "on", "meal": "meat"}


@pytest.fixture
def registration(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    return registration


def test_declaring_a_trip_shows_the_estimate_and_the_alternative(client, registration):
    response = client.post("/en/my-registration/trip/", TRIP)
    assert response.status_code == 302
    declaration = TravelDeclaration.objects.get()
    assert (declaration.town, declaration.mode, declaration.meal) == ("Lyon (France)", "plane", "meat")
    page = client.get("/en/my-registration/").content.decode()
    assert "Your trip: 2" in page  # about 200 kg CO2e there and back by plane
    assert "High-speed train (TGV)" in page
    assert "your lunch: 7.3 kg CO2e." in page


def test_an_unknown_town_is_explained_and_nothing_typed_is_lost(client, registration):
    response = client.post("/en/my-registration/trip/", TRIP | {"town": "Lyyyon"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "We do not know this town" in page
    assert 'value="Lyyyon"' in page
    assert TravelDeclaration.objects.count() == 0


def test_the_trip_form_has_its_own_page_filled_in_with_the_declared_trip(client, registration):
    client.post("/en/my-registration/trip/", TRIP)
    mine = client.get("/en/my-registration/").content.decode()
    assert 'href="/en/my-registration/trip/">Change my trip</a>' in mine and 'name="town"' not in mine
    response = client.get("/en/my-registration/trip/")
    assert 'value="Lyon"' in response.content.decode()
    assert_valid_accessible_html(response, "en")


def test_a_distance_instead_of_a_town(client, registration):
    client.post(
        "/en/my-registration/trip/",
        TRIP | {"town": "", "distance_km": "12", "mode": "car_thermal", "car_occupants": "2"},
    )
    declaration = TravelDeclaration.objects.get()
    assert (declaration.straight_km, declaration.car_occupants) == (12.0, 2)


def test_neither_town_nor_distance_is_refused(client, registration):
    response = client.post("/en/my-registration/trip/", TRIP | {"town": ""})
    assert "Give the town you travel from, or the distance." in response.content.decode()


def test_the_declaration_is_optional_and_never_blocks_registration(client, registration):
    page = client.get("/en/my-registration/")
    assert page.status_code == 200
    assert "Optional" in page.content.decode()
    assert_valid_accessible_html(page, "en")


def test_the_page_suggests_the_low_carbon_way_to_the_venue(client, registration):
    page = client.get("/mon-inscription/").content.decode()
    assert "George V" in page and "RER C" in page


def test_method_page_in_both_languages(client, db):
    EventFactory()
    for url, lang, tgv_factor in (
        ("/bilan-carbone/methode/", "fr", "0,00293"),
        ("/en/footprint/method/", "en", "0.00293"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert tgv_factor in response.content.decode()
        assert_valid_accessible_html(response, lang)


def test_public_page_only_when_published(client, db):
    event = EventFactory()
    assert client.get("/en/footprint/").status_code == 404
    event.footprint_published = True
    event.footprint_actions = "Un déjeuner végétarien par défaut."
    event.save()
    page = client.get("/en/footprint/").content.decode()
    assert "Un déjeuner végétarien par défaut." in page


def test_event_footprint_extrapolates_for_those_who_did_not_declare(db):
    event = EventFactory()
    declared = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory.create_batch(2, event=event)
    for registration in declared:
        TravelDeclaration.objects.create(registration=registration, distance_km=10, mode="bike_walk", meal="vegan")
    footprint = event_footprint(event)
    assert (footprint.confirmed, footprint.declared) == (4, 2)
    assert footprint.declared_kg == pytest.approx(2 * 0.39)
    assert footprint.extrapolated_kg == pytest.approx(2 * 0.39)
    assert footprint.total_kg == pytest.approx(4 * 0.39)


def test_dashboard_shows_the_footprint_and_the_scenario(organiser_client, db):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    TravelDeclaration.objects.create(registration=registration, distance_km=400, mode="plane", meal="vegetarian")
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard") + "?shift=100").content
    page = page.decode()
    assert "1 of 1 attendees declared their trip" in page
    saving = event_footprint(event).saving_if_shifted(100)
    assert f"would save {saving:.0f} kg CO2e" in page


def test_footprint_export_has_no_personal_data(organiser_client, db):
    event = EventFactory()
    registration = RegistrationFactory(event=event, first_name="Secrète", last_name="Personne")
    TravelDeclaration.objects.create(
        registration=registration, town="Lyon (France)", latitude=45.75, longitude=4.85, mode="tgv", meal="vegan"
    )
    content = organiser_client.get(reverse("admin:registrations_registration_footprint_csv")).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == [
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
    assert len(rows) == 2
    assert "Secrète" not in content and "Lyon" not in content and registration.user.email not in content


def test_the_caterer_sees_the_lunch_choices(organiser_client, db):
    event = EventFactory()
    for meal in ("vegan", "vegan", "fish"):
        TravelDeclaration.objects.create(
            registration=RegistrationFactory(event=event), distance_km=1, mode="metro", meal=meal
        )
    RegistrationFactory(event=event)
    page = organiser_client.get(reverse("admin:registrations_registration_catering")).content.decode()
    assert '<th scope="row">Vegan</th><td>2</td>' in page
    assert '<th scope="row">Not chosen (vegetarian by default)</th><td>1</td>' in page


def test_the_trip_can_no_longer_change_after_the_event(client, db, clock):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    clock.move_to("the day after")
    response = client.post("/en/my-registration/trip/", TRIP, follow=True)
    assert "The event is over: your trip can no longer be changed." in response.content.decode()
    assert TravelDeclaration.objects.count() == 0


def test_the_method_page_reads_the_factors_labels_in_the_visitors_language(client):
    """The factors' labels follow the translated content's rule: the page's language, else
    the French, marked lang="fr"."""
    import html5lib
    from django.urls import reverse
    from django.utils import translation

    from core.content_language import lang_attribute
    from footprint import factors

    tgv = factors.load().factor("tgv")
    with translation.override("fr"):
        french = client.get(reverse("footprint:method")).content.decode()
    english = client.get(reverse("footprint:method")).content.decode()  # tests run in English
    assert "Regional train (TER)" in english and tgv.label_en in english
    assert "High-speed train (TGV)" not in french and "TER" in french
    # A line per factor: the label starts it, in no lang="fr" span when it is in English.
    rows = html5lib.parse(english, namespaceHTMLElements=False).iter("li")
    assert [len(row) for row in rows if (row.text or "").startswith(f"{tgv.label_en}:")] == [0]

    without_english = factors.Factor(**{**tgv.__dict__, "label_en": ""})
    with translation.override("en"):
        assert without_english.label == tgv.label_fr
        assert lang_attribute(without_english, "label") == ' lang="fr"'
