"""The offline desk's server side: the day's list and the sync of the desks' scans."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from day.badges import badge_for_organiser, badge_for_registration, badge_for_speaker
from day.desk import Scan, code_hash, day_list, record_scan
from day.models import CheckIn, DeskScan, WorkshopAttendance
from tests.edition import EVENT_DATE
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
    confirmed_registrations_in_bulk,
    workshop_in_its_room,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def morning_of_the_event(clock):
    # The scans are made on the event's day; the desk would take a later time for a clock
    # "in the future".
    clock.move_to(at("09:30"))


@pytest.fixture
def registration():
    return RegistrationFactory(first_name="Inès", last_name="Garnier", organisation="Recyclo", category="client")


def sync(desk, *scans):
    return desk.post("/en/check-in/sync/", json.dumps({"scans": list(scans)}), content_type="application/json")


def scan_of(registration_or_token, *, time="08:47", desk_name="desk 2", client_id=None, **extra):
    token = registration_or_token
    if not isinstance(token, str):
        token = badge_for_registration(registration_or_token).token
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "code": token,
        "scanned_at": at(time).isoformat(),
        "desk": desk_name,
        "mode": "check_in",
    } | extra


def test_the_list_holds_what_the_desk_shows_and_no_email(desk, registration):
    workshop = workshop_in_its_room(registration.event, "11:00", "12:00", capacity=10, title="Réparer")
    WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    cancelled = RegistrationFactory(event=registration.event, status="cancelled", first_name="Zoé")
    speaker = SpeakerFactory(name="Aurore Stephant")
    SessionFactory(event=registration.event, speakers=[speaker])
    response = desk.get("/en/check-in/list/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = response.json()
    people = {entry["h"]: entry for entry in data["people"]}
    mine = people[code_hash(badge_for_registration(registration).token)]
    assert (mine["n"], mine["o"], mine["s"]) == ("Inès Garnier", "Recyclo", "confirmed")
    assert [data["workshops"][str(pk)] for pk in mine["w"]] == [f"11:00 Réparer ({workshop.room.name})"]
    assert data["categories"][mine["c"]] == registration.get_category_display()
    assert people[code_hash(badge_for_registration(cancelled).token)]["s"] == "cancelled"
    assert people[code_hash(badge_for_speaker(speaker, registration.event).token)]["s"] == "speaker"
    assert registration.user.email not in response.content.decode()
    assert "@" not in response.content.decode()


def test_the_list_tells_who_is_already_checked_in_where(desk, registration):
    sync(desk, scan_of(registration, time="08:47", desk_name="desk 2"))
    entry = next(e for e in desk.get("/en/check-in/list/").json()["people"] if e["n"] == "Inès Garnier")
    assert (entry["s"], entry["t"], entry["d"]) == ("in", "08:47", "desk 2")


def test_the_list_for_350_people_weighs_under_100_kb(desk):
    event = EventFactory()
    registrations = confirmed_registrations_in_bulk(event, 350)
    for index, registration in enumerate(registrations[:60]):
        registration.first_name, registration.last_name = "Marie-Christine", f"de La Fontaine-Dupont {index}"
        registration.organisation = "Association pour la sobriété numérique"
        registration.save()
    workshop = workshop_in_its_room(event, "11:00", "12:00", capacity=400, title="Mesurer l'empreinte du numérique")
    for registration in registrations:
        WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    response = desk.get("/en/check-in/list/")
    assert len(response.json()["people"]) >= 350
    assert len(response.content) < 100_000


def test_the_list_is_for_check_in_staff_and_organisers_only(organiser_client, registration):
    from django.test import Client

    client = Client()
    assert client.get("/en/check-in/list/").status_code == 302
    client.force_login(registration.user)
    assert client.get("/en/check-in/list/").status_code == 403
    assert client.post("/en/check-in/sync/", {}, content_type="application/json").status_code == 403
    assert organiser_client.get("/en/check-in/list/").status_code == 200


def test_the_list_expires_after_the_day(desk, registration, clock):
    import datetime as dt

    clock.move_to(at("23:59"))
    assert desk.get("/en/check-in/list/").status_code == 200
    clock.move_to(at("00:01", at("00:00").date() + dt.timedelta(1)))
    response = desk.get("/en/check-in/list/")
    assert response.status_code == 410
    assert response.json()["people"] == [] and "expired" in response.json()["message"]


def test_a_resent_scan_is_recorded_once_with_the_same_answer(desk, registration):
    scan = scan_of(registration)
    first = sync(desk, scan).json()["answers"][0]
    again = sync(desk, scan).json()["answers"][0]
    assert first["outcome"] == again["outcome"] == "checked_in"
    assert first["title"] == "Checked in" and first["name"] == "Inès Garnier"
    assert (CheckIn.objects.count(), DeskScan.objects.count()) == (1, 1)
    check_in = CheckIn.objects.get()
    assert (check_in.desk, str(check_in.client_id), check_in.checked_in_at) == (
        "desk 2",
        scan["client_id"],
        at("08:47"),
    )


def test_the_second_scan_is_told_already_checked_in_at_which_desk(desk, registration):
    sync(desk, scan_of(registration, time="08:47", desk_name="desk 2"))
    answer = sync(desk, scan_of(registration, time="08:52", desk_name="desk 1")).json()["answers"][0]
    assert answer["outcome"] == "already_checked_in" and answer["tone"] == "warning"
    assert answer["message"] == "Already checked in at 08:47 by Sam Accueil."
    assert answer["conflict"] == "Already checked in at 08:47 at desk 2."
    assert CheckIn.objects.count() == 1


def test_an_earlier_scan_arriving_later_wins_and_both_desks_learn_of_the_other(desk, registration):
    late_desk = sync(desk, scan_of(registration, time="08:52", desk_name="desk 1")).json()["answers"][0]
    assert late_desk["outcome"] == "checked_in"
    answer = sync(desk, scan_of(registration, time="08:47", desk_name="desk 2")).json()["answers"][0]
    assert answer["outcome"] == "checked_in"
    assert answer["conflict"] == "Also scanned at desk 1 at 08:52."
    check_in = CheckIn.objects.get()
    assert (check_in.checked_in_at, check_in.desk) == (at("08:47"), "desk 2")


def test_the_organisers_action_and_the_desks_check_in_by_one_rule_each_in_its_own_words(
    desk, staff, registration, organiser
):
    """`checkin.check_in` for both: the action at 09:30, then a desk's queued scan of 08:47,
    which wins by its time; the action again is told when and by whom."""
    back_office = Client()
    back_office.force_login(organiser)
    changelist = reverse("admin:registrations_registration_changelist")
    back_office.post(changelist, {"action": "check_in", "_selected_action": [registration.pk]})
    assert CheckIn.objects.get().checked_in_at == at("09:30")

    answer = sync(desk, scan_of(registration, time="08:47", desk_name="desk 2")).json()["answers"][0]

    assert (answer["outcome"], answer["title"]) == ("checked_in", "Checked in")
    check_in = CheckIn.objects.get()
    assert (check_in.checked_in_at, check_in.desk, check_in.checked_in_by) == (at("08:47"), "desk 2", staff)
    again = back_office.post(changelist, {"action": "check_in", "_selected_action": [registration.pk]}, follow=True)
    assert "Inès Garnier: Already checked in at 08:47 by Sam Accueil." in again.content.decode()
    assert CheckIn.objects.count() == 1


def test_refusals_are_recorded_and_answered_in_the_desks_words(desk, registration):
    cancelled = RegistrationFactory(event=registration.event, status="cancelled")
    answers = sync(desk, scan_of(cancelled), scan_of("garbage"), scan_of(registration)).json()["answers"]
    assert [a["outcome"] for a in answers] == ["cancelled", "invalid", "checked_in"]
    assert answers[0]["title"] == "Registration cancelled" and answers[0]["tone"] == "error"
    assert answers[1]["message"] == "Not a valid badge: the code was forged, altered or misread."
    assert DeskScan.objects.count() == 3 and CheckIn.objects.count() == 1


def test_speakers_and_organisers_are_welcomed(desk, registration):
    speaker = SpeakerFactory(name="Aurore Stephant")
    organiser = UserFactory(is_staff=True, first_name="Camille", last_name="Roussel")
    answers = sync(
        desk,
        scan_of(badge_for_speaker(speaker, registration.event).token),
        scan_of(badge_for_organiser(organiser, registration.event).token),
    ).json()["answers"]
    assert [(a["title"], a["name"]) for a in answers] == [
        ("Speaker badge: welcome", "Aurore Stephant"),
        ("Organiser badge: welcome", "Camille Roussel"),
    ]


HOSTILE_ITEMS = {
    "not an object": ["a", "list"],
    "a time that is not one": {"scanned_at": "yesterday"},
    "a time in year 1": {"scanned_at": "0001-01-01T00:00:00+14:00"},
    "a time in year 9999": {"scanned_at": "9999-12-31T23:59:59-12:00"},
    "a time without an offset": {"scanned_at": "2027-06-08T08:47:00"},
    "a NUL byte in the desk's name": {"desk": "desk\x00 2"},
    "a NUL byte in the code": {"code": "1.r1:abc\x00"},
    "a desk name too long for its column": {"desk": "d" * 51},
    "a number for the code": {"code": 12345},
    "an object for the desk": {"desk": {"$gt": ""}},
    "an unknown mode": {"mode": "exit"},
    "a workshop of no event": {"mode": "workshop", "session": "99999999999999999999"},
    "an unknown key": {"admin": True},
    "no id": {"client_id": "not-a-uuid"},
}


def hostile(registration, name):
    change = HOSTILE_ITEMS[name]
    return scan_of(registration) | change if isinstance(change, dict) else change


@pytest.mark.parametrize("name", HOSTILE_ITEMS)
def test_a_bad_item_is_refused_alone_with_a_reason_and_the_rest_of_the_batch_goes_on(desk, registration, name):
    other = RegistrationFactory(event=registration.event)
    bad = hostile(registration, name)
    response = sync(desk, bad, scan_of(other))
    assert response.status_code == 200
    refused, recorded = response.json()["answers"]
    assert (refused["outcome"], refused["tone"], refused["title"]) == ("unreadable", "error", "Scan not read")
    assert refused["message"]
    if isinstance(bad, dict) and name != "no id":
        assert refused["client_id"] == bad["client_id"]  # so that the desk drops it from its queue
    assert recorded["outcome"] == "checked_in"
    assert list(CheckIn.objects.values_list("registration", flat=True)) == [other.pk]
    assert desk.get("/en/check-in/list/").status_code == 200
    assert desk.get("/en/check-in/", {"q": registration.last_name}).status_code == 200


@pytest.mark.parametrize("year", [1, 9999])
def test_the_database_keeps_no_scan_time_a_clock_cannot_show(registration, staff, year):
    from django.db import IntegrityError, transaction

    forged = dt.datetime(year, 1, 2, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(registration=registration, checked_in_at=forged, checked_in_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskScan.objects.create(
            client_id=uuid.uuid4(), event=registration.event, staff=staff, scanned_at=forged, outcome="checked_in"
        )


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"scans": "all"}).encode(),
        json.dumps({"scans": [{}] * 501}).encode(),
        b'{"scans": [' + b'"x",' * 70_000 + b'"x"]}',
        "\udcff".encode("utf-8", "surrogatepass"),
    ],
    ids=["not JSON", "deep", "not a list", "too many", "too large", "not UTF-8"],
)
def test_a_body_that_is_no_batch_is_refused_whole_before_any_work(desk, registration, body):
    response = desk.post("/en/check-in/sync/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == "These scans could not be read."
    assert DeskScan.objects.count() == 0


def test_the_sync_needs_the_csrf_token(registration, staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = sync(client, scan_of(registration))
    assert response.status_code == 403 and CheckIn.objects.count() == 0


def test_a_scan_from_a_clock_in_the_future_counts_as_received_now(registration, staff):
    scan = Scan(client_id=uuid.uuid4(), code=badge_for_registration(registration).token, scanned_at=at("09:30"))
    answer = record_scan(registration.event, scan, staff=staff, now=at("08:50"))
    assert CheckIn.objects.get().checked_in_at == at("08:50")
    assert "could not be trusted" in answer.note and "08:50" in answer.note


@pytest.mark.parametrize(
    "scanned_at",
    [at("07:00", EVENT_DATE - dt.timedelta(days=30)), at("23:00", EVENT_DATE - dt.timedelta(days=2))],
    ids=["a month before", "before the window opened"],
)
def test_a_scan_time_before_the_window_or_older_than_a_queue_is_replaced_by_the_servers(desk, registration, scanned_at):
    answer = sync(desk, scan_of(registration) | {"scanned_at": scanned_at.isoformat()}).json()["answers"][0]
    assert answer["outcome"] == "checked_in" and "could not be trusted" in answer["note"]
    assert CheckIn.objects.get().checked_in_at == at("09:30")


def test_a_scan_queued_overnight_since_the_badge_pick_up_keeps_its_time(desk, registration):
    evening_before = at("18:00", EVENT_DATE - dt.timedelta(days=1))
    answer = sync(desk, scan_of(registration) | {"scanned_at": evening_before.isoformat()}).json()["answers"][0]
    assert (answer["outcome"], answer["note"]) == ("checked_in", "")
    assert CheckIn.objects.get().checked_in_at == evening_before


@pytest.mark.parametrize("moment", ["the last week", "the day after"])
def test_no_check_in_outside_the_window(desk, clock, registration, moment, lang="en"):
    clock.move_to(moment)
    answer = sync(desk, scan_of(registration) | {"scanned_at": dt.datetime.now(dt.UTC).isoformat()}).json()
    assert answer["answers"][0]["outcome"] == "outside_window"
    assert "Check-in is open from" in answer["answers"][0]["message"]
    page = desk.post("/en/check-in/", {"token": badge_for_registration(registration).token}).content.decode()
    assert "Check-in is open from" in page
    assert not CheckIn.objects.exists()


def test_the_window_opens_as_many_days_before_as_the_organisers_set(desk, clock, registration):
    event = registration.event
    event.check_in_opens_days_before = 3
    event.save()
    clock.move_to(at("10:00", EVENT_DATE - dt.timedelta(days=3)))
    answer = sync(desk, scan_of(registration) | {"scanned_at": dt.datetime.now(dt.UTC).isoformat()}).json()
    assert answer["answers"][0]["outcome"] == "checked_in"


@pytest.fixture
def workshop(registration):
    return workshop_in_its_room(registration.event, "11:00", "12:00", capacity=2, title="Réparer")


@pytest.mark.parametrize(
    ("booking", "outcome", "title"),
    [
        ("booked", "booked", "Booked for this workshop"),
        ("waitlisted", "waitlisted_workshop", "On this workshop's waiting list"),
        (None, "not_booked", "Not booked for this workshop"),
    ],
)
def test_workshop_mode_records_the_attendance_once_with_the_booking(
    desk, registration, workshop, booking, outcome, title
):
    if booking:
        WorkshopBookingFactory(registration=registration, session=workshop, status=booking)
    scan = scan_of(registration, mode="workshop", session=workshop.pk)
    answer = sync(desk, scan).json()["answers"][0]
    assert (answer["outcome"], answer["title"]) == (outcome, title)
    left = 1 if booking == "booked" else 2
    assert answer["message"] == f"{left} place{'s' if left > 1 else ''} left in the workshop."
    assert sync(desk, scan).json()["answers"][0]["outcome"] == outcome
    again = sync(desk, scan_of(registration, mode="workshop", session=workshop.pk)).json()["answers"][0]
    assert again["outcome"] == "already_attended"
    attendance = WorkshopAttendance.objects.get()
    assert attendance.booking == (booking or "not_booked") and CheckIn.objects.count() == 0


def test_workshop_mode_says_when_the_workshop_is_full(desk, registration, workshop):
    for other in RegistrationFactory.create_batch(2, event=registration.event):
        WorkshopBookingFactory(registration=other, session=workshop, status="booked")
    answer = sync(desk, scan_of(registration, mode="workshop", session=workshop.pk)).json()["answers"][0]
    assert answer["message"] == "The workshop is full."


def test_the_online_form_has_a_workshop_mode(desk, registration, workshop):
    page = desk.get("/en/check-in/", {"workshop": workshop.pk}).content.decode()
    assert "Workshop mode:" in page and f'name="session" value="{workshop.pk}"' in page
    response = desk.post(
        f"/en/check-in/?workshop={workshop.pk}",
        {"token": badge_for_registration(registration).token, "session": workshop.pk, "desk": "Salle 2"},
    )
    assert "Not booked for this workshop" in response.content.decode()
    attendance = WorkshopAttendance.objects.get()
    assert (attendance.session, attendance.desk) == (workshop, "Salle 2")


def test_the_online_form_records_its_desk(desk, registration):
    desk.post("/en/check-in/", {"token": badge_for_registration(registration).token, "desk": "desk 3"})
    assert CheckIn.objects.get().desk == "desk 3"


def test_the_list_service_refuses_after_the_day(registration):
    from day.desk import ListExpired

    assert day_list(registration.event, now=at("08:00"))["valid_until"].startswith(
        f"{EVENT_DATE + dt.timedelta(days=1)}T00:00"
    )
    with pytest.raises(ListExpired):
        day_list(registration.event, now=at("00:00", registration.event.date + dt.timedelta(days=1)))


def test_the_logout_answer_asks_the_browser_to_erase_the_desks_storage(desk):
    response = desk.post("/en/accounts/logout/")
    assert response.status_code == 302 and response["Clear-Site-Data"] == '"storage"'
    assert desk.get("/en/check-in/list/").status_code == 302  # to the login page
    assert "Clear-Site-Data" not in desk.get("/en/").headers


@pytest.mark.parametrize("value", ["²³", "9" * 200, "-1", "abc"])
def test_a_garbled_workshop_means_the_doors_check_in(desk, registration, value):
    response = desk.get("/en/check-in/", {"workshop": value, "session": value})
    assert response.status_code == 200 and "Workshop mode:" not in response.content.decode()


def test_a_resend_after_the_check_in_was_undone_still_answers(desk, registration):
    scan = scan_of(registration)
    sync(desk, scan)
    CheckIn.objects.all().delete()  # an organiser undid it in the admin
    assert sync(desk, scan).json()["answers"][0]["outcome"] == "checked_in"


def test_the_service_worker_is_served_for_the_desk_page(desk):
    response = desk.get("/en/check-in/service-worker.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/en/check-in/"
    assert 'var DESK = "/en/check-in/";' in response.content.decode()
    with translation.override("fr"):
        french = desk.get(reverse("day:desk_service_worker"))
    assert french["Service-Worker-Allowed"] == "/accueil/"  # whatever the worker's own URL
