"""What the site's answers say about themselves: personal answers are never kept by a
shared cache, and refusals are pages of the site in the visitor's language."""

import pytest
from django.test import Client

from registrations.views import REGISTRATION_POSTS_PER_MINUTE
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/en/my-registration/badge.pdf",
        "/en/my-registration/agenda.ics",
        "/en/my-account/data.json",
        "/en/my-registration/",
        "/en/my-registration/edit/",
        "/en/programme/",  # a public page, but this one was answered to a logged-in person
    ],
)
def test_whatever_a_logged_in_person_is_answered_is_private_and_not_stored(client, path):
    registration = RegistrationFactory(event=EventFactory())
    client.force_login(registration.user)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_the_speaker_badge_is_private_and_not_stored(client):
    speaker = SpeakerFactory(user=UserFactory())
    SessionFactory(event=EventFactory(), speakers=[speaker])
    client.force_login(speaker.user)
    response = client.get("/en/speaker-area/badge.pdf")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_public_page_for_an_anonymous_visitor_may_be_cached(client):
    EventFactory()
    response = client.get("/en/programme/")
    assert "no-store" not in cache_control(response)


@pytest.mark.parametrize(
    ("prefix", "title", "when"),
    [("/en", "Too many attempts", "try again in 1 minute at the latest"), ("", "Trop de tentatives", "dans 1 minute")],
)
def test_too_many_registration_attempts_is_a_page_in_the_visitors_language(client, prefix, title, when):
    EventFactory()
    client.force_login(UserFactory(verified=True))
    for _ in range(REGISTRATION_POSTS_PER_MINUTE):
        client.post(f"{prefix}/register/" if prefix else "/inscription/", {})
    response = client.post(f"{prefix}/register/" if prefix else "/inscription/", {})
    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (429, "60")
    assert f"<h1>{title}</h1>" in html and when in html
    assert f'lang="{"en" if prefix else "fr"}"' in html


def test_allauths_rate_limits_answer_with_the_same_page(db):
    UserFactory(email="cible@example.org", verified=True)
    responses = [Client().post("/comptes/password/reset/", {"email": "cible@example.org"}) for _ in range(6)]
    html = responses[-1].content.decode()
    assert (responses[-1].status_code, responses[-1]["Retry-After"]) == (429, "300")
    assert "<h1>Trop de tentatives</h1>" in html and "dans 5 minutes au plus tard" in html


@pytest.mark.parametrize(
    ("path", "lang", "title"), [("/nulle-part/", "fr", "Page introuvable"), ("/en/nowhere/", "en", "Page not found")]
)
def test_a_missing_page_is_a_page_of_the_site_in_its_language(client, path, lang, title):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html and f"<h1>{title}</h1>" in html and 'class="site-header"' in html
