"""The site's cache on a real Redis, as production runs it (core/cache.py, core/sessions.py,
accounts/backends.py): a logged-in person's programme page reads nothing from the database,
and a Redis that stops leaves them logged in, with the same page."""

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import sessions
from events.models import Event, Session
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_on_redis(settings, private_redis):
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": private_redis.url}}
    settings.SESSION_ENGINE = "core.sessions"
    settings.PAGE_CACHE_SECONDS = 60
    return private_redis


@pytest.fixture
def attendee(client, site_on_redis):
    SessionFactory(event=EventFactory(), title="Sobriété numérique")
    client.force_login(UserFactory())
    return client


def programme(client) -> str:
    response = client.get("/en/programme/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_logged_in_programme_page_reads_nothing_from_the_database(attendee):
    programme(attendee)  # fills the cache: the session, the person, the event, the grid, the links
    with CaptureQueriesContext(connection) as queries:
        page = programme(attendee)
    assert "Sobriété numérique" in page and "Log out" in page
    assert queries.captured_queries == []


def test_a_new_registration_does_not_make_the_pages_read_the_event_again(attendee):
    programme(attendee)
    RegistrationFactory(event=Event.objects.get())  # in a rush, one every few milliseconds
    with CaptureQueriesContext(connection) as queries:
        programme(attendee)
    assert not [query for query in queries.captured_queries if "events_event" in query["sql"]]


def test_an_edit_of_the_event_or_a_session_shows_on_the_next_logged_in_page(attendee):
    programme(attendee)
    event = Event.objects.get()
    event.venue_name = "La Recyclerie"
    event.save()
    assert "La Recyclerie" in programme(attendee)
    session = Session.objects.get()
    session.title_en = "Digital sufficiency"
    session.save()
    assert "Digital sufficiency" in programme(attendee)


def test_the_cached_copy_of_a_session_lives_at_most_five_minutes(attendee, site_on_redis):
    programme(attendee)
    key = sessions.SessionStore.cache_key_prefix + attendee.cookies["sessionid"].value
    seconds_left = redis.Redis.from_url(site_on_redis.url).ttl(f":1:{key}")
    assert 0 < seconds_left <= sessions.CACHE_SECONDS


def test_one_redis_client_serves_every_call(site_on_redis):
    cache = caches["default"]
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_a_redis_that_stops_leaves_the_person_logged_in(attendee, site_on_redis):
    before = programme(attendee)
    site_on_redis.stop()
    during = programme(attendee)
    assert "Log out" in during and "Sobriété numérique" in during
    site_on_redis.start()
    assert "Log out" in programme(attendee)
    assert before.count("<a ") == during.count("<a ")
