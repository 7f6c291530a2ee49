"""Benchmarks through real HTTP (print figures, assert nothing about time):

- the programme page under load: gunicorn with the production settings, wrk on loopback,
  against a view returning a fixed string under the same server;
- the registration rush: 1,000 registration forms for 350 seats on PostgreSQL, against the
  bare transaction (lock the event, count, insert) behind the same server."""

import re
import shutil
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Event
from registrations.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.site_server import Server, collect_static, rush, verified_accounts_with_sessions

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]
BENCH_SETTINGS = "tests.bench.load_settings"
PROXY_HEADER = "X-Forwarded-Proto: https"  # what the TLS proxy in front of the site adds
WORKERS = 3  # as in the Dockerfile and docker-compose.yml


@dataclass
class LoadFigures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk(url: str, seconds: int = 10, connections: int = 16) -> LoadFigures:
    """wrk's own figures for `seconds` of `connections` clients on keep-alive connections."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", PROXY_HEADER, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def milliseconds(percentile: str) -> float:
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: .*", output)
    return LoadFigures(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds("50"),
        p99_ms=milliseconds("99"),
        errors=(int(errors.group(1)) if errors else 0) + (1 if socket_errors else 0),
    )


@pytest.fixture
def production_static(tmp_path):
    collect_static(tmp_path)
    return tmp_path


def test_bench_programme_page_under_load(production_static):
    if not shutil.which("wrk"):
        pytest.fail("wrk is not installed: apt-get install wrk (./dev.sh bench installs it when run as root)")
    call_command("load_techforclimate", verbosity=0)
    sessions = Event.objects.get().sessions.count()
    with Server(
        workers=WORKERS,
        production=True,
        behind_tls_proxy=True,
        ready_path="/bench/bare/",
        static_root=production_static,
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
    ) as server:
        status, page = server.get("/programme/")
        assert status == 200 and b"Tech For Climate" in page, "the programme page must answer before it is measured"
        wrk(server.url + "/programme/", seconds=3)  # warm every worker: templates, connections
        bare = wrk(server.url + "/bench/bare/")
        programme = wrk(server.url + "/programme/")
    print(
        f"\nProgramme page ({sessions} sessions, {len(page) / 1024:.0f} KB) under load: gunicorn, "
        f"{WORKERS} sync workers, production settings; wrk, 16 connections for 10 s on loopback"
    )
    print(f"{'':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, figures in (("bare view (baseline)", bare), ("programme page", programme)):
        print(
            f"{name:<22} {figures.requests_per_second:>8.0f} {figures.p50_ms:>8.1f} "
            f"{figures.p99_ms:>8.1f} {figures.errors:>7}"
        )
    print(
        f"programme / bare: {programme.requests_per_second / bare.requests_per_second:.2f}× the requests per "
        f"second, {programme.p99_ms / bare.p99_ms:.1f}× the p99 latency"
    )


def bare_registrations(server: Server, event: Event, user_ids: list[int], threads: int) -> Counter:
    def send(user_id: int) -> int:
        status, _ = server.post("/bench/bare-registration/", {"event": event.pk, "user": user_id})
        return status

    with ThreadPoolExecutor(threads) as pool:
        return Counter(pool.map(send, user_ids))


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def test_bench_registration_rush_over_http(production_static, private_redis):
    if connection.vendor != "postgresql":
        pytest.fail("the registration rush is measured on PostgreSQL: ./dev.sh bench")
    attempts, seats, clients = 1000, 350, 100
    baseline_event, site_event = EventFactory(capacity=seats), EventFactory(capacity=seats)
    baseline_users = [user.pk for user in UserFactory.create_batch(attempts)]
    session_keys = verified_accounts_with_sessions(attempts)
    # As in production: Redis is the cache (rate limits) and the broker. No worker runs, so
    # the e-mails wait in this private Redis, which goes away with the benchmark.
    with Server(
        workers=WORKERS,
        production=True,
        behind_tls_proxy=True,
        static_root=production_static,
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        REDIS_URL=private_redis.url,
    ) as server:
        baseline_statuses, baseline_seconds = timed(
            lambda: bare_registrations(server, baseline_event, baseline_users, clients)
        )
        statuses, seconds = timed(lambda: rush(server, session_keys, threads=clients))
    confirmed = Registration.objects.confirmed().filter(event=site_event).count()
    print(
        f"\nRegistration rush: {attempts:,} attempts for {seats} seats from {clients} clients at once, "
        f"gunicorn {WORKERS} sync workers, production settings, PostgreSQL, Redis"
    )
    print(f"{'':<34} {'seconds':>8} {'attempts/s':>11}  answers")
    for name, statuses_, seconds_ in (
        ("bare transaction (baseline)", baseline_statuses, baseline_seconds),
        ("registration form (the site)", statuses, seconds),
    ):
        print(f"{name:<34} {seconds_:>8.1f} {attempts / seconds_:>11.0f}  {dict(statuses_)}")
    print(
        f"the site / bare: {seconds / baseline_seconds:.1f}× the time; {confirmed} confirmed, "
        f"{attempts - confirmed} on the waiting list"
    )
    print(
        "the bare transaction: lock the event row, count confirmed, insert one row (no session, form, "
        "rate limit, e-mail or page)"
    )
