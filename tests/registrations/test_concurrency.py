"""The capacity rules under real concurrent transactions: many threads, each with its own
database connection, registering and booking at the same moment."""

import threading
from collections import Counter

import pytest
from django.db import connection

from registrations.models import Registration, WorkshopBooking
from registrations.services import register_attendee
from registrations.workshops import book_workshop
from tests.concurrency import run_concurrently
from tests.edition import OPEN, in_days
from tests.factories import EventFactory, InviteeFactory, RegistrationFactory, UserFactory, workshop_in_its_room
from tests.forms import MINIMAL_REGISTRATION_FORM
from tests.registering import details


def assert_gap_free_waiting_list(event, expected_length):
    waiting = list(Registration.objects.waiting().filter(event=event))
    assert len(waiting) == expected_length
    assert [registration.waiting_list_position() for registration in waiting] == list(range(1, expected_length + 1))


def register_many(event, users, *, threads):
    # Every account tries twice, as a double-click would: never two registrations.
    attempts = [user for user in users for _ in range(2)]
    return run_concurrently(
        lambda user: register_attendee(event, user=user, details=details(), now=OPEN), attempts, threads=threads
    )


def assert_a_rush_fills_the_seats_then_the_waiting_list(*, capacity: int, people: int, threads: int):
    """`people` accounts register at once (twice each) for `capacity` seats: no error, every
    seat taken, the others on a waiting list without gaps. Returns the accounts."""
    event = EventFactory(capacity=capacity)
    users = UserFactory.create_batch(people)

    errors = register_many(event, users, threads=threads)

    assert errors == []
    assert Registration.objects.confirmed().filter(event=event).count() == capacity
    assert_gap_free_waiting_list(event, people - capacity)
    return users


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_oversell_on_postgresql():
    users = assert_a_rush_fills_the_seats_then_the_waiting_list(capacity=350, people=500, threads=40)
    assert Counter(Registration.objects.values_list("user_id", flat=True)) == Counter({u.pk: 1 for u in users})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workshop_bookings_never_overbook_on_postgresql():
    event = EventFactory(capacity=350)
    workshop = workshop_in_its_room(event, "11:00", "12:00", capacity=20)
    registrations = RegistrationFactory.create_batch(60, event=event)
    attempts = [registration for registration in registrations for _ in range(2)]

    errors = run_concurrently(lambda r: book_workshop(r, workshop, now=OPEN), attempts, threads=40)

    assert errors == []
    assert workshop.bookings.booked().count() == 20
    waiting = list(workshop.bookings.waiting())
    assert [booking.waiting_list_position() for booking in waiting] == list(range(1, 41))
    assert WorkshopBooking.objects.count() == 60


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_oversell_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers SQLite")
    assert_a_rush_fills_the_seats_then_the_waiting_list(capacity=50, people=80, threads=16)
    assert Registration.objects.count() == 80


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_respect_reserved_seats_on_postgresql():

    from registrations.models import SeatReservation

    event = EventFactory(capacity=100)
    SeatReservation.objects.create(event=event, category="partner", seats=30, until=in_days(25, "00:00"))
    # Partners come through their invitations (a vouched category takes the reserved seats);
    # clients say who they are (general seats only).
    partners = [InviteeFactory(event=event, category="partner") for _ in range(100)]
    invited = [(UserFactory(email=invitee.email, verified=True), invitee) for invitee in partners]
    people = [
        person
        for pair in zip(invited, [(user, None) for user in UserFactory.create_batch(100)], strict=True)
        for person in pair
    ]

    errors = run_concurrently(
        lambda person: register_attendee(
            event, user=person[0], details=details(category="client"), invitee=person[1], now=OPEN
        ),
        people,
        threads=40,
    )

    assert errors == []
    confirmed = Registration.objects.confirmed().filter(event=event)
    assert confirmed.count() == 100
    assert confirmed.filter(category="partner").count() >= 30
    assert confirmed.filter(category="client").count() <= 70
    assert_gap_free_waiting_list(event, 100)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_registration_that_waits_too_long_gets_a_busy_page_and_writes_nothing(client, settings):

    from django.db import connections, transaction

    settings.REGISTRATION_LOCK_WAIT_MS = 300
    event = EventFactory(capacity=350)
    user = UserFactory(verified=True)
    client.force_login(user)
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with transaction.atomic(using="default"):
            from events.models import Event

            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(10)
        connections["default"].close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    locked.wait(5)
    try:
        response = client.post("/en/register/", MINIMAL_REGISTRATION_FORM)
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert "Very busy right now" in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancellations_registrations_and_promotions_at_once_never_exceed_capacity():
    import random

    from mail.models import OutgoingEmail
    from registrations.services import cancel_registration

    event = EventFactory(capacity=50)
    first = UserFactory.create_batch(80)
    errors = register_many(event, first, threads=16)  # 50 confirmed, 30 waiting
    assert errors == []
    waiting_before = [r.pk for r in Registration.objects.waiting().filter(event=event)]
    leaving = random.Random(3).sample(list(Registration.objects.confirmed().filter(event=event)), 20)
    newcomers = UserFactory.create_batch(40)

    samples, sampling = [], threading.Event()

    def sample():
        # Another connection looks at the count all along: it must never exceed the seats.
        while not sampling.is_set():
            samples.append(Registration.objects.confirmed().filter(event=event).count())
        connection.close()

    sampler = threading.Thread(target=sample)
    sampler.start()
    jobs = [("cancel", r) for r in leaving] + [("register", u) for u in newcomers]
    random.Random(5).shuffle(jobs)

    def run(job):
        kind, target = job
        if kind == "cancel":
            cancel_registration(target)
        else:
            register_attendee(event, user=target, details=details(), now=OPEN)

    errors = run_concurrently(run, jobs, threads=20)
    sampling.set()
    sampler.join()

    assert errors == []
    assert max(samples) <= 50 and len(samples) > 10
    assert Registration.objects.confirmed().filter(event=event).count() == 50
    promoted = list(Registration.objects.filter(pk__in=waiting_before, status="confirmed").values_list("pk", flat=True))
    # Promotions followed the list's order: the promoted are exactly the first in line.
    assert sorted(promoted) == sorted(waiting_before[: len(promoted)]) and len(promoted) >= 20
    for pk in promoted:
        assert OutgoingEmail.objects.filter(registration__pk=pk, kind="promoted").count() == 1
