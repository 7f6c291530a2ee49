"""registrations.holds: a seat held for a colleague, and the seats that return to the pool
when a hold or a category's reservation lapses."""

import datetime as dt
import itertools
import re

import pytest
from django.core import mail

from registrations.holds import hold_seat_for_colleague, release_lapsed_seats
from registrations.models import HoldAllowance, Registration, SeatHold, SeatReservation
from registrations.services import RegistrationError, register_attendee, seat_counts
from tests.edition import OPEN, in_days
from tests.factories import RegistrationFactory, SeatHoldFactory, SeatReservationFactory, UserFactory
from tests.forms import PASSWORD
from tests.registering import details, register_as

pytestmark = pytest.mark.django_db(transaction=True)
EVENT_CAPACITY = 10


ASSISTANTS = itertools.count()


def assistant_at_paul_s(event, **fields):
    """A registered colleague of Paul's: a seat is held only at one's own organisation's domain."""
    user = UserFactory(email=f"assistant-{next(ASSISTANTS)}@client.example", verified=True, **fields.pop("user", {}))
    return RegistrationFactory(event=event, user=user, **fields)


def hold_for_paul(event, held_by, *, email="paul@client.example", now=OPEN, **fields):
    """A seat held by `held_by` for Paul Martin of X, through the rules; `fields` change whom for."""
    values = {
        "first_name": "Paul",
        "last_name": "Martin",
        "email": email,
        "organisation": "X",
        "category": "client",
    }
    values.update(fields)
    return hold_seat_for_colleague(event, held_by=held_by, now=now, **values)


# --- Reserved seats ---------------------------------------------------------------------------


def test_unused_reserved_seats_return_to_the_pool_after_their_date(event):
    event.capacity = 3
    event.save()
    until = in_days(25, "00:00")
    SeatReservation.objects.create(event=event, category="press", seats=2, until=until)
    clients = [register_as(event, "client") for _ in range(3)]
    assert [r.status for r in clients] == ["confirmed", "waitlisted", "waitlisted"]
    assert release_lapsed_seats(now=until + dt.timedelta(minutes=1)) == 2
    assert Registration.objects.confirmed().count() == 3
    assert seat_counts(event, until + dt.timedelta(minutes=1)).free == 0


# --- A colleague ------------------------------------------------------------------------------


def test_assistant_holds_a_seat_the_colleague_confirms_it(client, event):
    assistant = assistant_at_paul_s(event, organisation="Mutuelle Exemple")
    hold = hold_for_paul(event, assistant.user, organisation="Mutuelle Exemple")
    assert seat_counts(event, OPEN).total_taken == 2
    message = mail.outbox[-1]
    assert (message.to, message.subject) == (["paul@client.example"], "A seat at Tech For Climate is held for you")
    link = re.search(r"https?://[^/\s]+(/\S+/)\s*$", message.body.strip()).group(1)
    assert "Paul" in client.get(link).content.decode()
    client.post("/en/accounts/signup/", {"email": "paul@client.example", "password1": PASSWORD, "password2": PASSWORD})
    assert client.get("/en/register/").context["form"].initial["first_name"] == "Paul"
    client.post(
        "/en/register/",
        {
            "first_name": "Paul",
            "last_name": "Martin",
            "organisation": "Mutuelle Exemple",
            "job_title": "Chargé de mission",
            "category": "client",
            "accept_terms": "on",
        },
    )
    hold.refresh_from_db()
    assert (hold.status, hold.registration.status, hold.registration.user.email) == (
        "confirmed",
        "confirmed",
        "paul@client.example",
    )
    assert seat_counts(event, OPEN).total_taken == 2


def test_a_held_seat_is_kept_even_when_the_event_fills_meanwhile(event):
    event.capacity = 2
    event.save()
    assistant = assistant_at_paul_s(event)
    hold = hold_for_paul(event, assistant.user)
    assert register_as(event, "client").status == "waitlisted"
    colleague = UserFactory(email="paul@client.example")
    registration = register_attendee(event, user=colleague, details=details(), hold=hold, now=OPEN)
    assert registration.status == "confirmed"
    assert Registration.objects.confirmed().count() == 2


def test_a_lapsed_hold_releases_its_seat_to_the_waiting_list(event):
    event.capacity = 2
    event.save()
    assistant = assistant_at_paul_s(event)
    hold = hold_for_paul(event, assistant.user)
    waiting = register_as(event, "client")
    assert waiting.status == "waitlisted"
    later = hold.held_until + dt.timedelta(minutes=1)
    assert release_lapsed_seats(now=later) == 1
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert SeatHold.objects.get(pk=hold.pk).status == "expired"


def test_no_hold_for_someone_registered_or_when_full(event):
    event.capacity = 1
    event.save()
    assistant = RegistrationFactory(event=event)
    with pytest.raises(RegistrationError) as caught:
        hold_for_paul(event, assistant.user, first_name="A", last_name="B", email="x@example.org")
    assert caught.value.code == "full"
    with pytest.raises(RegistrationError) as caught:
        hold_for_paul(event, assistant.user, first_name="A", last_name="B", email=assistant.user.email.upper())
    assert caught.value.code == "already_registered"


def test_one_address_has_one_seat_held_at_a_time_until_the_hold_lapses(event):
    assistant = assistant_at_paul_s(event)
    first = hold_for_paul(event, assistant.user)
    with pytest.raises(RegistrationError) as caught:
        hold_for_paul(event, RegistrationFactory(event=event).user, email="PAUL@client.example")
    assert caught.value.code == "already_held"
    assert SeatHold.objects.count() == 1
    # Once the first hold has lapsed, the seat can be held again.
    later = first.held_until + dt.timedelta(minutes=1)
    second = hold_for_paul(event, assistant.user, now=later)
    assert (second.status, second.held_until) == ("pending", later + SeatHold.HOLD_FOR)


def test_a_hold_lasts_three_days_but_never_past_the_close_of_registration(event):
    assistant = assistant_at_paul_s(event)
    assert hold_for_paul(event, assistant.user, now=OPEN).held_until == OPEN + dt.timedelta(days=3)
    near_the_close = event.registration_closes_at - dt.timedelta(days=1)
    late = hold_for_paul(event, assistant.user, email="late@client.example", now=near_the_close)
    assert late.held_until == event.registration_closes_at


def test_no_hold_once_registration_has_closed(event):
    assistant = RegistrationFactory(event=event)
    with pytest.raises(RegistrationError) as caught:
        hold_for_paul(event, assistant.user, now=event.registration_closes_at + dt.timedelta(minutes=1))
    assert caught.value.code == "closed"
    assert (SeatHold.objects.count(), mail.outbox) == (0, [])


def test_the_colleague_is_written_to_in_the_language_of_whoever_held_the_seat(event):
    assistant = assistant_at_paul_s(event, user={"language": "fr"})
    hold_for_paul(event, assistant.user)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["paul@client.example"], "Une place vous est réservée pour Tech For Climate")
    ]


def test_releasing_leaves_running_holds_and_reservations_and_taken_holds_alone(event):
    waiting = RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=OPEN)
    running = SeatHoldFactory(event=event, held_until=OPEN + dt.timedelta(days=1))
    taken = SeatHoldFactory(event=event, status="confirmed", held_until=OPEN - dt.timedelta(days=1))
    reservation = SeatReservationFactory(event=event, until=OPEN + dt.timedelta(days=1))

    assert release_lapsed_seats(now=OPEN) == 0

    assert [SeatHold.objects.get(pk=hold.pk).status for hold in (running, taken)] == ["pending", "confirmed"]
    assert SeatReservation.objects.get(pk=reservation.pk).released_at is None
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"


# --- Whom for, and how many -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("holder", "colleague", "code"),
    [
        ("anne@client.example", "someone@elsewhere.example", "other_organisation"),
        ("anne@gmail.com", "paul@gmail.com", "public_domain"),
    ],
)
def test_a_seat_is_held_only_for_a_colleague_at_ones_own_domain(event, holder, colleague, code):
    assistant = RegistrationFactory(event=event, user=UserFactory(email=holder))
    with pytest.raises(RegistrationError) as refused:
        hold_for_paul(event, assistant.user, email=colleague)
    assert refused.value.code == code
    assert (SeatHold.objects.count(), mail.outbox) == (0, [])


def test_one_account_holds_three_seats_unless_an_organiser_raises_its_allowance(client, event, organiser):
    assistant = assistant_at_paul_s(event)
    for n in range(HoldAllowance.DEFAULT):
        hold_for_paul(event, assistant.user, email=f"colleague{n}@client.example")
    with pytest.raises(RegistrationError) as refused:
        hold_for_paul(event, assistant.user, email="one.more@client.example")
    assert refused.value.code == "hold_limit" and "3 seats" in refused.value.message
    # The organisers raise it in the admin, for this person.
    client.force_login(organiser)
    response = client.post(
        "/en/admin/registrations/holdallowance/add/", {"event": event.pk, "user": assistant.user.pk, "seats": 5}
    )
    assert response.status_code == 302
    hold_for_paul(event, assistant.user, email="one.more@client.example")
    assert SeatHold.objects.filter(held_by=assistant.user).count() == 4
    too_many = client.post(
        "/en/admin/registrations/holdallowance/add/", {"event": event.pk, "user": UserFactory().pk, "seats": 5000}
    )
    assert too_many.status_code == 200 and "Ensure this value is less than or equal to 500" in too_many.content.decode()


def test_a_lapsed_hold_no_longer_counts_against_the_allowance(event):
    assistant = assistant_at_paul_s(event)
    holds = [hold_for_paul(event, assistant.user, email=f"c{n}@client.example") for n in range(3)]
    later = holds[0].held_until + dt.timedelta(minutes=1)
    assert hold_for_paul(event, assistant.user, email="next@client.example", now=later).status == "pending"


def test_the_colleague_page_refuses_a_stranger_s_address_in_the_person_s_language(client, event):
    assistant = assistant_at_paul_s(event)
    client.force_login(assistant.user)
    form = {"first_name": "A", "last_name": "B", "organisation": "X", "category": "client"}
    page = client.post("/en/register/colleague/", form | {"email": "a@elsewhere.example"}).content.decode()
    assert "must end in @client.example" in page
    assert SeatHold.objects.count() == 0
