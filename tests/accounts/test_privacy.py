import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from footprint.models import TravelDeclaration
from mail.models import OutgoingEmail
from registrations.models import Registration
from tests.edition import EVENT_DATE
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, SpeakerFactory, UserFactory, at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registration(client):
    registration = RegistrationFactory(
        first_name="Élise",
        last_name="Privée",
        organisation="Secret SA",
        dietary_requirements="sans lactose",
        photo_consent=True,
        photo_consent_changed_at=at("10:00"),
    )
    TravelDeclaration.objects.create(
        registration=registration, town="Lyon (France)", latitude=45.75, longitude=4.85, mode="tgv"
    )
    OutgoingEmail.objects.create(recipient=registration.user.email, kind="confirmed", about=registration, status="sent")
    client.force_login(registration.user)
    return registration


def test_download_my_data_has_everything_about_me(client, registration):
    response = client.get("/en/my-account/data.json")
    data = json.loads(response.content)
    assert data["account"]["email"] == registration.user.email
    (mine,) = data["registrations"]
    assert (mine["first_name"], mine["organisation"], mine["dietary_requirements"]) == (
        "Élise",
        "Secret SA",
        "sans lactose",
    )
    assert mine["consents"]["photos"] is True and mine["consents"]["photos_changed_at"].startswith(
        EVENT_DATE.isoformat()
    )
    assert mine["travel"]["town"] == "Lyon (France)"
    assert [e["kind"] for e in data["emails_sent"]] == ["confirmed"]


def test_download_my_data_and_delete_my_account_span_every_edition(client, registration):
    last_year = EventFactory(slug="last-year", date=EVENT_DATE - dt.timedelta(weeks=52))
    RegistrationFactory(event=last_year, user=registration.user, organisation="Ancienne SA")
    data = json.loads(client.get("/en/my-account/data.json").content)
    assert sorted(mine["organisation"] for mine in data["registrations"]) == ["Ancienne SA", "Secret SA"]
    client.post("/en/my-account/delete/", {"confirm": "yes"})
    assert not Registration.objects.filter(organisation__in=["Ancienne SA", "Secret SA"]).exists()


def test_download_my_data_has_my_speaker_profile_in_both_languages(client, db):
    user = UserFactory()
    SpeakerFactory(
        user=user, job_title_fr="Ingénieure", job_title_en="Engineer", bio_fr="Ma vie.", bio_en=None, pronouns="elle"
    )
    client.force_login(user)
    profile = json.loads(client.get("/en/my-account/data.json").content)["speaker_profile"]
    assert (profile["job_title"], profile["bio"], profile["pronouns"]) == (
        {"fr": "Ingénieure", "en": "Engineer"},
        {"fr": "Ma vie.", "en": ""},
        "elle",
    )


def test_delete_my_account_frees_the_seat_and_erases_the_person(client, registration):
    event = registration.event
    event.capacity = 1
    event.save()
    waiting = RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=at("10:00"))
    email = registration.user.email
    assert client.post("/en/my-account/delete/", {}).status_code == 400
    response = client.post("/en/my-account/delete/", {"confirm": "yes"})
    assert response.status_code == 302

    registration.refresh_from_db()
    assert (
        registration.status,
        registration.first_name,
        registration.organisation,
        registration.dietary_requirements,
    ) == ("cancelled", "—", "", "")
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    travel = TravelDeclaration.objects.get(registration=registration)
    assert (travel.town, travel.latitude) == ("", None) and travel.distance_km > 300
    assert not OutgoingEmail.objects.filter(recipient__iexact=email).exists()
    user = registration.user
    user.refresh_from_db()
    assert (user.is_active, user.has_usable_password(), user.email.endswith("@deleted.invalid")) == (False, False, True)
    assert client.get("/en/my-registration/").status_code == 302  # logged out


def test_a_speakers_photo_is_removed_with_the_account(client, db, tmp_path):
    from django.core.files.base import ContentFile

    user = UserFactory()
    speaker = SpeakerFactory(user=user, bio_fr="Ma vie.", bio_en="My life.")
    SessionFactory(speakers=[speaker])  # the edition's speaker page shows who speaks in it
    speaker.photo.save("x.webp", ContentFile(b"RIFF"), save=True)
    path = speaker.photo.path
    client.force_login(user)
    client.post("/en/my-account/delete/", {"confirm": "yes"})
    speaker.refresh_from_db()
    # The bio is gone in both languages, whichever language the person deleted their account in.
    assert (speaker.bio_fr, speaker.bio_en, bool(speaker.photo), speaker.user) == ("", "", False, None)
    for language in ["fr", "en"]:
        with translation.override(language):
            response = client.get(reverse("speakers:detail", kwargs={"slug": speaker.slug}))
        page = response.content.decode()
        assert response.status_code == 200 and "Ma vie" not in page and "My life" not in page, language
    import os

    assert not os.path.exists(path)


def test_retention_anonymises_past_attendees_only(db):
    past = EventFactory(slug="last-year", date=EVENT_DATE - dt.timedelta(days=364), is_published=False)
    old = RegistrationFactory(event=past, first_name="Ancienne")
    current = RegistrationFactory(first_name="Actuelle")
    call_command("anonymise_past_attendees", "--days", "30")
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.first_name, current.first_name) == ("—", "Actuelle")


def test_consents_are_unticked_by_default_and_dated_when_changed(client, db):
    from registrations.forms import RegistrationForm
    from registrations.services import AttendeeDetails, update_registration_details

    form = RegistrationForm()
    assert not form["photo_consent"].initial and not form["news_opt_in"].initial
    registration = RegistrationFactory(news_opt_in=False)
    details = AttendeeDetails(
        first_name="A", last_name="B", organisation="C", job_title="D", category="client", news_opt_in=True
    )
    update_registration_details(registration, details)
    registration.refresh_from_db()
    assert registration.news_opt_in and registration.news_opt_in_changed_at is not None


def test_privacy_page_in_both_languages(client, db):
    EventFactory()
    assert "180 days after the event" in client.get("/en/privacy/").content.decode()
    assert client.get("/confidentialite/").status_code in (200, 404)


def test_a_speakers_trip_and_a_statement_sent_to_the_person_lose_their_address_with_the_account(client, db):
    from footprint.models import StatementDelivery

    user = UserFactory(email="ines@example.org")
    event = EventFactory()
    speaker = SpeakerFactory(user=user)
    TravelDeclaration.objects.create(
        speaker=speaker, event=event, town="Lyon (69)", latitude=45.76, longitude=4.84, mode="tgv"
    )
    StatementDelivery.objects.create(
        event=event, organisation_key="exemple", organisation="Exemple", recipient="Ines@example.org"
    )
    client.force_login(user)
    client.post("/en/my-account/delete/", {"confirm": "yes"})

    travel = TravelDeclaration.objects.get(speaker=speaker)
    assert (travel.town, travel.latitude) == ("", None) and travel.distance_km > 300  # still counted
    assert StatementDelivery.objects.get().recipient.endswith("@deleted.invalid")
