"""The registration rush, through the site: 1,000 verified accounts posting the registration
form at once for 350 seats, on PostgreSQL, through gunicorn. A control run with the event
lock taken away (gunicorn serving `tests.unlocked_site`) must oversell: proof that the test
can fail. The embedded SQLite mode gets its own, smaller rush through gunicorn."""

import time
from collections import Counter

import pytest
from django.db import connection

from mail.models import OutgoingEmail
from registrations.models import Registration
from tests.factories import EventFactory
from tests.site_server import Server, rush, verified_accounts_with_sessions

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.postgres
def test_a_thousand_registrations_at_once_fill_exactly_350_seats():
    event = EventFactory(capacity=350)
    keys = verified_accounts_with_sessions(1000)
    started = time.monotonic()
    with Server() as server:
        statuses = rush(server, keys)
    elapsed = time.monotonic() - started
    print(f"\n1,000 registrations over HTTP in {elapsed:.1f} s: {dict(statuses)}")
    assert statuses == Counter({302: 1000})  # every one redirected to "My registration": no 5xx
    assert Registration.objects.confirmed().filter(event=event).count() == 350
    waiting = list(Registration.objects.waiting().filter(event=event))
    assert [registration.waiting_list_position() for registration in waiting[:3]] == [1, 2, 3]
    assert len(waiting) == 650 and waiting[-1].waiting_list_position() == 650
    assert Registration.objects.values("user").distinct().count() == 1000


@pytest.mark.postgres
def test_without_the_event_lock_the_same_rush_oversells():
    event = EventFactory(capacity=350)
    keys = verified_accounts_with_sessions(1000)
    # As many requests in flight as the machine allows, so that the unguarded
    # count-then-insert races as it would on a busy production server.
    with Server(workers=8, threads=8, wsgi="tests.unlocked_site") as server:
        rush(server, keys, threads=200)
    oversold = Registration.objects.confirmed().filter(event=event).count()
    print(f"\nwithout the lock: {oversold} confirmed for 350 seats")
    assert oversold > 350


@pytest.mark.postgres
def test_the_same_person_sending_the_form_five_times_at_once_gets_one_registration_and_one_email():
    event = EventFactory(capacity=350)
    (key,) = verified_accounts_with_sessions(1)
    with Server() as server:
        statuses = rush(server, [key] * 5, threads=5)
    assert statuses == Counter({302: 5})
    assert Registration.objects.filter(event=event).count() == 1
    assert OutgoingEmail.objects.filter(kind="confirmed").count() == 1


def test_on_sqlite_registrations_at_once_through_the_site_hold_the_capacity_and_nobody_sees_an_error():
    """The embedded mode: SQLite behind four gunicorn workers of four threads each."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers SQLite; PostgreSQL has the 1,000-request rush above")
    event = EventFactory(capacity=50)
    keys = verified_accounts_with_sessions(200)
    with Server(workers=4, threads=4) as server:
        statuses = rush(server, keys, threads=50)
    # 302 to "My registration" for everyone: no "database is locked", no busy page, no 500.
    assert statuses == Counter({302: 200})
    assert Registration.objects.confirmed().filter(event=event).count() == 50
    waiting = list(Registration.objects.waiting().filter(event=event))
    assert [registration.waiting_list_position() for registration in waiting] == list(range(1, 151))
    assert OutgoingEmail.objects.count() == 200
