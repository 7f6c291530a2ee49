"""Benchmark (prints figures, asserts nothing about time): how the programme page and the
organiser dashboard cost as the data grows — 1×, 10× and 100× the sessions and
registrations — in SQL queries and time per page, against a bare view in the same run."""

import datetime as dt
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection

from events.models import Session
from tests.factories import (
    EventFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    at,
    confirmed_registrations_in_bulk,
)

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]
BASE_SESSIONS, BASE_REGISTRATIONS = 16, 35


def grow(event, factor: int):
    rooms = [RoomFactory(event=event, position=i) for i in range(8)]
    speakers = SpeakerFactory.create_batch(16)  # two per room: none speaks twice at once
    for index in range(BASE_SESSIONS * factor):
        start = at("08:30") + dt.timedelta(minutes=(index // len(rooms)) * 600 / max(BASE_SESSIONS * factor // 8, 1))
        session = SessionFactory(
            event=event,
            kind=Session.Kind.WORKSHOP,
            room=rooms[index % 8],
            start=start,
            end=start + dt.timedelta(minutes=1),
            capacity=30,
        )
        session.speakers.set(speakers[(index % 8) * 2 : (index % 8) * 2 + 2])
    confirmed_registrations_in_bulk(event, BASE_REGISTRATIONS * factor)


def timed(client, url: str, runs: int = 5, cold: bool = False) -> tuple[float, int]:
    """Median time and query count of a page; `cold` empties the cache before each request."""
    client.get(url)  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    if cold:
        cache.clear()
    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries)


def test_bench_cost_as_data_grows(client, organiser_client):
    print(f"\n{'data':>6} {'page':<12} {'queries':>7} {'ms':>8} {'× bare':>7}")
    for factor in (1, 10, 100):
        from django.core.management import call_command

        call_command("flush", "--no-input", verbosity=0)
        from tests.conftest import organisers_group  # noqa: F401

        event = EventFactory(capacity=100_000)
        grow(event, factor)
        organiser = UserFactory(is_staff=True, is_superuser=True, totp=True)
        organiser_client.force_login(organiser)
        bare, _ = timed(client, "/en/accounts/login/")
        for name, url, who, cold in (
            ("programme", "/en/programme/", client, True),
            ("  cached", "/en/programme/", client, False),
            ("dashboard", "/en/admin/registrations/registration/dashboard/", organiser_client, False),
        ):
            seconds, queries = timed(who, url, cold=cold)
            print(f"{factor:>5}× {name:<12} {queries:>7} {seconds * 1000:>8.1f} {seconds / bare:>7.1f}")
    print("bare: the login page (a form, no data), same server, same run")
    print("programme: its grid built (cache empty); cached: the same page once its grid is cached")
