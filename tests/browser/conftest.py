"""The site in production shape for browser tests: collected static files served by
whitenoise (hashed, compressed), gunicorn on loopback against the test database, and
Debian's Chromium driven by Playwright, launched with the flags that work offline."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import database_url, missing_service
from tests.mailserver import free_port

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
    env = os.environ | {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "browser-tests-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "STATIC_ROOT": str(static_root),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    return static_root


class Site:
    def __init__(self, static_root: Path, mail_dir: Path, media_root: Path):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.mail_dir = mail_dir
        from django.conf import settings

        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.env = environment | {
            "DJANGO_ENV": "production",
            # The tests' own key, so that badge tokens made by a test verify on the server.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "0",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "EMAIL_URL": f"filemail://{mail_dir}",
            "REDIS_URL": "",
        }
        self.process = None

    def start(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "techforclimate.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/admin/login/", timeout=2)
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)

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
    """The Tech For Climate programme, as `./dev.sh serve` loads it."""
    import datetime as dt

    from events.loader import load_programme

    return load_programme(today=dt.date(2026, 11, 29)).event


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
