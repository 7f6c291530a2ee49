"""The public pages served whole from the cache to visitors without a session
(techforclimate/page_cache.py): the same bytes as the view, an edit shown at once in both
languages, nothing of a person in any cached page, no cookie, and still counted."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from footprint.models import PageViewDay
from footprint.page_views import counter
from tests.events.test_admin_translations import change_url, form_data, parse
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, SpeakerFactory, UserFactory
from tests.unreachable import UnreachableCache

pytestmark = pytest.mark.django_db

# The cached pages, in both languages (the programme in a filtered state too).
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/programme/",
    "/en/programme/",
    "/en/programme/?kind=workshop",
    "/programme/le-climat/",
    "/en/programme/le-climat/",
    "/intervenants/",
    "/en/speakers/",
    "/en/speakers/camille-martin/",
    "/en/footprint/",
    "/en/footprint/method/",
    "/en/privacy/",
]


@pytest.fixture
def event():
    event = EventFactory(footprint_published=True)
    speaker = SpeakerFactory(name="Camille Martin", slug="camille-martin")
    session = SessionFactory(event=event, title_fr="Le climat", title_en="The climate", slug="le-climat")
    session.speakers.add(speaker)
    return event


@pytest.fixture
def attendee(event):
    """A registered attendee whose name and address would stand out in any page."""
    user = UserFactory(first_name="Zéphyrine", last_name="Quetzalcoatl", email="zephyrine.q@example.org")
    RegistrationFactory(event=event, user=user, first_name="Zéphyrine", last_name="Quetzalcoatl")
    return user


def served_from_cache(response) -> bool:
    # A cached answer never went down to the URL resolver.
    return response.wsgi_request.resolver_match is None


def test_each_public_page_is_served_from_the_cache_with_the_same_bytes(event):
    visitor = Client()
    for path in PUBLIC_PAGES:
        first, second = visitor.get(path), visitor.get(path)
        assert first.status_code == second.status_code == 200, path
        assert not served_from_cache(first) and served_from_cache(second), path
        assert second.content == first.content, path
        assert second["ETag"] == first["ETag"], path
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"], path
        # SecurityMiddleware is outside the cache: its headers are on every answer.
        assert second["X-Content-Type-Options"] == "nosniff", path


def test_a_cached_page_still_answers_304_to_its_etag(event):
    visitor = Client()
    etag = visitor.get("/en/programme/")["ETag"]
    response = visitor.get("/en/programme/", headers={"if-none-match": etag})
    assert response.status_code == 304 and served_from_cache(response)


def test_an_edit_in_the_admin_shows_at_once_in_both_languages(event, organiser_client):
    visitor = Client()
    for path in ["/programme/", "/en/programme/", "/programme/le-climat/", "/en/programme/le-climat/"]:
        visitor.get(path)
        assert served_from_cache(visitor.get(path)), path
    session = event.sessions.get()
    data = form_data(parse(organiser_client.get(change_url(session))))
    data |= {"title_fr": ["Le climat, vraiment"], "title_en": ["The climate, truly"]}
    assert organiser_client.post(change_url(session), data).status_code == 302
    assert "Le climat, vraiment" in visitor.get("/programme/").content.decode()
    assert "The climate, truly" in visitor.get("/en/programme/").content.decode()
    assert "Le climat, vraiment" in visitor.get("/programme/le-climat/").content.decode()
    assert "The climate, truly" in visitor.get("/en/programme/le-climat/").content.decode()


def test_an_edit_of_a_speaker_or_a_registration_moves_every_page(event):
    visitor = Client()
    for path in ["/en/speakers/", "/en/"]:
        visitor.get(path)
    speaker = event.sessions.get().speakers.get()
    speaker.name = "Camille Martin-Durand"
    speaker.save()
    assert "Camille Martin-Durand" in visitor.get("/en/speakers/").content.decode()
    RegistrationFactory(event=event)
    assert not served_from_cache(visitor.get("/en/"))  # its seats left have changed


def test_no_cookie_is_set_on_an_anonymous_public_page(event):
    visitor = Client()
    for path in PUBLIC_PAGES:
        for response in (visitor.get(path), visitor.get(path)):
            assert not response.cookies and "Set-Cookie" not in response, path
    assert not visitor.cookies


def test_a_logged_in_person_never_gets_a_cached_page_and_no_page_keeps_them(event, attendee):
    """Anonymous before, the attendee logged in, anonymous after: no answer to anyone else
    carries the attendee's name, address or CSRF token."""
    before, after, person = Client(), Client(), Client()
    person.force_login(attendee)
    personal = [b"Quetzalcoatl", b"zephyrine.q@example.org", "Zéphyrine".encode()]
    to_others = [before.get(path) for path in PUBLIC_PAGES]
    for path in PUBLIC_PAGES:
        response = person.get(path)
        assert response.status_code == 200 and not served_from_cache(response), path
        assert "private" in response["Cache-Control"], path
        personal.append(person.cookies["sessionid"].value.encode())
    if "csrftoken" in person.cookies:
        personal.append(person.cookies["csrftoken"].value.encode())
    # The attendee's own page holds their CSRF token: it is never among the cached ones.
    person.get(reverse("registrations:mine"))
    if "csrftoken" in person.cookies:
        personal.append(person.cookies["csrftoken"].value.encode())
    to_others += [after.get(path) for path in PUBLIC_PAGES]
    for response in to_others:
        assert response.status_code == 200
        for secret in personal:
            assert secret not in response.content, (response.wsgi_request.path, secret)
        assert not re.search(rb'name="csrfmiddlewaretoken"', response.content)


def test_a_request_with_a_session_cookie_or_credentials_goes_to_the_view(event):
    visitor = Client()
    visitor.get("/en/programme/")
    assert not served_from_cache(visitor.get("/en/programme/", headers={"cookie": "sessionid=whatever"}))
    assert not served_from_cache(visitor.get("/en/programme/", headers={"authorization": "Basic eDp5"}))
    assert served_from_cache(visitor.get("/en/programme/"))


def test_pages_that_are_not_public_or_not_200_are_not_kept(event):
    visitor = Client()
    for path in ["/en/accounts/login/", "/en/my-registration/", "/en/programme/nothing-here/", "/admin/"]:
        visitor.get(path)
        assert not served_from_cache(visitor.get(path)), path
    visitor.get("/en/programme/?made-up=1")
    assert not served_from_cache(visitor.get("/en/programme/?made-up=1"))


def test_a_page_served_from_the_cache_still_counts_as_a_view(event):
    visitor = Client()
    etag = visitor.get("/en/programme/")["ETag"]
    for _ in range(2):
        assert served_from_cache(visitor.get("/en/programme/"))
    # A "304 Not Modified" is no view, from the cache as from the view.
    assert visitor.get("/en/programme/", headers={"if-none-match": etag}).status_code == 304
    counter.flush()
    assert {row.page: row.views for row in PageViewDay.objects.all()} == {"events:programme": 3}


def test_a_cache_that_cannot_be_reached_leaves_the_pages_as_without_it(event, monkeypatch):
    monkeypatch.setattr("techforclimate.page_cache.cache", UnreachableCache())
    monkeypatch.setattr("core.content_version.cache", UnreachableCache())
    visitor = Client()
    for _ in range(2):
        response = visitor.get("/en/programme/")
        assert response.status_code == 200 and not served_from_cache(response)
    speaker = event.sessions.get().speakers.get()
    speaker.name = "Camille Martin-Durand"
    speaker.save()  # the version cannot move: the edit is saved all the same
    assert "Camille Martin-Durand" in visitor.get("/en/speakers/").content.decode()


def test_each_edition_keeps_its_own_pages_and_a_change_of_one_leaves_the_others(event):
    import datetime as dt

    past = EventFactory(slug="last-year", date=event.date - dt.timedelta(weeks=52), footprint_published=True)
    SessionFactory(
        event=past,
        title="Bilan passé",
        slug="an-dernier",
        start=event.sessions.get().start - dt.timedelta(weeks=52),
        end=event.sessions.get().end - dt.timedelta(weeks=52),
    )
    visitor = Client()
    this_year, last_year = "/en/programme/", f"/en/{past.edition}/programme/"
    for url in (this_year, last_year):
        visitor.get(url)
        assert served_from_cache(visitor.get(url)), url
    assert "Bilan passé" in visitor.get(last_year).content.decode()
    # A registration for this year's edition: its pages are made again, last year's kept.
    RegistrationFactory(event=event)
    assert not served_from_cache(visitor.get(this_year))
    assert served_from_cache(visitor.get(last_year))
    # A speaker's profile is in every edition's pages.
    SpeakerFactory()
    assert not served_from_cache(visitor.get(last_year))
