"""The organisers' back office: dashboard, lists, exports, announcements, roles."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from events.models import Session
from registrations.announcements import send_announcement
from registrations.dashboard import dashboard
from registrations.models import Announcement, OutgoingEmail, Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    at,
)
from tests.pdfs import SHIPPED_FONT, fonts_of

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "programme.schema.json").read_text())


@pytest.fixture
def event():
    """Known numbers: 10 seats, 4 confirmed (2 clients, 1 partner, 1 press), 2 waiting,
    1 cancelled; a workshop of 3 places with 2 booked and 1 waiting; 1 e-mail pending, 1 failed."""
    event = EventFactory(capacity=10)
    confirmed = [
        RegistrationFactory(
            event=event,
            category="client",
            first_name="Élodie",
            last_name="Hérault",
            organisation="Société Générale d'Écologie",
            dietary_requirements="Végétarien",
        ),
        RegistrationFactory(event=event, category="client", dietary_requirements=" végétarien "),
        RegistrationFactory(event=event, category="partner", accessibility_needs="Fauteuil roulant"),
        RegistrationFactory(event=event, category="press"),
    ]
    for _ in range(2):
        RegistrationFactory(event=event, status="waitlisted", queued_at=at("10:00"), confirmed_at=None)
    RegistrationFactory(event=event, status="cancelled", confirmed_at=None)
    workshop = SessionFactory(
        event=event,
        room=RoomFactory(event=event, capacity=3),
        kind=Session.Kind.WORKSHOP,
        title="Réparer",
        capacity=3,
        start=at("11:00"),
        end=at("12:00"),
    )
    for registration in confirmed[:2]:
        WorkshopBooking.objects.create(registration=registration, session=workshop, status="booked")
    WorkshopBooking.objects.create(
        registration=confirmed[2], session=workshop, status="waitlisted", queued_at=at("10:00")
    )
    OutgoingEmail.objects.create(recipient="a@example.org", kind="confirmed", status="pending")
    OutgoingEmail.objects.create(recipient="b@example.org", kind="confirmed", status="failed")
    return event


def test_dashboard_figures_match_the_database(event):
    figures = dashboard(event)
    assert (figures["confirmed"], figures["capacity"], figures["waiting"], figures["cancelled"]) == (4, 10, 2, 1)
    assert figures["seats_left"] == 6
    assert [(str(label), count) for label, count in figures["by_category"]] == [
        ("Client", 2),
        ("Partner", 1),
        ("Supplier", 0),
        ("Press", 1),
        ("Other", 0),
    ]
    assert [(w.title, w.booked, w.capacity, w.waiting) for w in figures["workshops"]] == [("Réparer", 2, 3, 1)]
    assert (figures["emails_pending"], figures["emails_failed"]) == (1, 1)
    assert sum(count for _, count in figures["per_day"]) == 7


def test_dashboard_page_shows_the_figures_as_charts_and_text(organiser_client, event):
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert "4 / 10" in page
    # Per category, per day, workshops, and the carbon footprint.
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 4
    assert "<title>Confirmed attendees per category</title>" in page
    assert '<th scope="row">11:00 Réparer</th><td>2</td><td>3</td><td>1</td>' in page


@pytest.mark.parametrize("registration_count", [10, 350])
def test_dashboard_query_count_is_bounded(organiser_client, django_assert_max_num_queries, registration_count):
    event = EventFactory(capacity=400)
    users = UserFactory.create_batch(registration_count)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status="confirmed",
            first_name="A",
            last_name=str(i),
            organisation="O",
            job_title="J",
            category="client",
            accepted_terms_at=at("10:00"),
            confirmed_at=at("10:00"),
        )
        for i, user in enumerate(users)
    )
    with django_assert_max_num_queries(20):
        response = organiser_client.get(reverse("admin:registrations_registration_dashboard"))
    assert f"{registration_count} / 400" in response.content.decode()


def test_csv_export_reads_back_with_accents_and_honours_the_filters(organiser_client, event):
    url = reverse("admin:registrations_registration_export_csv")
    everyone = organiser_client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(everyone), delimiter=";"))
    assert len(rows) == 1 + 7
    assert rows[[r[1] for r in rows].index("Hérault")][:2] == ["Élodie", "Hérault"]
    assert "Société Générale d'Écologie" in everyone
    clients = organiser_client.get(url + "?status__exact=confirmed&category__exact=client").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(clients), delimiter=";"))) == 1 + 2


def test_excel_export_reads_back(organiser_client, event):
    response = organiser_client.get(reverse("admin:registrations_registration_export_xlsx") + "?dietary=yes")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("First name", "Last name", "E-mail")
    assert sorted(row[7] for row in rows[1:]) == [" végétarien ", "Végétarien"]
    assert any(row[:2] == ("Élodie", "Hérault") for row in rows)


def test_programme_calendar_and_json(client, event):
    SessionFactory(
        event=event,
        kind=Session.Kind.PLENARY,
        title="Ouverture",
        start=at("09:00"),
        end=at("10:00"),
        speakers=[SpeakerFactory(name="Valérie Exemple")],
    )
    calendar = Calendar.from_ical(client.get("/en/programme.ics").content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Ouverture", "Réparer"]
    data = client.get("/en/programme.json").json()
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [s["title"] for s in data["sessions"]] == ["Ouverture", "Réparer"]
    assert data["speakers"][0]["name"] == "Valérie Exemple"


def test_workshop_sign_in_sheets_and_attendee_list(organiser_client, event):
    workshop = Session.objects.get(title="Réparer")
    changelist = reverse("admin:events_session_changelist")
    pdf = organiser_client.post(changelist, {"action": "sign_in_sheets", "_selected_action": [workshop.pk]}).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Réparer" in text and "HÉRAULT Élodie" in text
    assert fonts_of(pdf) <= SHIPPED_FONT  # the same on every machine, whatever fonts it has
    listing = organiser_client.post(changelist, {"action": "attendee_list", "_selected_action": [workshop.pk]})
    rows = list(csv.reader(io.StringIO(listing.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 2


def test_catering_summary(organiser_client, event):
    page = organiser_client.get(reverse("admin:registrations_registration_catering")).content.decode()
    assert '<th scope="row">végétarien</th><td>2</td>' in page
    assert "Fauteuil roulant" in page


def test_cancel_action_asks_first(organiser_client, event, django_capture_on_commit_callbacks):
    target = Registration.objects.get(last_name="Hérault")
    changelist = reverse("admin:registrations_registration_changelist")
    form = {"action": "cancel", "_selected_action": [target.pk]}
    assert "Cancel these registrations?" in organiser_client.post(changelist, form).content.decode()
    assert Registration.objects.get(pk=target.pk).status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(changelist, form | {"confirmed": "yes"})
    assert Registration.objects.get(pk=target.pk).status == "cancelled"
    # The freed seat (and the free ones the fixture left) went to the waiting list at once.
    assert (Registration.objects.waiting().count(), Registration.objects.confirmed().count()) == (0, 5)


def test_confirm_from_waiting_list_never_exceeds_capacity(organiser_client, event):
    waiting = list(Registration.objects.waiting())
    changelist = reverse("admin:registrations_registration_changelist")
    organiser_client.post(changelist, {"action": "confirm_from_waiting_list", "_selected_action": [waiting[1].pk]})
    assert Registration.objects.get(pk=waiting[1].pk).status == "confirmed"
    event.capacity = 5
    event.save()
    response = organiser_client.post(
        changelist, {"action": "confirm_from_waiting_list", "_selected_action": [waiting[0].pk]}, follow=True
    )
    assert "No seat is free for this category" in response.content.decode()
    assert Registration.objects.confirmed().count() == 5


def test_resend_and_check_in_actions(organiser_client, event, django_capture_on_commit_callbacks):
    target = Registration.objects.get(last_name="Hérault")
    changelist = reverse("admin:registrations_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(changelist, {"action": "resend_confirmation", "_selected_action": [target.pk]})
    assert OutgoingEmail.objects.filter(registration=target, kind="confirmed", status="sent").count() == 1
    organiser_client.post(changelist, {"action": "check_in", "_selected_action": [target.pk]})
    assert hasattr(Registration.objects.get(pk=target.pk), "check_in")


def test_registration_list_filters_load(organiser_client, event):
    workshop = Session.objects.get(title="Réparer")
    changelist = reverse("admin:registrations_registration_changelist")
    for query in [f"workshop={workshop.pk}", "checked_in=no", "dietary=yes", "accessibility=yes", "q=Hérault"]:
        response = organiser_client.get(f"{changelist}?{query}")
        assert response.status_code == 200, query
    assert response.context["cl"].result_count == 1


def test_announcement_to_one_workshops_attendees(event, django_capture_on_commit_callbacks):
    from django.core import mail

    workshop = Session.objects.get(title="Réparer")
    announcement = Announcement.objects.create(
        event=event,
        workshop=workshop,
        subject_fr="Salle changée",
        body_fr="Rendez-vous salle B.",
        subject_en="Room changed",
        body_en="Meet in room B.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_announcement(announcement) == 2
    booked = set(workshop.bookings.booked().values_list("registration__user__email", flat=True))
    assert {message.to[0] for message in mail.outbox} == booked


# --- Roles ------------------------------------------------------------------------------------


def test_each_role_reaches_what_it_needs_and_nothing_more(organisers_group, event):
    organiser, staff, attendee = Client(), Client(), Client()
    organiser_user = UserFactory(is_staff=True)
    organiser_user.groups.add(Group.objects.get(name="Organisers"))
    organiser.force_login(organiser_user)
    staff_user = UserFactory()
    staff_user.groups.add(Group.objects.get(name="Accueil"))
    staff.force_login(staff_user)
    attendee.force_login(Registration.objects.first().user)

    back_office = [
        reverse("admin:index"),
        reverse("admin:registrations_registration_dashboard"),
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:registrations_registration_export_csv"),
        reverse("admin:registrations_outgoingemail_changelist"),
        reverse("admin:events_session_changelist"),
    ]
    for url in back_office:
        assert organiser.get(url).status_code == 200, url
        assert staff.get(url).status_code == 302, url  # to the admin login: not staff
        assert attendee.get(url).status_code == 302, url
    assert organiser.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert staff.get("/en/check-in/").status_code == 200
    assert organiser.get("/en/check-in/").status_code == 200
    assert attendee.get("/en/check-in/").status_code == 403
