"""Walk-ins: registered by the check-in staff at the door, into a seat freed after the
waiting list closed, under the same capacity rule; checked in at once; an account only when
they give an address, and no e-mail at all without one."""

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from day import walk_ins
from day.models import CheckIn, DeskBadgePrint
from registrations import reconfirmation
from registrations.models import Registration
from registrations.reminders import send_event_reminders
from registrations.services import RegistrationError, cancel_registration
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SeatReservationFactory,
    UserFactory,
    at,
)

pytestmark = pytest.mark.django_db

# The event is today (the pages read the clock): its waiting list closed 24 hours before
# its doors opened.
TODAY = timezone.localdate()
AT_THE_DOOR = at("08:50", TODAY)
ASKED_AT = at("09:00", TODAY - dt.timedelta(days=7))
BEFORE_THE_LIST_CLOSES = at("18:00", TODAY - dt.timedelta(days=2))


@pytest.fixture
def event(db):
    """Three seats, two taken."""
    event = EventFactory(capacity=3, date=TODAY)
    RegistrationFactory.create_batch(2, event=event)
    return event


def walk_in(**overrides) -> walk_ins.WalkIn:
    values = {"first_name": "Noé", "last_name": "Passant", "organisation": "Voisins SA", "category": "client"}
    return walk_ins.WalkIn(**values | overrides)


def register(event, staff, now=AT_THE_DOOR, **overrides):
    return walk_ins.register_walk_in(event, walk_in(**overrides), staff=staff, desk="Desk 2", now=now)


def test_a_walk_in_without_address_takes_a_free_seat_is_checked_in_and_gets_no_e_mail(
    event, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, staff)
    registration.refresh_from_db()
    assert (registration.status, registration.is_walk_in, registration.user) == ("confirmed", True, None)
    assert registration.registered_by == staff
    assert registration.accepted_terms_at == AT_THE_DOOR
    check_in = CheckIn.objects.get(registration=registration)
    assert (check_in.checked_in_by, check_in.desk, check_in.checked_in_at) == (staff, "Desk 2", AT_THE_DOOR)
    assert mail.outbox == []
    assert Registration.objects.confirmed().filter(event=event).count() == 3


def test_with_an_address_an_account_is_created_unverified_and_gets_the_confirmation(
    event, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, staff, email="Noe.Passant@Example.org")
    user = User.objects.get(email__iexact="noe.passant@example.org")
    assert registration.user == user
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.filter(user=user).values_list("verified", flat=True)) == [False]
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_with_the_address_of_an_existing_account_it_is_linked(event, staff):
    user = UserFactory(email="noe@example.org")
    registration = register(event, staff, email="NOE@example.org")
    assert registration.user == user
    assert User.objects.filter(email__iexact="noe@example.org").count() == 1


def test_an_account_already_registered_is_refused_with_its_registration(event, staff):
    existing = Registration.objects.filter(event=event).first()
    with pytest.raises(walk_ins.WalkInError) as refused:
        register(event, staff, email=existing.user.email)
    assert refused.value.code == "already_registered"
    assert refused.value.registration == existing
    assert not Registration.objects.filter(is_walk_in=True).exists()


def test_someone_on_the_waiting_list_takes_the_free_seat(event, staff):
    waiting = RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=at("10:00"))
    registration = register(event, staff, email=waiting.user.email)
    assert registration.pk == waiting.pk
    registration.refresh_from_db()
    assert (registration.status, registration.is_walk_in, registration.queued_at) == ("confirmed", True, None)
    assert CheckIn.objects.filter(registration=registration).exists()


def test_no_seat_free_is_refused(event, staff):
    register(event, staff)
    with pytest.raises(walk_ins.WalkInError) as refused:
        register(event, staff, first_name="Zoé")
    assert refused.value.code == "no_seat"
    assert Registration.objects.filter(event=event).count() == 3


def test_seats_reserved_for_a_category_are_not_for_walk_ins(event, staff):
    SeatReservationFactory(event=event, category="partner", seats=1, until=at("18:00"))
    assert walk_ins.seats_for_walk_ins(event, AT_THE_DOOR) == 0
    with pytest.raises(walk_ins.WalkInError) as refused:
        register(event, staff, category="partner")
    assert refused.value.code == "no_seat"


def test_refused_before_the_waiting_list_closes(event, staff):
    with pytest.raises(walk_ins.WalkInError) as refused:
        register(event, staff, now=BEFORE_THE_LIST_CLOSES)
    assert refused.value.code == "waiting_list_open"
    assert not walk_ins.walk_ins_open(event, BEFORE_THE_LIST_CLOSES)


def test_nobody_walks_in_after_the_event_s_day(event, staff, desk):
    the_day_after = event.check_in_closes_at + dt.timedelta(hours=10)
    assert not walk_ins.walk_ins_open(event, the_day_after)
    with pytest.raises(walk_ins.WalkInError) as refused:
        register(event, staff, now=the_day_after)
    assert refused.value.code == "outside_window" and "Check-in is open from" in refused.value.message
    assert not CheckIn.objects.exists()


# --- The page -------------------------------------------------------------------------------------

FORM = {"first_name": "Noé", "last_name": "Passant", "organisation": "Voisins SA", "category": "press", "desk": "2"}


def test_the_desk_page_links_to_the_walk_in_page(desk, event):
    page = desk.get(reverse("day:check_in")).content.decode()
    assert reverse("day:walk_in") in page


def test_the_page_registers_then_offers_to_print_the_badge(desk, event):
    response = desk.post(reverse("day:walk_in"), FORM, follow=True)
    page = response.content.decode()
    registration = Registration.objects.get(is_walk_in=True)
    assert "Registered and checked in" in page
    assert "No e-mail address: no e-mail will be sent." in page
    assert "0 seats free for walk-ins." in page
    assert reverse("day:desk_print", args=[registration.pk]) in page
    badge = desk.post(reverse("day:desk_print", args=[registration.pk]))
    assert badge["Content-Type"] == "application/pdf"
    assert badge.content.startswith(b"%PDF")
    assert DeskBadgePrint.objects.filter(registration=registration).count() == 1


def test_no_seat_free_the_page_says_so_and_keeps_what_was_typed(desk, event, staff):
    register(event, staff)
    response = desk.post(reverse("day:walk_in"), FORM)
    page = response.content.decode()
    assert response.status_code == 409
    assert "No seat free" in page
    assert 'value="Passant"' in page
    assert 'value="Voisins SA"' in page


def test_already_registered_the_page_offers_to_check_them_in(desk, event):
    existing = Registration.objects.filter(event=event).first()
    response = desk.post(reverse("day:walk_in"), FORM | {"email": existing.user.email})
    page = response.content.decode()
    assert "Already registered" in page
    assert f'name="registration" value="{existing.pk}"' in page


def test_validation_errors_in_the_staffs_language(desk, event):
    with translation.override("fr"):
        url = reverse("day:walk_in")
    response = desk.post(url, FORM | {"last_name": "", "email": "pas-une-adresse"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page
    assert "Enter a valid email address." not in page
    assert not Registration.objects.filter(is_walk_in=True).exists()


def test_before_the_list_closes_the_page_explains_and_refuses(desk, event):
    event.date = TODAY + dt.timedelta(days=3)
    event.save()
    page = desk.get(reverse("day:walk_in")).content.decode()
    assert "when the waiting list closes" in page
    assert desk.post(reverse("day:walk_in"), FORM).status_code == 409
    assert not Registration.objects.filter(is_walk_in=True).exists()


def test_attendees_cannot_register_walk_ins(client, event):
    client.force_login(UserFactory())
    assert client.get(reverse("day:walk_in")).status_code == 403
    assert client.post(reverse("day:walk_in"), FORM).status_code == 403
    walk_in_registration = RegistrationFactory(event=event, user=None, is_walk_in=True)
    assert client.post(reverse("day:desk_print", args=[walk_in_registration.pk])).status_code == 403
    assert not Registration.objects.filter(is_walk_in=True).exclude(pk=walk_in_registration.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    response = client.get(reverse("day:walk_in"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- A walk-in without an account elsewhere: e-mails, sweeps, admin ----------------------------------


@pytest.fixture
def without_account(event, staff):
    return register(event, staff)


def test_cancelling_a_walk_in_without_account_from_the_admin(
    without_account, organiser_client, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:registrations_registration_changelist")
    cancel = {"action": "cancel", "_selected_action": [without_account.pk], "confirmed": "yes"}
    # Checked in on arrival: the seat's life is closed until an organiser undoes the check-in.
    page = organiser_client.post(changelist, cancel, follow=True).content.decode()
    assert "checked in at the event" in page
    assert Registration.objects.get(pk=without_account.pk).status == "confirmed"
    CheckIn.objects.filter(registration=without_account).delete()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(changelist, cancel)
    assert Registration.objects.get(pk=without_account.pk).status == "cancelled"
    assert mail.outbox == []


def test_the_service_cancels_a_walk_in_without_account_once_its_check_in_is_undone(without_account):
    with pytest.raises(RegistrationError) as refused:
        cancel_registration(without_account)
    assert refused.value.code == "checked_in"
    CheckIn.objects.filter(registration=without_account).delete()
    assert cancel_registration(without_account).status == "cancelled"


def test_the_reminder_and_reconfirmation_sweeps_skip_a_walk_in_without_account(without_account, event):
    # Sweeps run before the day; the walk-in is there as data left from a test of the desk would be.
    assert send_event_reminders(today=TODAY - dt.timedelta(days=1)) == 2
    assert reconfirmation.send_reconfirmation_requests(today=TODAY - dt.timedelta(days=7), now=ASKED_AT) == 2
    without_account.refresh_from_db()
    assert without_account.reconfirmation_sent_at is None
    reminded = reconfirmation.send_reconfirmation_reminders(today=TODAY - dt.timedelta(days=3))
    assert reminded == 2


def test_the_admin_list_and_change_page_show_a_walk_in_without_account(without_account, organiser_client):
    changelist = organiser_client.get(reverse("admin:registrations_registration_changelist"))
    assert changelist.status_code == 200
    assert "Passant" in changelist.content.decode()
    change = organiser_client.get(reverse("admin:registrations_registration_change", args=[without_account.pk]))
    assert change.status_code == 200
    assert "Voisins SA" in change.content.decode()


def test_the_exports_and_the_announcements_skip_the_missing_address(without_account, organiser_client):
    from backoffice.announcements import send_announcement
    from tests.factories import AnnouncementFactory

    export = organiser_client.get(reverse("admin:registrations_registration_export_csv"))
    assert export.status_code == 200
    assert "Passant" in export.content.decode()
    assert send_announcement(AnnouncementFactory(event=without_account.event)) == 2


# --- Two desks at once ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_registering_walk_ins_for_the_last_seat_take_it_once_on_postgresql():
    from tests.concurrency import run_concurrently

    event = EventFactory(capacity=3, date=TODAY)
    RegistrationFactory.create_batch(2, event=event)
    desks = [UserFactory(), UserFactory()]
    refused = []

    def register_at(staff):
        try:
            walk_ins.register_walk_in(event, walk_in(last_name=staff.last_name), staff=staff, now=AT_THE_DOOR)
        except walk_ins.WalkInError as error:
            refused.append(error.code)

    # Each desk tries twice (a double tap): one seat, three refusals.
    assert run_concurrently(register_at, [desk for desk in desks for _ in range(2)], threads=2) == []
    assert Registration.objects.filter(event=event, is_walk_in=True).count() == 1
    assert Registration.objects.confirmed().filter(event=event).count() == 3
    assert CheckIn.objects.filter(registration__event=event).count() == 1
    assert refused == ["no_seat"] * 3


@pytest.mark.parametrize("registered", ["99999999999999999999999", "9" * 5000, "²", "-1", "x"])
def test_a_hand_made_registered_parameter_is_ignored(desk, event, registered):
    response = desk.get(reverse("day:walk_in"), {"registered": registered})
    assert response.status_code == 200
    assert "Registered and checked in" not in response.content.decode()


def test_a_walk_in_with_an_address_later_logs_in_by_code_and_finds_the_registration(
    client, event, staff, django_capture_on_commit_callbacks
):
    register(event, staff, email="noe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/login/code/", {"email": "noe@example.org"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    client.post(response["Location"], {"code": code})
    page = client.get(reverse("registrations:mine"))
    assert page.status_code == 200
    assert "Voisins SA" in page.content.decode()
