"""The header's links for who is logged in: "Check-in" for those who may check people in,
"My speaker area" for speakers. They are kept in the cache (techforclimate/personal_links.py)
and must change on the next page when the person's groups or speaker profile change."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import ACCUEIL_GROUP
from tests.factories import SpeakerFactory, UserFactory
from tests.unreachable import UnreachableCache

pytestmark = pytest.mark.django_db

CHECK_IN = 'href="/en/check-in/"'
SPEAKER_AREA = 'href="/en/speaker-area/"'


def header_of(client) -> str:
    page = client.get("/en/programme/").content.decode()
    return page[page.index("<header") : page.index("</header>")]


def test_a_person_put_in_the_desk_group_sees_the_check_in_link_at_once_and_loses_it_at_once(
    client, logged_in_person, organisers_group
):
    accueil = Group.objects.get(name=ACCUEIL_GROUP)
    assert CHECK_IN not in header_of(client)
    logged_in_person.groups.add(accueil)
    assert CHECK_IN in header_of(client)
    logged_in_person.groups.remove(accueil)
    assert CHECK_IN not in header_of(client)
    accueil.user_set.add(logged_in_person)  # from the group's side, as the admin's group page does
    assert CHECK_IN in header_of(client)
    accueil.user_set.clear()
    assert CHECK_IN not in header_of(client)


def test_a_person_made_superuser_sees_the_check_in_link_at_once(client, logged_in_person):
    assert CHECK_IN not in header_of(client)
    logged_in_person.is_superuser = True
    logged_in_person.save()
    assert CHECK_IN in header_of(client)


def test_a_speaker_profile_shows_the_speaker_area_link_to_its_person_only(client, logged_in_person):
    assert SPEAKER_AREA not in header_of(client)
    speaker = SpeakerFactory(user=logged_in_person)
    assert SPEAKER_AREA in header_of(client)
    speaker.user = UserFactory()  # the profile given to someone else
    speaker.save()
    assert SPEAKER_AREA not in header_of(client)
    speaker.user = logged_in_person
    speaker.save()
    assert SPEAKER_AREA in header_of(client)
    speaker.delete()
    assert SPEAKER_AREA not in header_of(client)


def test_the_links_cost_no_query_once_kept(client, logged_in_person):
    header_of(client)
    with CaptureQueriesContext(connection) as queries:
        header_of(client)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "auth_permission" not in tables and "speakers_speaker" not in tables


def test_a_cache_that_cannot_be_reached_still_gives_the_right_links(client, logged_in_person, monkeypatch):
    monkeypatch.setattr("core.cache.cache", UnreachableCache())
    SpeakerFactory(user=logged_in_person)
    header = header_of(client)
    assert SPEAKER_AREA in header and CHECK_IN not in header
