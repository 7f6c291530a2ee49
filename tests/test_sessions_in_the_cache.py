"""Sessions read from the cache and kept in the database (core/sessions.py), as production
runs them with Redis: a logged-in page reads no session row, a log-out ends the session
in both, and a cache that cannot be reached changes nothing for the person."""

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import sessions
from tests.factories import EventFactory, UserFactory
from tests.unreachable import UnreachableCache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sessions_in_the_cache(settings):
    settings.SESSION_ENGINE = "core.sessions"


@pytest.fixture
def logged_in(client):
    EventFactory()
    client.force_login(UserFactory(first_name="Camille"))
    return client


def session_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/my-registration/").status_code in {200, 302}
    return [query["sql"] for query in queries.captured_queries if "django_session" in query["sql"]]


def test_a_logged_in_page_reads_the_session_from_the_cache(logged_in):
    session_queries(logged_in)  # the first read may fill the cache
    assert session_queries(logged_in) == []
    assert "Log out" in logged_in.get("/en/programme/").content.decode()


def test_a_session_missing_from_the_cache_is_read_from_the_database(logged_in):
    cache.clear()
    assert "Log out" in logged_in.get("/en/programme/").content.decode()
    assert StoredSession.objects.count() == 1


def test_logging_out_ends_the_session_in_the_cache_and_the_database(logged_in):
    key = logged_in.cookies["sessionid"].value
    logged_in.get("/en/programme/")
    logged_in.post("/en/accounts/logout/")
    assert not StoredSession.objects.filter(session_key=key).exists()
    assert cache.get(sessions.SessionStore.cache_key_prefix + key) is None
    logged_in.cookies["sessionid"] = key  # the old cookie, kept by someone
    assert "Log out" not in logged_in.get("/en/programme/").content.decode()


def test_a_cache_that_cannot_be_reached_leaves_the_person_logged_in(logged_in, monkeypatch):
    monkeypatch.setattr(sessions.SessionStore, "__init__", away_cache_init(UnreachableCache()))
    assert "Log out" in logged_in.get("/en/programme/").content.decode()
    logged_in.post("/en/accounts/logout/")
    assert StoredSession.objects.count() == 0
    assert "Log out" not in logged_in.get("/en/programme/").content.decode()


def away_cache_init(away):
    original = sessions.SessionStore.__init__

    def init(self, session_key=None):
        original(self, session_key)
        self._cache = away

    return init
