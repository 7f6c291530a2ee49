"""The organisers' back office: dashboard, lists, exports, announcements, roles."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from backoffice.announcements import send_announcement
from backoffice.dashboard import dashboard
from backoffice.models import Announcement
from events.models import Session
from mail.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import (
    CheckInFactory,
    EventFactory,
    UserFactory,
    confirmed_registrations_in_bulk,
)

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "programme.schema.json").read_text())


@pytest.fixture
def event(event_with_known_numbers):
    """tests/conftest.py's event with known numbers, which every test here counts on."""
    return event_with_known_numbers


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
    confirmed_registrations_in_bulk(event, registration_count)
    # Constant, whatever the number of attendees (21 since the badges' count, paper or phone;
    # 30 since the footprint's lines: the speakers', organisers' and measured lines).
    with django_assert_max_num_queries(30):
        response = organiser_client.get(reverse("admin:registrations_registration_dashboard"))
    assert f"{registration_count} / 400" in response.content.decode()


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


def test_resend_and_check_in_actions(organiser_client, event, django_capture_on_commit_callbacks, clock):
    clock.move_to("the day")
    target = Registration.objects.get(last_name="Hérault")
    changelist = reverse("admin:registrations_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(changelist, {"action": "resend_confirmation", "_selected_action": [target.pk]})
    assert OutgoingEmail.objects.filter(registration=target, kind="confirmed", status="sent").count() == 1
    organiser_client.post(changelist, {"action": "check_in", "_selected_action": [target.pk]})
    assert hasattr(Registration.objects.get(pk=target.pk), "check_in")


def test_each_registration_list_filter_shows_exactly_the_matching_rows(organiser_client, event):
    workshop = Session.objects.get(title="Réparer")
    changelist = reverse("admin:registrations_registration_changelist")
    registrations = Registration.objects.filter(event=event)
    everyone = set(registrations.values_list("pk", flat=True))
    herault = registrations.get(last_name="Hérault").pk
    other_client = registrations.get(status="confirmed", category="client", dietary_requirements=" végétarien ").pk
    partner = registrations.get(category="partner").pk
    press = registrations.get(category="press").pk
    waiting = set(registrations.filter(status="waitlisted").values_list("pk", flat=True))
    # Someone already at the door, for the "checked in" filter to tell people apart.
    CheckInFactory(registration=registrations.get(pk=press))
    expected = {
        f"workshop={workshop.pk}": {herault, other_client},  # booked, not the partner on its waiting list
        "checked_in=yes": {press},
        "checked_in=no": everyone - {press},
        "dietary=yes": {herault, other_client},
        "dietary=no": everyone - {herault, other_client},
        "accessibility=yes": {partner},
        "accessibility=no": everyone - {partner},
        "status__exact=waitlisted": waiting,
        "category__exact=press": {press},
        "q=Hérault": {herault},
    }
    for query, pks in expected.items():
        response = organiser_client.get(f"{changelist}?{query}")
        assert response.status_code == 200, query
        assert {registration.pk for registration in response.context["cl"].result_list} == pks, query
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
    organiser_user = UserFactory(is_staff=True, totp=True)
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
        reverse("admin:mail_outgoingemail_changelist"),
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


@pytest.mark.parametrize(
    ("former", "now"),
    [
        ("registrations/outgoingemail/?status__exact=failed", "mail/outgoingemail/?status__exact=failed"),
        ("registrations/announcement/?event__id__exact=1", "backoffice/announcement/?event__id__exact=1"),
        ("registrations/badgeprintrun/?status__exact=ready", "day/badgeprintrun/?status__exact=ready"),
        ("registrations/checkin/?q=Garnier", "day/checkin/?q=Garnier"),
    ],
)
def test_the_lists_that_left_the_registrations_keep_their_former_address(organiser_client, former, now):
    response = organiser_client.get(f"/en/admin/{former}")
    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/{now}"
    assert organiser_client.get(response["Location"]).status_code == 200
