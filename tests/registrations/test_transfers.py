"""registrations.transfers: a confirmed person passes their seat to a colleague of the same
organisation, who accepts it with their own account."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from day.badges import badge_for_registration
from day.checkin import CheckInError, check_in_badge
from day.models import CheckIn
from day.tokens import BadgeReference, badge_token, read_badge_token
from mail.models import OutgoingEmail
from registrations.models import Registration, SeatTransfer, WorkshopBooking
from registrations.services import RegistrationError, cancel_registration, seat_counts
from registrations.transfers import accept_seat_transfer, offer_seat_transfer, withdraw_transfer
from tests.edition import EVENT_DATE, OPEN
from tests.factories import RegistrationFactory, UserFactory, WorkshopBookingFactory, at
from tests.forms import PASSWORD
from tests.registering import details

pytestmark = pytest.mark.django_db(transaction=True)
EVENT_CAPACITY = 2


@pytest.fixture
def giver(event):
    user = UserFactory(email="anne@client.example", verified=True, first_name="Anne", last_name="Durand")
    return RegistrationFactory(
        event=event, user=user, first_name="Anne", last_name="Durand", category="partner", category_vouched=True
    )


@pytest.fixture
def full_event(event, giver):
    """Both seats taken (the giver's and another) and one person waiting."""
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=OPEN)
    return waiting


def offer_to_paul(giver, *, email="paul@client.example", now=OPEN):
    return offer_seat_transfer(giver, first_name="Paul", last_name="Martin", email=email, now=now)


def link_in(message) -> str:
    """The path of the personal link in the colleague's e-mail."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return urlparse(url).path


def token_in(message) -> str:
    return link_in(message).rstrip("/").rsplit("/", 1)[1]


def paul(**fields):
    return UserFactory(email="paul@client.example", verified=True, first_name="Paul", last_name="Martin", **fields)


def accept_form(**overrides):
    form = {
        "first_name": "Paul",
        "last_name": "Martin",
        "organisation": "Client SA",
        "job_title": "Acheteur",
        "accept_terms": "on",
    }
    return form | overrides


# --- Offering ------------------------------------------------------------------------------


def test_the_colleague_receives_a_personal_link_whose_token_is_stored_only_as_a_hash(event, giver):
    transfer = offer_to_paul(giver)
    message = mail.outbox[-1]
    assert (message.to, message.subject) == (
        ["paul@client.example"],
        "Anne Durand passes their seat at Tech For Climate on to you",
    )
    token = token_in(message)
    assert transfer.token_hash == SeatTransfer.hash_token(token) and token not in transfer.token_hash
    assert transfer.expires_at == OPEN + dt.timedelta(days=3)
    # The sent copy is erased: the link lives only in the colleague's mailbox.
    assert OutgoingEmail.objects.get(kind="seat_transfer").body_text == ""


def test_another_organisations_address_is_refused(event, giver):
    for address in ("paul@other.example", "paul@client.example.evil.org", "paul@sub.client.example"):
        with pytest.raises(RegistrationError) as caught:
            offer_to_paul(giver, email=address)
        assert caught.value.code == "other_organisation"
        assert "@client.example" in caught.value.message
    assert SeatTransfer.objects.count() == 0 and mail.outbox == []


def test_a_giver_at_a_public_provider_or_giving_to_themselves_is_refused(event, giver):
    with pytest.raises(RegistrationError) as caught:
        offer_to_paul(giver, email="ANNE@client.example")
    assert caught.value.code == "own_address"
    public = RegistrationFactory(event=event, user=UserFactory(email="anne.durand@gmail.com"))
    with pytest.raises(RegistrationError) as caught:
        offer_to_paul(public, email="paul@gmail.com")
    assert caught.value.code == "public_domain"


def test_only_a_confirmed_seat_passes_on_and_only_before_the_cut_off(event, giver, full_event):
    with pytest.raises(RegistrationError) as caught:
        offer_to_paul(full_event)
    assert caught.value.code == "not_confirmed"
    with pytest.raises(RegistrationError) as caught:
        offer_to_paul(giver, now=event.promotion_cutoff)
    assert caught.value.code == "too_late"
    # Offered the day before the cut-off: valid until the cut-off, not three days.
    late = offer_to_paul(giver, now=event.promotion_cutoff - dt.timedelta(days=1))
    assert late.expires_at == event.promotion_cutoff


def test_one_pending_offer_at_a_time_and_none_for_someone_with_a_seat(event, giver):
    offer_to_paul(giver)
    with pytest.raises(RegistrationError) as caught:
        offer_seat_transfer(giver, first_name="Léa", last_name="Roy", email="lea@client.example", now=OPEN)
    assert caught.value.code == "already_pending"
    withdraw_transfer(giver, now=OPEN)
    RegistrationFactory(event=event, user=UserFactory(email="lea@client.example"))
    with pytest.raises(RegistrationError) as caught:
        offer_seat_transfer(giver, first_name="Léa", last_name="Roy", email="lea@client.example", now=OPEN)
    assert caught.value.code == "already_registered"
    # A lapsed offer makes way for a new one.
    later = OPEN + dt.timedelta(days=4)
    offer_to_paul(giver, now=OPEN + dt.timedelta(minutes=1))
    second = offer_to_paul(giver, email="marc@client.example", now=later)
    assert list(SeatTransfer.objects.values_list("status", flat=True).order_by("created_at")) == [
        "cancelled",
        "expired",
        "pending",
    ]
    assert second.status == "pending"


# --- Accepting -----------------------------------------------------------------------------


def test_the_giver_keeps_the_seat_until_the_colleague_accepts(event, giver, full_event):
    offer_to_paul(giver)
    giver.refresh_from_db()
    assert giver.status == "confirmed"
    assert seat_counts(event, OPEN).total_taken == 2
    staff = UserFactory()
    assert isinstance(
        check_in_badge(badge_for_registration(giver).token, event=event, staff=staff, now=at("09:00")), CheckIn
    )


def test_accepting_passes_the_seat_in_one_go_and_promotes_nobody(event, giver, full_event):
    WorkshopBookingFactory(registration=giver)
    transfer = offer_to_paul(giver)
    colleague = paul()
    registration = accept_seat_transfer(
        token_in(mail.outbox[-1]), user=colleague, details=details(category="other"), now=OPEN
    )

    giver.refresh_from_db()
    transfer.refresh_from_db()
    assert (giver.status, giver.badge_version, giver.cancelled_at) == ("cancelled", 2, OPEN)
    assert (registration.status, registration.category, registration.category_vouched) == ("confirmed", "partner", True)
    assert (transfer.status, transfer.accepted_by, transfer.new_registration) == ("accepted", colleague, registration)
    assert seat_counts(event, OPEN).total_taken == 2
    assert Registration.objects.get(pk=full_event.pk).status == "waitlisted"
    assert not WorkshopBooking.objects.filter(registration=giver).exclude(status="cancelled").exists()
    assert sorted((m.to[0], m.subject) for m in mail.outbox[1:]) == [
        ("anne@client.example", "Your seat at Tech For Climate has passed to your colleague"),
        ("paul@client.example", "Your seat at Tech For Climate is confirmed"),
    ]
    assert "Paul Martin accepted the seat" in next(m.body for m in mail.outbox if m.to == ["anne@client.example"])


def test_the_wrong_account_is_refused(event, giver):
    offer_to_paul(giver)
    token = token_in(mail.outbox[-1])
    unverified = UserFactory(email="paul@client.example")
    for user in (UserFactory(email="someone@client.example", verified=True), unverified, giver.user):
        with pytest.raises(RegistrationError) as caught:
            accept_seat_transfer(token, user=user, details=details(), now=OPEN)
        assert caught.value.code == "wrong_account"
    assert Registration.objects.get(pk=giver.pk).status == "confirmed"
    assert SeatTransfer.objects.get().status == "pending"


def test_an_expired_or_withdrawn_or_altered_link_is_refused(event, giver):
    transfer = offer_to_paul(giver)
    token = token_in(mail.outbox[-1])
    colleague = paul()
    with pytest.raises(RegistrationError) as caught:
        accept_seat_transfer(token, user=colleague, details=details(), now=transfer.expires_at)
    assert caught.value.code == "expired"
    with pytest.raises(RegistrationError) as caught:
        accept_seat_transfer(token[:-1] + ("A" if token[-1] != "A" else "B"), user=colleague, details=details())
    assert caught.value.code == "unknown"
    assert withdraw_transfer(giver, now=OPEN) is not None
    assert withdraw_transfer(giver, now=OPEN) is None  # twice: nothing more
    with pytest.raises(RegistrationError) as caught:
        accept_seat_transfer(token, user=colleague, details=details(), now=OPEN)
    assert caught.value.code == "withdrawn"
    assert Registration.objects.get(pk=giver.pk).status == "confirmed"
    assert not Registration.objects.filter(user=colleague).exists()


def test_accepting_twice_is_harmless_and_a_second_account_cannot(event, giver):
    offer_to_paul(giver)
    token = token_in(mail.outbox[-1])
    colleague = paul()
    first = accept_seat_transfer(token, user=colleague, details=details(), now=OPEN)
    sent = len(mail.outbox)
    again = accept_seat_transfer(token, user=colleague, details=details(), now=OPEN + dt.timedelta(minutes=1))
    assert again.pk == first.pk and len(mail.outbox) == sent
    assert Registration.objects.get(pk=giver.pk).badge_version == 2
    other = UserFactory(email="paul2@client.example", verified=True)
    with pytest.raises(RegistrationError) as caught:
        accept_seat_transfer(token, user=other, details=details(), now=OPEN)
    assert caught.value.code == "used"


def test_a_seat_cancelled_or_given_again_after_the_offer_cannot_be_taken(event, giver):
    offer_to_paul(giver)
    token = token_in(mail.outbox[-1])
    cancel_registration(giver, now=OPEN)
    # Registered again later: the old offer is not for this new seat.
    Registration.objects.filter(pk=giver.pk).update(status="confirmed", confirmed_at=timezone.now(), cancelled_at=None)
    with pytest.raises(RegistrationError) as caught:
        accept_seat_transfer(token, user=paul(), details=details(), now=OPEN)
    assert caught.value.code == "seat_gone"
    # And it does not stand in the way of a new offer.
    giver.refresh_from_db()
    offer_to_paul(giver, email="marc@client.example", now=timezone.now())


def test_a_colleague_on_the_waiting_list_takes_the_seat_with_their_registration(event, giver, full_event):
    offer_seat_transfer(
        giver,
        first_name="W",
        last_name="X",
        email=full_event.user.email.replace("example.org", "client.example"),
        now=OPEN,
    )
    full_event.user.email = full_event.user.email.replace("example.org", "client.example")
    full_event.user.save()
    full_event.user.emailaddress_set.create(email=full_event.user.email, verified=True, primary=True)
    registration = accept_seat_transfer(token_in(mail.outbox[-1]), user=full_event.user, details=details(), now=OPEN)
    assert (registration.pk, registration.status, registration.queued_at) == (full_event.pk, "confirmed", None)
    assert seat_counts(event, OPEN).total_taken == 2
    assert not Registration.objects.waiting().exists()


# --- Badges --------------------------------------------------------------------------------


def test_the_old_badge_is_refused_at_the_desk_and_the_new_one_accepted(event, giver):
    old_badge = badge_for_registration(giver).token
    offer_to_paul(giver)
    registration = accept_seat_transfer(token_in(mail.outbox[-1]), user=paul(), details=details(), now=OPEN)
    staff = UserFactory()
    with pytest.raises(CheckInError) as caught:
        check_in_badge(old_badge, event=event, staff=staff, now=OPEN)
    assert caught.value.code == "replaced"
    # Even if the giver's registration were confirmed again, the old code stays dead.
    Registration.objects.filter(pk=giver.pk).update(status="confirmed")
    with pytest.raises(CheckInError) as caught:
        check_in_badge(old_badge, event=event, staff=staff, now=OPEN)
    assert caught.value.code == "replaced"
    new_badge = badge_for_registration(registration).token
    assert check_in_badge(new_badge, event=event, staff=staff, now=at("09:00")).registration == registration


def test_badges_of_version_one_keep_their_former_code():
    token = badge_token(event_id=3, kind="registration", pk=42)
    assert token.split(":")[0] == "3.r42"
    assert read_badge_token(token) == BadgeReference(3, "registration", 42, 1)
    second = badge_token(event_id=3, kind="registration", pk=42, version=2)
    assert second.split(":")[0] == "3.r42v2"
    assert read_badge_token(second) == BadgeReference(3, "registration", 42, 2)
    assert read_badge_token(second.replace("v2", "v3", 1)) is None


def test_the_desk_page_says_the_badge_was_replaced(client, event, giver, organisers_group):
    from django.contrib.auth.models import Group

    old_badge = badge_for_registration(giver).token
    offer_to_paul(giver)
    accept_seat_transfer(token_in(mail.outbox[-1]), user=paul(), details=details(), now=OPEN)
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(staff)
    page = client.post("/en/check-in/", {"token": old_badge}).content.decode()
    assert "Badge replaced" in page and "the seat passed to someone else" in page


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_whole_flow_by_the_pages(client, event, giver, full_event, language):
    giver.user.language = language
    giver.user.save()
    with translation.override(language):
        mine, give = reverse("registrations:mine"), reverse("registrations:give_seat")
        signup = reverse("account_signup")
    client.force_login(giver.user)
    page = client.get(mine).content.decode()
    assert give in page
    form_page = client.get(give).content.decode()
    assert "@client.example" in form_page
    response = client.post(give, {"first_name": "Paul", "last_name": "Martin", "email": "paul@client.example"})
    assert response.status_code == 302
    assert "paul@client.example" in client.get(mine).content.decode()
    message = mail.outbox[-1]
    assert message.to == ["paul@client.example"]
    link = link_in(message)
    assert link.startswith("/en/") == (language == "en")

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Anne Durand" in page.content.decode()
    client.post(signup, {"email": "paul@client.example", "password1": PASSWORD, "password2": PASSWORD})
    page = client.get(link)
    assert page.status_code == 200 and page.context["form"].initial["first_name"] == "Paul"
    assert "category" not in page.context["form"].fields
    assert Registration.objects.get(pk=giver.pk).status == "confirmed"  # a GET changes nothing
    response = client.post(link, accept_form(category="client"))
    assert response.status_code == 302 and response["Location"] == mine
    registration = Registration.objects.get(user__email="paul@client.example")
    assert (registration.status, registration.category) == ("confirmed", "partner")
    assert Registration.objects.get(pk=giver.pk).status == "cancelled"
    assert Registration.objects.get(pk=full_event.pk).status == "waitlisted"
    assert seat_counts(event, timezone.now()).total_taken == 2
    # The link again, by the same person: their registration.
    assert client.get(link).status_code == 302


def test_another_organisations_address_gets_a_clear_message_on_the_page(client, event, giver):
    client.force_login(giver.user)
    response = client.post(
        "/en/my-registration/pass-on/", {"first_name": "Paul", "last_name": "Martin", "email": "paul@rival.example"}
    )
    assert response.status_code == 200
    assert "their address must end in @client.example" in response.content.decode()
    assert SeatTransfer.objects.count() == 0


def test_the_wrong_account_sees_whom_the_offer_is_for_and_cannot_accept(client, event, giver):
    offer_to_paul(giver)
    link = link_in(mail.outbox[-1])
    client.force_login(UserFactory(email="intrus@client.example", verified=True))
    page = client.get(link).content.decode()
    assert "p•••@client.example" in page and "Accept the seat" not in page
    client.post(link, accept_form())
    assert Registration.objects.get(pk=giver.pk).status == "confirmed"
    assert SeatTransfer.objects.get().status == "pending"


def test_withdrawing_from_the_page_and_the_link_then_says_so(client, event, giver):
    offer_to_paul(giver, now=timezone.now())
    link = link_in(mail.outbox[-1])
    client.force_login(giver.user)
    assert client.get("/en/my-registration/pass-on/withdraw/").status_code == 405
    client.post("/en/my-registration/pass-on/withdraw/")
    assert SeatTransfer.objects.get().status == "cancelled"
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and "withdrew this offer" in response.content.decode()
    assert client.get("/en/seat-passed-on/not-a-token/").status_code == 404


def test_someone_not_confirmed_has_no_form(client, event, full_event):
    client.force_login(full_event.user)
    assert client.get("/en/my-registration/pass-on/").status_code == 404
    assert "Pass my seat" not in client.get("/en/my-registration/").content.decode()


# --- Concurrency ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_accepting_while_the_giver_cancels_ends_in_one_outcome_on_postgresql(event, giver, full_event):
    from tests.concurrency import run_concurrently

    colleague = UserFactory(email="paul@client.example", verified=True)
    for attempt in range(10):
        if attempt:
            # Start again: the giver confirmed and offering, the colleague without a seat.
            Registration.objects.filter(user__email="paul@client.example").delete()
            Registration.objects.filter(pk=full_event.pk).update(status="waitlisted", confirmed_at=None, queued_at=OPEN)
            Registration.objects.filter(pk=giver.pk).update(status="confirmed", cancelled_at=None, confirmed_at=OPEN)
            SeatTransfer.objects.all().delete()
        now = OPEN + dt.timedelta(minutes=attempt)
        offer_to_paul(giver, now=now)
        token = token_in(mail.outbox[-1])

        def act(what, token=token, colleague=colleague, now=now):
            if what == "accept":
                accept_seat_transfer(token, user=colleague, details=details(), now=now)
            else:
                cancel_registration(Registration.objects.get(pk=giver.pk), now=now)

        errors = run_concurrently(act, ["accept", "cancel"] * 4, threads=8)

        assert all(isinstance(error, RegistrationError) for error in errors), errors
        confirmed = set(Registration.objects.confirmed().filter(event=event).values_list("user__email", flat=True))
        assert len(confirmed) == 2
        paul_has_it = "paul@client.example" in confirmed
        waiting_promoted = Registration.objects.get(pk=full_event.pk).status == "confirmed"
        assert paul_has_it != waiting_promoted  # one outcome: the seat passed, or it was freed
        assert Registration.objects.get(pk=giver.pk).status == "cancelled"
        assert SeatTransfer.objects.get().status == ("accepted" if paul_has_it else "pending")


def test_organisers_follow_seat_transfers_in_the_admin(organiser_client, event):
    giver = RegistrationFactory(event=event, first_name="Ana", last_name="Giver")
    SeatTransfer.objects.create(
        registration=giver,
        first_name="Paul",
        last_name="Taker",
        email="paul@client.example",
        token_hash=SeatTransfer.hash_token("t"),
        expires_at=OPEN + dt.timedelta(days=3),
    )
    page = organiser_client.get("/en/admin/registrations/seattransfer/?status__exact=pending").content.decode()
    assert "Ana Giver → Paul Taker" in page and "paul@client.example" in page
    assert (
        "Ana Giver"
        not in organiser_client.get("/en/admin/registrations/seattransfer/?status__exact=accepted").content.decode()
    )
    assert organiser_client.get("/en/admin/registrations/seattransfer/add/").status_code == 403


# --- Check-in closes the seat's life ---------------------------------------------------------


def test_no_second_person_comes_in_on_a_seat_already_checked_in(client, event, giver, full_event):
    # The badge pick-up of the day before, while the seat may still be passed on (until the
    # waiting list closes, 24 hours before the doors open).
    day_before = EVENT_DATE - dt.timedelta(days=1)
    sent = len(mail.outbox)
    offer_to_paul(giver, now=at("07:00", day_before))
    token = token_in(mail.outbox[sent])
    check_in_badge(badge_for_registration(giver).token, event=event, staff=UserFactory(), now=at("07:30", day_before))
    with pytest.raises(RegistrationError) as refused:
        accept_seat_transfer(token, user=paul(), details=details(), now=at("08:00", day_before))
    assert refused.value.code == "checked_in"
    withdraw_transfer(giver, now=at("08:00", day_before))
    with pytest.raises(RegistrationError) as refused:
        offer_to_paul(giver, now=at("08:00", day_before))
    assert refused.value.code == "checked_in"
    with pytest.raises(RegistrationError) as refused:
        cancel_registration(giver, now=at("08:00", day_before))
    assert refused.value.code == "checked_in"
    giver.refresh_from_db()
    assert giver.status == "confirmed" and CheckIn.objects.filter(registration=giver).exists()


def test_my_registration_after_check_in_offers_neither_cancelling_nor_passing_on(client, clock, event, giver):
    clock.move_to("the day")
    check_in_badge(badge_for_registration(giver).token, event=event, staff=UserFactory())
    client.force_login(giver.user)
    page = client.get(reverse("registrations:mine")).content.decode()
    assert "You were checked in at" in page
    assert reverse("registrations:cancel") not in page and reverse("registrations:give_seat") not in page
    client.post(reverse("registrations:cancel"))
    assert Registration.objects.get(pk=giver.pk).status == "confirmed"
