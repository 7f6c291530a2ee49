"""Benchmarks through real HTTP (print figures, assert nothing about time):

- the public pages under load (the programme anonymous and logged in, home, a session, the
  speakers): gunicorn with the production settings and Redis, wrk on loopback, against a
  view returning a fixed string under the same server; and a worker's peak memory after
  it, against a worker that served only that view;
- the registration rush: 1,000 registration forms for 350 seats on PostgreSQL, against the
  bare transaction (lock the event, count, insert) behind the same server."""

import re
import shutil
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from events.models import Event
from registrations.models import Registration
from tests.bench.report import record
from tests.factories import EventFactory, RegistrationFactory, UserFactory
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


def wrk(url: str, seconds: int = 10, connections: int = 16, headers: tuple[str, ...] = ()) -> LoadFigures:
    """wrk's own figures for `seconds` of `connections` clients on keep-alive connections."""
    extra = [argument for header in headers for argument in ("-H", header)]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", PROXY_HEADER, *extra, url],
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
def sessions_as_on_the_site(settings, private_redis):
    """Accounts logged in here store their sessions where the site's workers read them (the
    database and the private Redis), as a log-in through the site does."""
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": private_redis.url}}
    settings.SESSION_ENGINE = "core.sessions"


@pytest.fixture
def production_static(tmp_path):
    collect_static(tmp_path)
    return tmp_path


def worker_peak_kb(server: Server) -> int:
    """The highest peak resident memory (VmHWM) of the gunicorn master's workers."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # a process that ended while the list was read
        if fields.get("PPid", "").strip() == str(server.process.pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]))
    assert peaks, "no gunicorn worker found"
    return max(peaks)


def page_server(static_root, redis_url: str) -> Server:
    # As in production: Redis holds the cache (the pages, the sessions) for every worker.
    return Server(
        workers=WORKERS,
        production=True,
        behind_tls_proxy=True,
        ready_path="/bench/bare/",
        static_root=static_root,
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        REDIS_URL=redis_url,
    )


def logged_in_attendee(event: Event) -> str:
    """The session cookie of a verified account registered to the event."""
    (key,) = verified_accounts_with_sessions(1)
    user_id = SessionStore(session_key=key)[SESSION_KEY]
    RegistrationFactory(event=event, user_id=user_id)
    return f"Cookie: sessionid={key}"


def public_pages(event: Event) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each measured page: its French URL and the headers wrk sends with it."""
    with translation.override("fr"):
        programme = reverse("events:programme")
        return {
            "programme page, anonymous": (programme, ()),
            "programme page, logged-in attendee": (programme, (logged_in_attendee(event),)),
            "home, anonymous": (reverse("home"), ()),
            "session page, anonymous": (reverse("events:session", args=[event.sessions.first().slug]), ()),
            "speakers list, anonymous": (reverse("speakers:list"), ()),
        }


def print_figures(rows: dict[str, LoadFigures], bare: LoadFigures) -> None:
    print(f"{'':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× bare':>7}")
    for name, figures in {"bare view (baseline)": bare, **rows}.items():
        print(
            f"{name:<36} {figures.requests_per_second:>8.0f} {figures.p50_ms:>8.1f} {figures.p99_ms:>8.1f} "
            f"{figures.errors:>7} {figures.requests_per_second / bare.requests_per_second:>7.2f}"
        )


def test_bench_programme_page_under_load(production_static, private_redis, sessions_as_on_the_site):
    if not shutil.which("wrk"):
        pytest.fail("wrk is not installed: apt-get install wrk (./dev.sh bench installs it when run as root)")
    call_command("load_techforclimate", verbosity=0)
    event = Event.objects.get()
    pages = public_pages(event)
    with page_server(production_static, private_redis.url) as server:
        for path, headers in pages.values():
            status, page = server.get(path)
            assert status == 200 and b"Tech For Climate" in page, f"{path} must answer before it is measured"
            wrk(server.url + path, seconds=2, headers=headers)  # warm every worker: templates, connections
        # The bare view before and after the pages, and the faster of the two: a machine
        # that slows down or speeds up during the run cannot flatter the pages' ratios.
        bare_before = wrk(server.url + "/bench/bare/")
        rows = {name: wrk(server.url + path, headers=headers) for name, (path, headers) in pages.items()}
        bare_after = wrk(server.url + "/bench/bare/")
        bare = max(bare_before, bare_after, key=lambda figures: figures.requests_per_second)
        site_peak_kb = worker_peak_kb(server)
    with page_server(production_static, private_redis.url) as server:
        wrk(server.url + "/bench/bare/")
        bare_peak_kb = worker_peak_kb(server)
    print(
        f"\nPublic pages ({event.sessions.count()} sessions) under load: gunicorn, {WORKERS} sync workers, "
        "production settings, Redis; wrk, 16 connections for 10 s each on loopback"
    )
    print_figures(rows, bare)
    print(
        f"bare view: {bare_before.requests_per_second:.0f} req/s before the pages, "
        f"{bare_after.requests_per_second:.0f} after; the faster is the baseline"
    )
    for name, figures in rows.items():
        goal = ">= 0.3x" if "logged-in" in name else ">= 0.7x"
        record(
            name, figures.requests_per_second, bare.requests_per_second, goal=goal, higher_is_better=True, unit="req/s"
        )
    print(
        f"peak memory of a web worker: {site_peak_kb / 1024:.0f} MB after the load run, "
        f"{bare_peak_kb / 1024:.0f} MB serving only the bare view"
    )
    record(
        "peak memory of a web worker after the load run",
        site_peak_kb / 1024,
        bare_peak_kb / 1024,
        goal="<= 1.5x",
        higher_is_better=False,
        unit="MB",
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


def test_bench_registration_rush_over_http(production_static, private_redis, sessions_as_on_the_site):
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
    record(
        "registration rush over HTTP, attempts/s",
        attempts / seconds,
        attempts / baseline_seconds,
        goal=">= 0.5x",
        higher_is_better=True,
        unit="attempts/s",
    )
