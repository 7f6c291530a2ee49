"""The workshops' attendee lists and sign-in sheets (registrations.sign_in_sheets), from the
agenda's admin."""

import csv
import io

import html5lib
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from events.models import Session
from registrations import sign_in_sheets
from tests.factories import RegistrationFactory, SessionFactory, WorkshopBookingFactory, at
from tests.pdfs import SHIPPED_FONT, fonts_of

pytestmark = pytest.mark.django_db


def test_workshop_sign_in_sheets_and_attendee_list(organiser_client, event_with_known_numbers):
    workshop = Session.objects.get(title="Réparer")
    changelist = reverse("admin:events_session_changelist")
    pdf = organiser_client.post(changelist, {"action": "sign_in_sheets", "_selected_action": [workshop.pk]}).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Réparer" in text and "HÉRAULT Élodie" in text
    assert fonts_of(pdf) <= SHIPPED_FONT  # the same on every machine, whatever fonts it has
    listing = organiser_client.post(changelist, {"action": "attendee_list", "_selected_action": [workshop.pk]})
    rows = list(csv.reader(io.StringIO(listing.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 2


def test_a_workshops_attendees_are_those_booked_by_last_name(db):
    booking = WorkshopBookingFactory(registration__last_name="martin", registration__first_name="Zoé")
    workshop, event = booking.session, booking.registration.event
    for last_name, first_name, status in [
        ("Martin", "Anne", "booked"),
        ("Abel", "Léa", "booked"),
        ("Bernard", "Jo", "waitlisted"),
    ]:
        WorkshopBookingFactory(
            registration=RegistrationFactory(event=event, last_name=last_name, first_name=first_name),
            session=workshop,
            status=status,
        )
    assert [(r.last_name, r.first_name) for r in sign_in_sheets.workshop_attendees(workshop)] == [
        ("Abel", "Léa"),
        ("Martin", "Anne"),
        ("martin", "Zoé"),
    ]


@pytest.fixture
def translated_workshops(db):
    booking = WorkshopBookingFactory(
        registration__last_name="Hérault",
        registration__first_name="Élodie",
        session__kind=Session.Kind.WORKSHOP,
        session__title_fr="Réparer son ordinateur",
        session__title_en="Repairing your computer",
        session__room__name_fr="Salle Seine",
        session__room__name_en="Seine Room",
    )
    french_only = SessionFactory(
        event=booking.session.event,
        kind=Session.Kind.WORKSHOP,
        title_fr="La fresque du numérique",
        room__name_fr="Salle Loire",
        start=at("14:00"),
        end=at("15:00"),
    )
    without_english(french_only, title="", room_name=None)
    return [booking.session, french_only]


def without_english(session, *, title, room_name):
    session.title_en = title
    session.save()
    session.room.name_en = room_name
    session.room.save()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Repairing your computer", "Seine Room", "Name", "1 booked of", "La fresque du numérique"]),
        (
            "fr",
            ["Réparer son ordinateur", "Salle Seine", "Nom", "1 sur", "places réservées", "La fresque du numérique"],
        ),
    ],
)
def test_sign_in_sheets_are_in_the_organisers_language(organiser_client, translated_workshops, language, expected):
    with translation.override(language):
        changelist = reverse("admin:events_session_changelist")
    selected = [workshop.pk for workshop in translated_workshops]
    pdf = organiser_client.post(changelist, {"action": "sign_in_sheets", "_selected_action": selected}).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert [part in text for part in expected] == [True] * len(expected)
    assert "HÉRAULT Élodie" in text


def test_a_french_title_on_an_english_sign_in_sheet_is_marked_as_french(translated_workshops):
    with translation.override("en"):
        document = html5lib.parse(sign_in_sheets.sign_in_sheets_html(translated_workshops), namespaceHTMLElements=False)
    assert document.get("lang") == "en"
    assert [(h1.text, h1.get("lang")) for h1 in document.iter("h1")] == [
        ("Repairing your computer", None),
        ("La fresque du numérique", "fr"),
    ]
    marked = ["".join(element.itertext()) for element in document.find("body").iter() if element.get("lang") == "fr"]
    assert marked == ["La fresque du numérique", "Salle Loire"]
    with translation.override("fr"):
        document = html5lib.parse(sign_in_sheets.sign_in_sheets_html(translated_workshops), namespaceHTMLElements=False)
    assert document.get("lang") == "fr"
    assert [element for element in document.find("body").iter() if element.get("lang")] == []
