"""Speakers' and organisers' own trips: the attendees' form and calculator, from the speaker
area and from the admin, counted in their own lines of the event's footprint."""

import pytest
from django.urls import reverse

from footprint.models import TravelDeclaration
from footprint.services import declare_travel
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, UserFactory, at
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

TRIP = {"town": "Lyon", "distance_km": "", "mode": "plane", "car_occupants": "1", "return_trip": "on", "meal": "meat"}


@pytest.fixture
def speaker(client):
    user = UserFactory()
    speaker = SpeakerFactory(user=user, name="Aurore", slug="aurore")
    SessionFactory(event=EventFactory(), title="Métaux", start=at("10:30"), end=at("11:15"), speakers=[speaker])
    client.force_login(user)
    return speaker


def test_a_speaker_declares_their_trip_and_sees_its_estimate(client, speaker):
    response = client.post("/en/speaker-area/trip/", TRIP)
    assert response.status_code == 302 and response["Location"] == "/en/speaker-area/#trip"
    declaration = TravelDeclaration.objects.get()
    assert (declaration.speaker, declaration.registration) == (speaker, None)
    assert declaration.event.slug == "tech-for-climate"
    response = client.get("/en/speaker-area/")
    page = response.content.decode()
    assert "Your trip: 2" in page and "High-speed train (TGV)" in page and "your lunch: 7.3 kg CO2e." in page
    assert 'value="Lyon"' in page  # the form shows the trip, to change it
    assert_valid_accessible_html(response, "en")


def test_changing_the_trip_keeps_one_declaration(client, speaker):
    client.post("/en/speaker-area/trip/", TRIP)
    client.post("/en/speaker-area/trip/", TRIP | {"mode": "tgv"})
    assert list(TravelDeclaration.objects.values_list("mode", flat=True)) == ["tgv"]


def test_the_speaker_form_has_no_attendee_only_question(client, speaker):
    page = client.get("/en/speaker-area/").content.decode()
    assert 'name="mode"' in page
    assert 'name="named_in_organisation_statement"' not in page and 'name="shares_journey"' not in page


@pytest.mark.parametrize(
    ("url", "message", "lang"),
    [
        ("/en/speaker-area/trip/", "We do not know this town", "en"),
        ("/espace-intervenant/trajet/", "Nous ne connaissons pas cette ville", "fr"),
    ],
)
def test_bad_input_is_explained_in_the_speakers_language_and_kept(client, speaker, url, message, lang):
    response = client.post(url, TRIP | {"town": "Lyyyon"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'value="Lyyyon"' in page
    assert TravelDeclaration.objects.count() == 0
    assert_valid_accessible_html(response, lang)


def test_after_the_event_the_speakers_trip_can_no_longer_change(client, speaker, clock):
    EventFactory(slug="tech-for-climate")
    clock.move_to("the day after")
    response = client.post("/en/speaker-area/trip/", TRIP, follow=True)
    page = response.content.decode()
    assert "The event is over: your trip can no longer be changed." in page
    assert TravelDeclaration.objects.count() == 0


def test_someone_who_is_not_a_speaker_cannot_declare_as_one(client, db):
    EventFactory()
    client.force_login(UserFactory())
    assert client.post("/en/speaker-area/trip/", TRIP).status_code == 404


def test_an_organiser_declares_their_trip_from_the_admin(organiser_client, organiser):
    EventFactory()
    url = reverse("admin:registrations_registration_footprint_my_trip")
    assert url in organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert organiser_client.post(url, TRIP | {"mode": "tgv"}).status_code == 302
    declaration = TravelDeclaration.objects.get()
    assert (declaration.organiser, declaration.mode) == (organiser, "tgv")
    page = organiser_client.get(url).content.decode()
    assert "Your trip: " in page and 'value="Lyon"' in page
    response = organiser_client.post(url, TRIP | {"town": ""})
    assert response.status_code == 400
    assert "Give the town you travel from, or the distance." in response.content.decode()


def test_a_trip_has_exactly_one_traveller(speaker):
    event = EventFactory()
    with pytest.raises(ValueError):
        declare_travel(speaker=speaker, organiser=UserFactory(), event=event, mode="tgv", distance_km=1)
    with pytest.raises(ValueError):
        declare_travel(speaker=speaker, mode="tgv", distance_km=1)  # to which event?
