"""The site counts its public and attendee pages served, by day and URL name, and nothing
about who asked: no cookie, no address; the staff's pages and the files are not counted;
each page is weighed once a day for its EcoIndex."""

import datetime as dt
import os
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from core.ecoindex import EcoIndex
from footprint.models import PageViewDay
from footprint.page_views import PageViewCounter, counter, measure
from tests.factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory()
    SessionFactory(event=event, title="Sobriété numérique")
    return event


def size_of(static_name: str) -> int:
    return os.path.getsize(finders.find(static_name))


def views() -> dict[str, int]:
    counter.flush()
    return {row.page: row.views for row in PageViewDay.objects.filter(date=timezone.localdate())}


def test_each_get_of_a_public_page_is_one_view(client, event):
    for _ in range(3):
        assert client.get("/en/programme/").status_code == 200
    client.get("/en/")
    assert views() == {"events:programme": 3, "home": 1}


def test_the_counter_sets_no_cookie_and_keeps_nothing_about_the_visitor(client, event):
    response = client.get("/en/programme/", HTTP_USER_AGENT="Firefox/Camille", REMOTE_ADDR="203.0.113.7")
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    views()
    row = PageViewDay.objects.values().get()
    assert set(row) == {"id", "date", "edition", "page", "views", "dom_elements", "requests", "kilobytes"}
    assert row["edition"] == event.edition  # the edition the page was about
    assert not any("203.0.113.7" in str(value) or "Camille" in str(value) for value in row.values())


def test_an_attendee_page_counts_without_saying_whose_it_was(client, event):
    registration = RegistrationFactory(event=event, first_name="Camille")
    client.force_login(registration.user)
    client.get("/en/my-registration/")
    assert views() == {"registrations:mine": 1}


def test_the_back_office_the_desk_files_posts_and_errors_are_not_counted(admin_client, client, event):
    admin_client.get("/en/admin/")
    admin_client.get("/en/check-in/")
    client.get("/en/programme.json")
    client.get("/en/programme.ics")
    client.get("/en/programme/no-such-session/")
    client.post("/en/programme/")
    assert views() == {}


def test_an_unchanged_page_answered_not_modified_is_not_a_view(client, event):
    etag = client.get("/en/programme/")["ETag"]
    assert client.get("/en/programme/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert views() == {"events:programme": 1}


def test_flushes_add_up_including_from_other_processes(client, event):
    client.get("/en/programme/")
    client.get("/en/programme/")
    assert views() == {"events:programme": 2}
    response = client.get("/en/programme/")
    # Another worker process with its own counter, flushing into the same row.
    other = PageViewCounter()
    for _ in range(5):
        other.add("events:programme", response, event.edition)
    other.flush()
    assert views() == {"events:programme": 8}


def test_each_edition_counts_its_own_page_views(client, event):
    past = EventFactory(slug="last-year", date=event.date - dt.timedelta(weeks=52))
    client.get("/en/programme/")
    client.get(f"/en/{past.edition}/programme/")
    client.get(f"/en/{past.edition}/programme/")
    views()
    assert dict(PageViewDay.objects.values_list("edition", "views")) == {event.edition: 1, past.edition: 2}


def test_views_are_written_when_the_interval_has_passed(client, event, settings):
    settings.PAGE_VIEWS_FLUSH_SECONDS = 0
    client.get("/en/programme/")
    assert PageViewDay.objects.get().views == 1  # written by the request itself


def test_a_page_is_weighed_once_a_day_for_its_ecoindex(client, event):
    response = client.get("/en/programme/")
    client.get("/en/programme/")
    views()
    row = PageViewDay.objects.get()
    stylesheet = size_of("css/site.css")
    assert row.requests == 2  # the page and its one stylesheet
    assert row.dom_elements == len(re.findall(rb"<[a-z]", response.content))  # its start tags
    assert row.kilobytes == round((len(response.content) + stylesheet) / 1024, 1)
    assert EcoIndex(row.dom_elements, row.requests, row.kilobytes).grade == "A"


def test_the_weight_counts_start_tags_and_the_static_files_referenced():
    html = (
        b'<!doctype html><html><head><link rel="stylesheet" href="/static/css/site.css">'
        b'<script src="/static/desk/forget.js" defer></script></head>'
        b'<body><p>Hi<br><img src="data:image/png;base64,AA==" alt=""></p></body></html>'
    )
    weight = measure(html)
    css, script = size_of("css/site.css"), size_of("desk/forget.js")
    assert (weight.dom, weight.requests) == (8, 3)
    assert weight.size_kb == (len(html) + css + script) / 1024
