"""What an attendee goes through, by the test client: sign up, verify, register, book,
cancel — and every way the forms can be misused. The account flows on their own (sign-up,
login, reset, rate limits) are in tests/accounts/test_flows.py."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from events.models import Session
from registrations.models import Registration, WorkshopBooking
from tests.edition import days_ago
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
    event_with_opening,
    workshop_in_its_room,
)
from tests.forms import PASSWORD, REGISTRATION_FORM
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db(transaction=True)

FORM = REGISTRATION_FORM


@pytest.fixture
def event(db):
    return event_with_opening(capacity=2)


@pytest.fixture
def workshops(event):
    def workshop(title, slug, room_name, start, end, capacity=1):
        return workshop_in_its_room(event, start, end, capacity=capacity, room_name=room_name, title=title, slug=slug)

    return {
        "repair": workshop("Réparer", "reparer", "Salon Iéna", "11:00", "12:00"),
        "data": workshop("Données sobres", "donnees", "Salon Alma", "11:30", "12:30"),
        "afternoon": workshop("Low-tech", "low-tech", "Salon Marceau", "14:00", "15:00"),
    }


def verified_client(client, email="aurore@example.org"):
    user = UserFactory(email=email, password=PASSWORD, verified=True)
    client.force_login(user)
    return user


def test_sign_up_verify_register_book_and_cancel(client, event, workshops):
    # Sign up: a verification e-mail, and no access before the address is verified.
    response = client.post(
        "/en/accounts/signup/", {"email": "aurore@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    verification = mail.outbox[-1]
    assert verification.to == ["aurore@example.org"]
    confirm_url = re.search(r"https?://[^/]+(/\S+/confirm-email/\S+/)", verification.body).group(1)
    assert client.get("/en/register/").status_code != 200 or "verif" in client.get("/en/register/").content.decode()

    # Verify: following the link (and confirming) logs the person in.
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302

    # Register: the seat is confirmed at once.
    page = client.get("/en/register/")
    assert page.status_code == 200
    response = client.post("/en/register/", FORM)
    assert response.status_code == 302 and response["Location"] == "/en/my-registration/"
    registration = Registration.objects.get(user__email="aurore@example.org")
    assert (registration.status, registration.organisation, registration.photo_consent) == (
        "confirmed",
        "Mines & Métaux",
        True,
    )
    page = client.get("/en/my-registration/").content.decode()
    assert "Your seat is confirmed." in page
    assert "Mines &amp; Métaux" in page

    # Book a workshop; the overlapping one is refused with a clear message.
    client.post(f"/en/my-registration/workshops/{workshops['repair'].pk}/book/")
    response = client.post(f"/en/my-registration/workshops/{workshops['data'].pk}/book/", follow=True)
    assert "This workshop overlaps “Réparer”" in response.content.decode()
    assert list(registration.bookings.values_list("session__slug", "status")) == [("reparer", "booked")]

    # The calendar file holds the plenary and the booked workshop, in Paris time.
    calendar = Calendar.from_ical(client.get("/en/my-registration/agenda.ics").content)
    events = sorted((str(e["summary"]), e.decoded("dtstart").isoformat()) for e in calendar.walk("VEVENT"))
    assert events == [("Ouverture", at("09:00").isoformat()), ("Réparer", at("11:00").isoformat())]

    # Cancel, after a confirmation step.
    assert "Do you really want to cancel" in client.get("/en/my-registration/cancel/").content.decode()
    client.post("/en/my-registration/cancel/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.bookings.get().status == "cancelled"


def test_full_event_puts_the_next_person_on_the_waiting_list_then_promotes(client, event):
    RegistrationFactory.create_batch(2, event=event)
    user = verified_client(client)
    client.post("/en/register/", FORM)
    page = client.get("/en/my-registration/").content.decode()
    assert "You are number 1 on the waiting list." in page

    mail.outbox.clear()
    leaver = Registration.objects.confirmed().first()
    leaver_client = client.__class__()
    leaver_client.force_login(leaver.user)
    leaver_client.post("/en/my-registration/cancel/")

    assert Registration.objects.get(user=user).status == "confirmed"
    assert [m.subject for m in mail.outbox if m.to == [user.email]] == [
        "A seat freed up: you are confirmed for Tech For Climate"
    ]


def test_registration_form_reports_every_missing_field(client, event):
    verified_client(client)
    response = client.post("/en/register/", {"first_name": "Aurore"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"last_name", "organisation", "job_title", "category", "accept_terms"}
    assert errors["accept_terms"] == ["You must accept the terms to register."]
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_last_name_error"' in page
    assert Registration.objects.count() == 0


def test_registration_form_refuses_an_unknown_category(client, event):
    verified_client(client)
    response = client.post("/en/register/", FORM | {"category": "vip"})
    assert "category" in response.context["form"].errors
    assert Registration.objects.count() == 0


def test_registration_errors_are_in_french_on_the_french_site(client, event):
    verified_client(client)
    response = client.post("/inscription/", {})
    assert "Vous devez accepter les conditions pour vous inscrire." in response.content.decode()


def test_double_submission_makes_one_registration(client, event):
    verified_client(client)
    client.post("/en/register/", FORM)
    response = client.post("/en/register/", FORM, follow=True)
    assert "You are already registered." in response.content.decode()
    assert Registration.objects.count() == 1


def test_registration_outside_the_window_says_so(client, db):
    EventFactory(
        registration_closes_at=days_ago(10),
        registration_opens_at=days_ago(40),
    )
    verified_client(client)
    response = client.get("/en/register/")
    assert response.status_code == 200
    assert "Registration closed on" in response.content.decode()
    response = client.post("/en/register/", FORM)
    assert Registration.objects.count() == 0


def test_unverified_account_cannot_register(client, event):
    user = UserFactory(email="pas-verifie@example.org", password=PASSWORD)
    client.force_login(user)
    response = client.post("/en/register/", FORM)
    assert Registration.objects.count() == 0
    assert "verif" in response.content.decode().lower()


def test_anonymous_visitor_is_sent_to_log_in(client, event):
    for url in ["/en/register/", "/en/my-registration/", "/en/my-registration/agenda.ics"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/"), url


def test_another_persons_booking_answers_404(client, event, workshops):
    other = RegistrationFactory(event=event)
    WorkshopBookingFactory(registration=other, session=workshops["repair"], status="booked")
    verified_client(client)
    client.post("/en/register/", FORM)
    response = client.post(f"/en/my-registration/workshops/{workshops['repair'].pk}/cancel/")
    assert response.status_code == 404
    assert WorkshopBooking.objects.get(registration=other).status == "booked"


def test_booking_a_plenary_or_another_events_session_answers_404(client, event):
    verified_client(client)
    client.post("/en/register/", FORM)
    plenary = Session.objects.get(slug="ouverture")
    assert client.post(f"/en/my-registration/workshops/{plenary.pk}/book/").status_code == 404
    assert client.post("/en/my-registration/workshops/999999/book/").status_code == 404


def test_booking_needs_post(client, event, workshops):
    verified_client(client)
    client.post("/en/register/", FORM)
    assert client.get(f"/en/my-registration/workshops/{workshops['repair'].pk}/book/").status_code == 405


def test_person_without_registration_has_no_agenda_or_cancel(client, event):
    verified_client(client)
    assert "You are not registered" in client.get("/en/my-registration/").content.decode()
    assert client.get("/en/my-registration/agenda.ics").status_code == 404
    assert client.post("/en/my-registration/cancel/").status_code == 404
    assert client.get("/en/my-registration/edit/").status_code == 404


def test_details_can_be_changed(client, event):
    verified_client(client)
    client.post("/en/register/", FORM)
    response = client.post("/en/my-registration/edit/", FORM | {"dietary_requirements": "sans gluten"})
    assert response.status_code == 302
    assert Registration.objects.get().dietary_requirements == "sans gluten"


def test_full_workshop_offers_its_waiting_list_on_the_page(client, event, workshops):
    holder = RegistrationFactory(event=event)
    WorkshopBookingFactory(registration=holder, session=workshops["repair"], status="booked")
    verified_client(client)
    client.post("/en/register/", FORM)
    page = client.get("/en/my-registration/").content.decode()
    assert "Join the waiting list" in page
    client.post(f"/en/my-registration/workshops/{workshops['repair'].pk}/book/")
    assert "Waiting list, number 1" in client.get("/en/my-registration/").content.decode()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_attendee_pages_are_valid_accessible_html(client, event, workshops, prefix):
    verified_client(client)
    lang = "en" if prefix else "fr"
    register_url, mine_url = (
        ("/en/register/", "/en/my-registration/") if prefix else ("/inscription/", "/mon-inscription/")
    )
    assert_valid_accessible_html(client.post(register_url, {}), lang)
    client.post(register_url, FORM)
    for url in [
        mine_url,
        mine_url + ("edit/" if prefix else "modifier/"),
        mine_url + ("cancel/" if prefix else "annuler/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_valid_accessible_html(response, lang)
