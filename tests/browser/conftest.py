"""The site in production shape for browser tests: collected static files served by
whitenoise (hashed, compressed), gunicorn on loopback against the test database, and
Debian's Chromium driven by Playwright, launched with the flags that work offline."""

import os
import shutil
from pathlib import Path

import pytest

from tests.integration.conftest import missing_service
from tests.site_server import Server, collect_static

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    collect_static(static_root)
    return static_root


class Site(Server):
    """The production settings as a browser meets them, over plain HTTP on localhost, with
    e-mails written to files the test can read."""

    def __init__(self, static_root: Path, mail_dir: Path, media_root: Path):
        super().__init__(
            workers=2,
            host="localhost",
            ready_path="/admin/login/",
            production=True,
            static_root=static_root,
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            CONN_MAX_AGE="0",
            MEDIA_ROOT=str(media_root),
            EMAIL_URL=f"filemail://{mail_dir}",
        )
        self.env |= {"CSRF_TRUSTED_ORIGINS": self.url, "SITE_URL": self.url}
        self.mail_dir = mail_dir

    def mails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*"))]


@pytest.fixture
def site(django_db_setup, collected_static, tmp_path_factory):
    # One server per test: the database is emptied between tests, and a long-lived process
    # would keep stale caches (content types) across that.
    server = Site(collected_static, tmp_path_factory.mktemp("mails"), tmp_path_factory.mktemp("media")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's event loop must stop before the rest of the suite, whose
    # database calls Django refuses in a thread with a running loop.
    if not Path(CHROMIUM).exists():
        missing_service("Chromium is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread while the module's tests (and
    # their database teardown) use the ORM, which Django otherwise refuses with a running loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def screenshot(page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


@pytest.fixture
def programme(transactional_db):
    """The Tech For Climate programme, as `./dev.sh serve` loads it, on the factories' day and
    with their registration window (the server reads the wall clock)."""
    from events.loader import load_programme
    from tests.edition import EVENT_DATE, REGISTRATION_CLOSES, REGISTRATION_OPENS

    event = load_programme(day=EVENT_DATE).event
    event.registration_opens_at, event.registration_closes_at = REGISTRATION_OPENS, REGISTRATION_CLOSES
    event.save()
    return event


def take_place_today(event) -> None:
    """The desks record arrivals only around the event's day, and the site's processes read
    the wall clock: for a test of the desk, the edition takes place today."""
    from django.utils import timezone

    from events.models import Event

    Event.objects.filter(pk=event.pk).update(date=timezone.localdate())


def log_in(browser, site, user, *, javascript=True):
    """A browser context with `user` logged in (through the real login form)."""
    context = browser.new_context(java_script_enabled=javascript, base_url=site.url)
    page = context.new_page()
    page.goto("/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.close()
    return context


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    """Replaces the suite-wide fixture: the server process checks passwords with the real
    hashers, so the accounts these tests create must be hashed with them too."""
    from django.utils import translation

    with translation.override("en"):
        yield
