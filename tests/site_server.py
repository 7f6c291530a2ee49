"""The site in gunicorn, as in production, against the test database — for the tests and
benchmarks that must go through real HTTP requests — and the accounts to send them with."""

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from tests.factories import UserFactory
from tests.integration.conftest import database_url
from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[1]
CSRF_SECRET = "k" * 32  # any 32-character secret: the cookie and the form field must agree
REGISTRATION_FORM = {
    "first_name": "Camille",
    "last_name": "Exemple",
    "organisation": "Exemple SA",
    "job_title": "DSI",
    "category": "client",
    "accept_terms": "on",
    "csrfmiddlewaretoken": CSRF_SECRET,
}


def collect_static(static_root) -> None:
    """Production serves hashed, compressed files collected beforehand, as the image does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        check=True,
        env=os.environ | {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "STATIC_ROOT": str(static_root)},
    )


class Server:
    """gunicorn with sync workers (threads > 1 makes them threaded) on a free loopback port.

    `production=True` runs the production settings (`static_root`: collected files);
    `wsgi`: the module of the application it serves (the site's, unless a test serves it
    with a part replaced, as `tests.unlocked_site` does);
    `behind_tls_proxy=True` makes every request carry what the TLS proxy in front of the
    site adds (X-Forwarded-Proto) and what a browser sends over HTTPS (Origin, which the
    CSRF check compares)."""

    def __init__(
        self,
        *,
        workers: int = 4,
        threads: int = 1,
        host: str = "127.0.0.1",
        ready_path: str = "/en/accounts/login/",
        production: bool = False,
        behind_tls_proxy: bool = False,
        static_root=None,
        wsgi: str = "techforclimate.wsgi",
        **extra_env,
    ):
        self.port = free_port()
        self.host, self.workers, self.threads, self.ready_path = host, workers, threads, ready_path
        self.wsgi = wsgi
        self.headers = (
            {"X-Forwarded-Proto": "https", "Origin": f"https://{host}:{self.port}"} if behind_tls_proxy else {}
        )
        self.env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
            "DJANGO_ENV": "production" if production else "development",
            "DEBUG": "false",
            # The tests' own key, so that sessions and badge tokens made by a test verify.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": host,
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "60",
            "EMAIL_URL": "dummymail://",
            "REDIS_URL": "",
            **({"STATIC_ROOT": str(static_root)} if static_root else {}),
            **extra_env,
        }
        self.process = None

    def start(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.wsgi,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--log-level",
            "error",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 90  # a loaded shared machine can be slow to start workers
        while True:
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=2)
                connection.request("GET", self.ready_path, headers=self.headers)
                connection.getresponse().read()
                return self
            except OSError:
                assert self.process.poll() is None, "gunicorn exited"
                if time.monotonic() >= deadline:
                    self.stop()  # leave no server behind to hold the port and the memory
                    raise AssertionError("gunicorn did not start") from None
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def post(self, path: str, form: dict, cookie: str = "") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request(
            "POST",
            path,
            body=urllib.parse.urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, **self.headers},
        )
        response = connection.getresponse()
        status, body = response.status, response.read()
        connection.close()
        return status, body

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        connection.request("GET", path, headers=self.headers)
        response = connection.getresponse()
        status, body = response.status, response.read()
        connection.close()
        return status, body

    def register(self, session_key: str) -> int:
        """Send the registration form as the account whose session this is."""
        status, _ = self.post(
            "/en/register/", REGISTRATION_FORM, cookie=f"sessionid={session_key}; csrftoken={CSRF_SECRET}"
        )
        return status


def verified_accounts_with_sessions(count: int) -> list[str]:
    """`count` accounts with a verified address, each logged in (its session stored as the
    SESSION_ENGINE in effect stores it): their session keys."""
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    users = UserFactory.create_batch(count)
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users)
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def rush(server: Server, session_keys: list[str], threads: int = 100) -> Counter:
    """Every account sends the registration form at once: how many got each status."""
    with ThreadPoolExecutor(threads) as pool:
        return Counter(pool.map(server.register, session_keys))
