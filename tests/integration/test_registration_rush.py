"""The registration rush, through the site: 1,000 verified accounts posting the registration
form at once for 350 seats, on PostgreSQL, through gunicorn. A control run with the event
lock switched off (a test-only switch) must oversell: proof that the test can fail."""

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from registrations.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.integration.conftest import database_url
from tests.mailserver import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
CSRF_SECRET = "k" * 32  # any 32-character secret: the cookie and the form field must agree
FORM = {
    "first_name": "Camille",
    "last_name": "Exemple",
    "organisation": "Exemple SA",
    "job_title": "DSI",
    "category": "client",
    "accept_terms": "on",
    "csrfmiddlewaretoken": CSRF_SECRET,
}


class Server:
    def __init__(self, *, workers: int = 4, threads: int = 1, **extra_env):
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "60",
            "EMAIL_URL": "dummymail://",
            "REDIS_URL": "",
            **extra_env,
        }

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "techforclimate.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "4",
            "--log-level",
            "error",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/en/accounts/login/")
                connection.getresponse().read()
                return self
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)

    def register(self, session_key: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(
            "POST",
            "/en/register/",
            body=urllib.parse.urlencode(FORM),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session_key}; csrftoken={CSRF_SECRET}",
            },
        )
        status = connection.getresponse().status
        connection.close()
        return status


def verified_accounts_with_sessions(count: int) -> list[str]:
    users = UserFactory.create_batch(count)
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users)
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def rush(server: Server, session_keys: list[str], threads: int = 100) -> Counter:
    with ThreadPoolExecutor(threads) as pool:
        return Counter(pool.map(server.register, session_keys))


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


def test_without_the_event_lock_the_same_rush_oversells():
    event = EventFactory(capacity=350)
    keys = verified_accounts_with_sessions(1000)
    # As many requests in flight as the machine allows, so that the unguarded
    # count-then-insert races as it would on a busy production server.
    with Server(workers=8, threads=8, TFC_TEST_ONLY_DISABLE_EVENT_LOCK="1") as server:
        rush(server, keys, threads=200)
    oversold = Registration.objects.confirmed().filter(event=event).count()
    print(f"\nwithout the lock: {oversold} confirmed for 350 seats")
    assert oversold > 350


def test_the_same_person_sending_the_form_five_times_at_once_gets_one_registration_and_one_email():
    from registrations.models import OutgoingEmail

    event = EventFactory(capacity=350)
    (key,) = verified_accounts_with_sessions(1)
    with Server() as server:
        statuses = rush(server, [key] * 5, threads=5)
    assert statuses == Counter({302: 5})
    assert Registration.objects.filter(event=event).count() == 1
    assert OutgoingEmail.objects.filter(kind="confirmed").count() == 1
