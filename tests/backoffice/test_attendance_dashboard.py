"""The dashboard's figures of the day: per workshop booked against attended, and per
category the show rate (checked in / confirmed), walk-ins apart, next to the event's
expected rates; the next edition's catering page proposes the rates measured."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.dashboard import attendance_per_category, measured_show_rates
from day.models import WorkshopAttendance
from tests.factories import (
    CheckInFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
    workshop_in_its_room,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_day(db):
    """Today's event: 4 clients confirmed (3 came, of whom the one who had reconfirmed; the
    other who reconfirmed did not), 2 partners (1 came), 1 press walk-in; a workshop of 3
    places with 2 booked, attended by 1 of them and by 1 person not booked."""
    event = EventFactory(capacity=20, date=timezone.localdate(), show_rates={"client": 80})
    staff = UserFactory()
    reconfirmed = {"reconfirmed_at": at("10:00", event.date - dt.timedelta(days=5))}
    clients = [RegistrationFactory(event=event, category="client", **reconfirmed) for _ in range(2)]
    clients += [RegistrationFactory(event=event, category="client") for _ in range(2)]
    partners = [RegistrationFactory(event=event, category="partner") for _ in range(2)]
    walk_in = RegistrationFactory(event=event, category="press", user=None, is_walk_in=True)
    RegistrationFactory(event=event, category="client", status="cancelled")
    for registration in [clients[0], clients[2], clients[3], partners[0], walk_in]:
        CheckInFactory(registration=registration, checked_in_by=staff)
    workshop = workshop_in_its_room(event, "11:00", "12:00", capacity=3, title="Réparer")
    for registration in clients[:2]:
        WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    for registration, booking in [(clients[0], "booked"), (partners[0], "not_booked")]:
        WorkshopAttendance.objects.create(
            registration=registration, session=workshop, booking=booking, attended_at=at("11:05"), recorded_by=staff
        )
    return event


def test_show_rate_per_category_and_in_all(the_day):
    figures = attendance_per_category(the_day)
    client, partner, _supplier, press, _other = figures["lines"]
    assert (client.confirmed, client.came, client.show_rate) == (4, 3, 75)
    assert (client.not_reconfirmed, client.not_reconfirmed_came, client.not_reconfirmed_rate) == (2, 2, 100)
    assert client.expected_rate == 80
    assert (partner.confirmed, partner.came, partner.show_rate, partner.expected_rate) == (2, 1, 50, 85)
    # A walk-in came by definition: counted apart, not in the rate.
    assert (press.confirmed, press.came, press.show_rate, press.walk_ins) == (0, 0, None, 1)
    total = figures["total"]
    assert (total.confirmed, total.came, total.show_rate, total.walk_ins) == (6, 4, 67, 1)


def test_the_rates_measured_leave_walk_ins_out(the_day):
    assert measured_show_rates(the_day) == {"client": 75, "partner": 50}


def test_the_dashboard_shows_workshops_attended_and_the_show_rates(the_day, organiser_client):
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert "Réparer</th><td>2</td><td>3</td><td>0</td><td>2</td><td>1</td></tr>" in page
    assert '<th scope="row">Client</th><td>4</td><td>3</td><td>75 %</td><td>2 / 2 (100 %)</td><td>80 %</td>' in page
    assert '<th scope="row">All categories</th><td>6</td><td>4</td><td>67 %</td>' in page


def test_before_the_day_the_show_rates_are_not_shown(organiser_client):
    EventFactory(date=timezone.localdate() + dt.timedelta(days=30))
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert "show rate per category" not in page


def test_the_dashboard_stays_within_its_queries_with_the_days_figures(
    the_day, organiser_client, django_assert_max_num_queries
):
    # A fixed number per section, never one per registration. The footprint's lines add eleven:
    # whether the desk is used, the speakers' and organisers' trips, the programme's speakers, and
    # the measured side (the event's period, the organisers' inputs, e-mails, page views, PDFs,
    # badge print runs, badges printed at the desk, badges on phones).
    with django_assert_max_num_queries(31):
        response = organiser_client.get(reverse("admin:registrations_registration_dashboard"))
    assert response.status_code == 200
