"""The logged-in person's row is read from the cache (accounts/backends.py), and whatever
ends a session or an account still ends it on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.unreachable import UnreachableCache

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return "Log out" in client.get("/en/programme/").content.decode()


def user_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert logged_in(client)
    return [query["sql"] for query in queries.captured_queries if 'FROM "accounts_user"' in query["sql"]]


def test_a_logged_in_page_reads_the_persons_row_once(client, logged_in_person):
    user_queries(client)
    assert user_queries(client) == []


def test_a_password_changed_elsewhere_ends_the_other_sessions_at_once(client, logged_in_person):
    assert logged_in(client)
    logged_in_person.set_password("a new and long passphrase")
    logged_in_person.save()
    assert not logged_in(client)


def test_a_deactivated_account_is_logged_out_at_once(client, logged_in_person):
    assert logged_in(client)
    logged_in_person.is_active = False
    logged_in_person.save()
    assert not logged_in(client)


def test_a_deleted_account_is_logged_out_at_once(client, logged_in_person):
    assert logged_in(client)
    logged_in_person.delete()
    assert not logged_in(client)


def test_a_cache_that_cannot_be_reached_leaves_the_person_logged_in(client, logged_in_person, monkeypatch):
    monkeypatch.setattr("core.cache.cache", UnreachableCache())
    assert logged_in(client)
    logged_in_person.is_active = False
    logged_in_person.save()
    assert not logged_in(client)
