import pytest
from django.urls import reverse

from speakers.models import BIO_MIN_COMPLETE, Speaker
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, SpeakerFactory, UserFactory, at
from tests.forms import SPEAKER_PROFILE_FORM
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

PROFILE = SPEAKER_PROFILE_FORM


@pytest.fixture
def speaker(client):
    user = UserFactory()
    speaker = SpeakerFactory(user=user, name="Aurore", slug="aurore")
    event = EventFactory()
    SessionFactory(
        event=event,
        title="Ce que cachent nos métaux",
        start=at("10:30"),
        end=at("11:15"),
        speakers=[speaker, SpeakerFactory(name="Co Intervenant")],
    )
    client.force_login(user)
    return speaker


def test_area_shows_the_profile_and_sessions_with_co_speakers(client, speaker):
    response = client.get("/en/speaker-area/")
    page = response.content.decode()
    assert "Ce que cachent nos métaux" in page and "10:30" in page and "With" in page and "Co Intervenant" in page
    assert_valid_accessible_html(response, "en")
    assert_valid_accessible_html(client.get("/en/speaker-area/aurore/edit/"), "en")


def test_preview_shows_the_page_without_saving(client, speaker):
    response = client.post("/en/speaker-area/aurore/edit/", PROFILE | {"preview": "1"})
    page = response.content.decode()
    assert "Preview of your public page" in page
    assert "Ingénieure géologue minière" in page and "Mastodon" in page
    assert 'value="SystExt"' in page  # what was typed is kept
    assert Speaker.objects.get(pk=speaker.pk).organisation == "Exemple"


def test_saving_shows_on_the_public_page_at_once(client, speaker):
    response = client.post("/en/speaker-area/aurore/edit/", PROFILE | {"save": "1"})
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.updated_by, speaker.pronouns) == (speaker.user, "elle")
    page = client.get("/en/speakers/aurore/").content.decode()
    assert "Ingénieure géologue minière, SystExt" in page
    assert '<a href="https://mastodon.example/@aurore"' in page
    assert '<a href="https://example.org/mines"' in page


def test_invalid_links_and_too_long_bio_are_refused(client, speaker):
    data = PROFILE | {"save": "1", "website": "javascript:alert(1)", "links-0-url": "not a url", "bio_fr": "x" * 1501}
    response = client.post("/en/speaker-area/aurore/edit/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"website", "bio_fr"}
    assert response.context["links"].errors[0] == {"url": ["Enter a valid URL."]}
    assert Speaker.objects.get(pk=speaker.pk).website == ""


def test_another_profiles_edit_url_answers_404(client, speaker):
    SpeakerFactory(slug="someone-else")
    assert client.get("/en/speaker-area/someone-else/edit/").status_code == 404
    assert client.post("/en/speaker-area/someone-else/edit/", PROFILE | {"save": "1"}).status_code == 404
    assert client.post("/en/speaker-area/someone-else/photo/", {"remove": "1"}).status_code == 404


def test_an_attendee_who_is_not_a_speaker_has_no_speaker_area(client, db):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    assert client.get("/en/speaker-area/").status_code == 404
    assert client.get("/en/speaker-area/badge.pdf").status_code == 404
    client.logout()
    assert client.get("/en/speaker-area/").status_code == 302


def test_speaker_downloads_their_badge(client, speaker):
    response = client.get("/en/speaker-area/badge.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("url_name", ["speakers:detail", "speakers:list", "speakers:area", "events:session"])
def test_a_bio_with_html_shows_as_text_everywhere(client, speaker, url_name):
    speaker.bio = '<script>alert("x")</script><b>gras</b>'
    speaker.name = "Aurore <em>Stephant</em>"
    speaker.save()
    kwargs = {"slug": "aurore"} if url_name == "speakers:detail" else {}
    if url_name == "events:session":
        kwargs = {"slug": speaker.sessions.get().slug}
    page = client.get(reverse(url_name, kwargs=kwargs)).content.decode()
    assert "<script>alert" not in page and "<b>gras</b>" not in page and "<em>Stephant</em>" not in page
    assert "&lt;em&gt;Stephant&lt;/em&gt;" in page


def test_preview_escapes_too(client, speaker):
    page = client.post(
        "/en/speaker-area/aurore/edit/", PROFILE | {"preview": "1", "bio_fr": "<script>x</script>"}
    ).content
    assert b"<script>x</script>" not in page and b"&lt;script&gt;x&lt;/script&gt;" in page


def test_organisers_see_who_changed_a_profile_and_which_are_incomplete(organiser, client, speaker):
    from django.test import Client

    client.post("/en/speaker-area/aurore/edit/", PROFILE | {"save": "1"})
    organiser_client = Client()
    organiser_client.force_login(organiser)
    page = organiser_client.get(reverse("admin:speakers_speaker_changelist") + "?profile=incomplete").content.decode()
    assert "Aurore Stephant" in page
    assert str(speaker.user) in page

    # Each completeness filter shows exactly its speakers: a photo and a long enough bio, or not.
    complete = SpeakerFactory(name="Profil Complet", photo="speakers/complete.webp", bio="x" * BIO_MIN_COMPLETE)
    short_bio = SpeakerFactory(name="Bio Courte", photo="speakers/short.webp", bio="x" * (BIO_MIN_COMPLETE - 1))
    co_speaker = Speaker.objects.get(name="Co Intervenant")
    for profile, speakers in {"incomplete": [speaker, co_speaker, short_bio], "complete": [complete]}.items():
        response = organiser_client.get(reverse("admin:speakers_speaker_changelist"), {"profile": profile})
        assert {shown.pk for shown in response.context["cl"].result_list} == {s.pk for s in speakers}, profile


def test_a_link_needs_both_a_name_and_an_address_and_empty_rows_are_ignored(client, speaker):
    data = PROFILE | {"save": "1", "links-0-label": "", "links-0-url": "https://bsky.app/profile/aurore"}
    response = client.post("/en/speaker-area/aurore/edit/", data)
    assert response.context["links"].errors[0] == {"label": ["Give this link a name, for example LinkedIn."]}
    response = client.post("/en/speaker-area/aurore/edit/", PROFILE | {"save": "1"})
    assert response.status_code == 302
    assert list(speaker.links.values_list("label", "url")) == [("Mastodon", "https://mastodon.example/@aurore")]
