import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from day.badges import badge_for_organiser, badge_for_registration, badge_for_speaker
from day.checkin import CheckInError, check_in, check_in_badge
from day.models import CheckIn
from day.tokens import badge_token
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_day(clock):
    # Check-ins are recorded only around the event's day (Event.check_in_opens_days_before).
    clock.move_to("the day")


@pytest.fixture
def registration():
    return RegistrationFactory(first_name="Inès", last_name="Garnier", category="client")


def scan(desk, token):
    return desk.post("/en/check-in/", {"token": token})


def test_scanning_a_confirmed_badge_checks_in_once_with_workshops(desk, staff, registration):
    workshop = SessionFactory(
        event=registration.event, kind="workshop", title="Réparer", start=at("11:00"), end=at("12:00")
    )
    WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    response = scan(desk, badge_for_registration(registration).token)
    page = response.content.decode()
    assert "Checked in" in page and "Inès Garnier" in page and "Réparer" in page
    record = CheckIn.objects.get()
    assert (record.registration, record.checked_in_by) == (registration, staff)
    assert '1</strong> / <span id="confirmed-count">1' in page


def test_scanning_twice_says_when_and_by_whom(desk, registration):
    token = badge_for_registration(registration).token
    scan(desk, token)
    page = scan(desk, token).content.decode()
    assert "Already checked in" in page
    assert "by Sam Accueil" in page
    assert CheckIn.objects.count() == 1


def test_a_forged_or_altered_badge_is_refused(desk, registration):
    token = badge_for_registration(registration).token
    page = scan(desk, token[:-2] + "xx").content.decode()
    assert "Not a valid badge" in page
    assert "Not a valid badge" in scan(desk, f"{registration.event_id}.r{registration.pk}").content.decode()
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "title"), [("cancelled", "Registration cancelled"), ("waitlisted", "Waiting list: not confirmed")]
)
def test_cancelled_or_waiting_registrations_are_refused(desk, status, title):
    registration = RegistrationFactory(status=status, queued_at=at("10:00"), confirmed_at=None)
    page = scan(desk, badge_token(event_id=registration.event_id, kind="registration", pk=registration.pk))
    assert title in page.content.decode()
    assert CheckIn.objects.count() == 0


def test_a_badge_of_another_event_is_refused(desk, registration):
    other_event = EventFactory(
        slug="edition-precedente", date=registration.event.date - dt.timedelta(days=364), is_published=False
    )
    old = RegistrationFactory(event=other_event)
    assert "Not for this event" in scan(desk, badge_for_registration(old).token).content.decode()


def test_speaker_and_organiser_badges_are_welcomed(desk, registration, staff):
    speaker = SpeakerFactory(name="Aurore Stephant")
    assert "Speaker badge: welcome" in scan(desk, badge_for_speaker(speaker, registration.event).token).content.decode()
    organiser = UserFactory(is_staff=True, first_name="Camille", last_name="Roussel")
    page = scan(desk, badge_for_organiser(organiser, registration.event).token).content.decode()
    assert "Organiser badge: welcome" in page and "Camille Roussel" in page


def test_search_by_name_and_check_in_from_the_results(desk, registration):
    page = desk.get("/en/check-in/", {"q": "garn"}).content.decode()
    assert "Inès Garnier" in page
    desk.post("/en/check-in/?q=garn", {"registration": registration.pk})
    assert CheckIn.objects.filter(registration=registration).exists()


def test_check_in_of_an_unknown_registration_answers_404(desk, registration):
    assert desk.post("/en/check-in/", {"registration": 999999}).status_code == 404


def test_check_in_pages_are_for_check_in_staff_only(client, registration):
    assert client.get("/en/check-in/").status_code == 302
    client.force_login(registration.user)
    assert client.get("/en/check-in/").status_code == 403
    assert client.post("/en/check-in/", {"token": badge_for_registration(registration).token}).status_code == 403
    assert client.get("/en/check-in/count/").status_code == 403
    assert CheckIn.objects.count() == 0


def test_organisers_can_check_in_too(organiser_client, registration):
    assert organiser_client.get("/en/check-in/").status_code == 200


def test_accueil_group_has_only_the_check_in_permission(staff):
    assert staff.get_all_permissions() == {"registrations.check_in"}


def test_live_counter(desk, registration):
    RegistrationFactory(event=registration.event)
    scan(desk, badge_for_registration(registration).token)
    assert desk.get("/en/check-in/count/").json() == {"checked_in": 1, "confirmed": 2}


def test_check_in_page_is_valid_accessible_html(desk, registration):
    from tests.html import assert_valid_accessible_html

    assert_valid_accessible_html(scan(desk, badge_for_registration(registration).token), "en")
    assert_valid_accessible_html(desk.get("/en/check-in/", {"q": "Gar"}), "en")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_scanning_the_same_badge_at_once_record_one_check_in(organisers_group):
    registration = RegistrationFactory()
    desks = [UserFactory(), UserFactory()]
    start = threading.Barrier(2)
    token = badge_for_registration(registration).token

    def scan_at(staff):
        start.wait()
        try:
            return check_in_badge(token, event=registration.event, staff=staff)
        except CheckInError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(scan_at, desks))

    assert sorted(type(o).__name__ if not isinstance(o, str) else o for o in outcomes) == [
        "CheckIn",
        "already_checked_in",
    ]
    assert CheckIn.objects.count() == 1


def test_check_in_service_refuses_twice(registration, staff):
    check_in(registration, staff=staff)
    with pytest.raises(CheckInError) as caught:
        check_in(registration, staff=staff)
    assert caught.value.code == "already_checked_in"
