"""Benchmark (prints figures, asserts nothing about time): how pages cost as the data grows —
1×, 10× and 100× the sessions, registrations, check-ins, bookings, answers and trips — in
SQL queries and time per page, against a bare view in the same run. Each page records two
rows of the final table: its queries at 100× against 1× (constant: "<= 1.0x") and its time
per unit of data at 100× against 1× (no worse than linear: "<= 1.0x")."""

import datetime as dt
import statistics
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Mod
from django.test import Client

from day.models import CheckIn
from events.models import Session
from feedback.models import DayFeedback, SessionFeedback
from footprint.models import TravelDeclaration
from registrations.models import Registration, WorkshopBooking
from tests.bench.report import record
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
BASE_SESSIONS, BASE_REGISTRATIONS, BASE_ORGANISATIONS = 16, 35, 4
FACTORS = (1, 10, 100)
ADMIN = "/en/admin/registrations/registration/"


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


def grow_the_day(event, organiser, factor: int):
    """What the desk, the feedback and the statements read, in bulk: the organisations (they
    grow with the data too), one marked contact each, a trip for every other person, four in
    five checked in, two workshops booked each, and the answers of those checked in."""
    organisations = BASE_ORGANISATIONS * factor
    registrations = Registration.objects.filter(event=event)
    registrations.update(organisation=Concat(Value("Organisation "), Cast(Mod(F("pk"), organisations), CharField())))
    people = list(registrations.order_by("pk"))
    contacts = [person.pk for person in people[:organisations]]
    Registration.objects.filter(pk__in=contacts).update(is_organisation_contact=True)
    TravelDeclaration.objects.bulk_create(
        TravelDeclaration(
            registration=person,
            event=event,
            distance_km=5 + index % 700,
            mode=("tgv", "bike_walk", "car_thermal", "metro", "plane")[index % 5],
            meal=("vegetarian", "meat")[index % 2],
            named_in_organisation_statement=index % 3 == 0,
        )
        for index, person in enumerate(people)
        if index % 2 == 0
    )
    came = [person for index, person in enumerate(people) if index % 5]
    CheckIn.objects.bulk_create(
        CheckIn(registration=person, checked_in_at=at("08:45"), checked_in_by=organiser, desk="A") for person in came
    )
    sessions = list(Session.objects.filter(event=event).order_by("pk").values_list("pk", flat=True))
    booked = [
        (person, sessions[(index * 2 + turn) % len(sessions)]) for index, person in enumerate(people) for turn in (0, 1)
    ]
    WorkshopBooking.objects.bulk_create(
        WorkshopBooking(registration=person, session_id=session_id, status="booked") for person, session_id in booked
    )
    Registration.objects.filter(check_in__isnull=False).update(
        feedback_requested_at=at("09:00", event.date + dt.timedelta(days=1))
    )
    came_ids = {person.pk for person in came}
    SessionFeedback.objects.bulk_create(
        SessionFeedback(
            registration=person, session_id=session_id, rating=1 + person.pk % 5, comment="Clear." * (person.pk % 2)
        )
        for person, session_id in booked
        if person.pk in came_ids
    )
    DayFeedback.objects.bulk_create(DayFeedback(registration=person, rating=1 + person.pk % 5) for person in came)


def analyse():
    """Fresh statistics for the planner, as autovacuum would gather after such bulk writes:
    without them PostgreSQL guesses a handful of rows per table and may pick plans that
    are quadratic at 100× (the desk list's bookings: 3,500 × 7,000 index rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(client, url: str, runs: int = 5, cold: bool = False) -> tuple[float, int]:
    """Median time and query count of a page; `cold` empties the cache before each request."""
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
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


def clients(event):
    """An anonymous visitor, an organiser (superuser: the desk's permission too) and an
    attendee with a trip and two workshops."""
    organiser = UserFactory(is_staff=True, is_superuser=True, totp=True)
    attendee = Registration.objects.filter(event=event).order_by("pk").first().user
    anonymous, organiser_client, attendee_client = Client(), Client(), Client()
    organiser_client.force_login(organiser)
    attendee_client.force_login(attendee)
    return organiser, anonymous, organiser_client, attendee_client


def pages(anonymous, organiser, attendee):
    """(name, url, client, cold): `cold` for the public pages, built with the cache empty."""
    return [
        ("programme", "/en/programme/", anonymous, True),
        ("programme cached", "/en/programme/", anonymous, False),
        ("dashboard", ADMIN + "dashboard/", organiser, False),
        ("desk day list", "/en/check-in/list/", organiser, False),
        ("feedback results", ADMIN + "feedback/", organiser, False),
        ("statements list", ADMIN + "footprint-statements/", organiser, False),
        ("public footprint", "/en/footprint/", anonymous, True),
        ("my registration", "/en/my-registration/", attendee, False),
    ]


def measure(factor: int) -> tuple[float, dict[str, tuple[float, int]]]:
    call_command("flush", "--no-input", verbosity=0)
    event = EventFactory(capacity=100_000, footprint_published=True)
    grow(event, factor)
    organiser, anonymous, organiser_client, attendee_client = clients(event)
    grow_the_day(event, organiser, factor)
    analyse()
    bare, _ = timed(anonymous, "/en/accounts/login/")
    return bare, {
        name: timed(who, url, cold=cold) for name, url, who, cold in pages(anonymous, organiser_client, attendee_client)
    }


def record_growth(name: str, figures: dict[int, tuple[float, int]]):
    (small_s, small_q), (large_s, large_q) = figures[FACTORS[0]], figures[FACTORS[-1]]
    growth = FACTORS[-1] // FACTORS[0]
    record(f"growth: {name} queries at {growth}× / 1×", large_q, small_q, goal="<= 1.0x", higher_is_better=False)
    record(
        f"growth: {name} time per row at {growth}× / 1×",
        large_s * 1000 / growth,
        small_s * 1000,
        goal="<= 1.0x",
        higher_is_better=False,
        unit="ms",
    )


def test_bench_cost_as_data_grows():
    by_page: dict[str, dict[int, tuple[float, int]]] = {}
    print(f"\n{'data':>6} {'page':<18} {'queries':>7} {'ms':>8} {'× bare':>7}")
    for factor in FACTORS:
        bare, figures = measure(factor)
        for name, (seconds, queries) in figures.items():
            by_page.setdefault(name, {})[factor] = (seconds, queries)
            print(f"{factor:>5}× {name:<18} {queries:>7} {seconds * 1000:>8.1f} {seconds / bare:>7.1f}")
    print("bare: the login page (a form, no data), same server, same run")
    print("programme: its grid built (cache empty); programme cached: the same page again, from the cache")
    print("data at 1×: 16 sessions, 35 registrations, 4 organisations; 4 in 5 checked in, 2 workshops each")
    for name, figures in by_page.items():
        record_growth(name, figures)
