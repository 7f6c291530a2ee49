import datetime as dt

import html5lib
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from events.models import Session
from tests.factories import EventFactory, RoomFactory, SessionFactory, SpeakerFactory, ThemeFactory, at
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_pages_render_valid_html_in_both_languages(client, programme, lang):
    with translation.override(lang):
        urls = [
            reverse("home"),
            reverse("events:programme"),
            reverse("events:session", kwargs={"slug": "metaux"}),
            reverse("speakers:list"),
            reverse("speakers:detail", kwargs={"slug": "aurore-stephant"}),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == lang
        assert_valid_accessible_html(response, lang)


def test_french_is_the_default_and_english_lives_under_en(client, programme):
    assert client.get("/programme/").status_code == 200
    assert client.get("/intervenants/aurore-stephant/").status_code == 200
    assert client.get("/en/speakers/aurore-stephant/").status_code == 200
    french = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Places restantes" in french
    assert "Seats left" in english


def test_language_switcher_links_to_the_same_page_in_the_other_language(client, programme):
    french = client.get("/intervenants/aurore-stephant/").content.decode()
    assert '<a href="/en/speakers/aurore-stephant/" lang="en" hreflang="en">English</a>' in french
    english = client.get("/en/programme/?kind=workshop").content.decode()
    assert '<a href="/programme/?kind=workshop" lang="fr" hreflang="fr">Français</a>' in english


def test_an_unchanged_page_answers_304_to_a_repeat_visit(client, programme):
    first = client.get("/en/programme/")
    assert first.has_header("ETag")
    again = client.get("/en/programme/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_home_shows_the_event_facts(client, programme):
    page = client.get("/en/").content.decode()
    assert "Tech For Climate" in page
    assert "28 avenue George V, 75008 Paris" in page
    assert "350 seats of 350" in page
    assert "Sobriété numérique" in page


def test_home_without_a_published_event_says_so(client, db):
    EventFactory(is_published=False)
    response = client.get("/en/")
    assert response.status_code == 200
    assert "The next edition will be announced soon." in response.content.decode()
    assert client.get("/en/programme/").status_code == 404


def test_programme_lists_every_session_in_time_order(client, programme):
    response = client.get("/en/programme/")
    rows = response.context["programme"].rows
    assert [[session.slug for session in row.sessions] for row in rows] == [
        ["metaux"],
        ["reparer", "parallele"],
        ["dejeuner"],
    ]
    page = response.content.decode()
    assert page.index("Ce que cachent nos métaux") < page.index("Réparer plutôt que jeter") < page.index("Déjeuner")


def test_programme_grid_puts_sessions_in_their_room_column(client, programme):
    document = assert_valid_accessible_html(client.get("/en/programme/"), "en")
    headers = [th.text for th in document.findall(".//table/thead/tr/th")]
    assert headers == ["Time", "Grand Auditorium", "Salon Iéna", "Salon Marceau"]
    plenary_row, workshop_row, lunch_row = document.findall(".//table/tbody/tr")

    def text(element):
        return html5lib.serializer.serialize(element, tree="etree")

    # Parallel workshops sit in their room's column.
    hall, iena, marceau = workshop_row.findall("td")
    assert hall.find(".//article") is None
    assert "Réparer plutôt que jeter" in text(iena)
    assert "Atelier en parallèle" in text(marceau)
    # A session with nothing in parallel spans the grid and names its room.
    plenary_cell = plenary_row.find("td")
    assert plenary_cell.get("colspan") == "3"
    assert "Grand Auditorium" in text(plenary_cell)
    assert lunch_row.find("td").get("colspan") == "3"


def test_programme_filters_by_theme(client, programme):
    response = client.get("/en/programme/", {"theme": "sobriete-numerique"})
    assert [s.slug for row in response.context["programme"].rows for s in row.sessions] == ["metaux"]


def test_programme_filters_by_kind(client, programme):
    response = client.get("/en/programme/", {"kind": "workshop"})
    assert [s.slug for row in response.context["programme"].rows for s in row.sessions] == ["reparer", "parallele"]


def test_programme_with_an_unknown_filter_explains_and_shows_everything(client, programme):
    response = client.get("/en/programme/", {"theme": "no-such-theme"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["programme"].rows) == 3
    assert sum(len(row.sessions) for row in response.context["programme"].rows) == 4


def test_programme_filter_matching_nothing_says_so(client, programme):
    Session.objects.filter(kind=Session.Kind.WORKSHOP).delete()
    response = client.get("/en/programme/", {"kind": "workshop"})
    assert "No session matches these filters." in response.content.decode()


def test_session_page_shows_time_room_and_speakers(client, programme):
    page = client.get("/en/programme/metaux/").content.decode()
    assert "Ce que cachent nos métaux" in page
    assert "09:30" in page and "10:15" in page
    assert "Grand Auditorium" in page
    assert 'href="/en/speakers/aurore-stephant/"' in page


def test_unknown_session_and_speaker_answer_404(client, programme):
    assert client.get("/en/programme/no-such-session/").status_code == 404
    assert client.get("/en/speakers/no-such-speaker/").status_code == 404


def test_speaker_page_escapes_the_bio_and_lists_sessions(client, programme):
    speaker = programme["speaker"]
    speaker.bio = "<script>alert(1)</script>\n\nSee https://example.org"
    speaker.save()
    page = client.get("/en/speakers/aurore-stephant/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert '<a href="https://example.org"' in page
    assert "Ce que cachent nos métaux" in page


def test_speakers_list_shows_only_speakers_of_sessions(client, programme):
    SpeakerFactory(name="Personne Sans Session")
    page = client.get("/en/speakers/").content.decode()
    assert "Aurore Stephant" in page
    assert "Personne Sans Session" not in page


def make_programme(session_count: int):
    """A programme of `session_count` workshops, each with two speakers, over 8 rooms."""
    event = EventFactory()
    rooms = [RoomFactory(event=event, position=i) for i in range(8)]
    themes = [ThemeFactory() for _ in range(3)]
    for index in range(session_count):
        start = at("08:30") + dt.timedelta(minutes=30 * (index // len(rooms)) % 600)
        SessionFactory(
            event=event,
            kind=Session.Kind.WORKSHOP,
            room=rooms[index % len(rooms)],
            theme=themes[index % 3],
            start=start,
            end=start + dt.timedelta(minutes=25),
            speakers=[SpeakerFactory(), SpeakerFactory()],
        )


@pytest.mark.parametrize("url", ["/programme/", "/en/programme/"])
def test_programme_query_count_does_not_grow_with_sessions(client, url):
    """In either language: the translations are columns of the same rows, not more queries."""
    counts = []
    for session_count in (16, 144):  # 16, then 160 in all
        make_programme(session_count)
        cache.clear()  # so that the grid is built again, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            shown = sum(len(row.sessions) for row in response.context["programme"].rows)
        assert any("events_session" in query["sql"] for query in queries.captured_queries)
        counts.append(len(queries))
    assert shown == 160
    assert counts[0] == counts[1] <= 6


def test_a_repeat_visit_to_the_programme_does_not_build_the_grid_again(client):
    make_programme(16)
    with CaptureQueriesContext(connection) as first:
        first_page = client.get("/en/programme/").content
    with CaptureQueriesContext(connection) as again:
        assert client.get("/en/programme/").content == first_page
    assert any("events_session" in query["sql"] for query in first.captured_queries)
    assert not any("events_session" in query["sql"] for query in again.captured_queries)
    assert len(again) < len(first)


def rename_session(p):
    p["plenary"].title = "Ce que révèlent nos métaux"
    p["plenary"].save()
    return "Ce que révèlent nos métaux", "Ce que cachent nos métaux"


def rename_speaker(p):
    p["speaker"].name = "Aurore S."
    p["speaker"].save()
    return "Aurore S.", "Aurore Stephant"


def rename_room(p):
    p["plenary"].room.name = "Amphithéâtre"
    p["plenary"].room.save()
    return "Amphithéâtre", "Grand Auditorium"


def rename_theme(p):
    p["plenary"].theme.name = "Numérique sobre"
    p["plenary"].theme.save()
    return "Numérique sobre", "Sobriété numérique"


def delete_session(p):
    p["plenary"].delete()
    return "Réparer plutôt que jeter", "Ce que cachent nos métaux"


def remove_speaker(p):
    p["plenary"].speakers.remove(p["speaker"])
    return "Ce que cachent nos métaux", "Aurore Stephant"


def move_session(p):
    p["plenary"].start, p["plenary"].end = at("14:00"), at("14:45")
    p["plenary"].save()
    return "14:00", "09:30"


@pytest.mark.parametrize(
    "change", [rename_session, rename_speaker, rename_room, rename_theme, delete_session, remove_speaker, move_session]
)
def test_the_programme_shows_a_change_at_once_despite_its_cache(client, programme, change):
    assert "Ce que cachent nos métaux" in client.get("/programme/").content.decode()
    now_shown, no_longer_shown = change(programme)
    page = client.get("/programme/").content.decode()
    assert now_shown in page
    assert no_longer_shown not in page


def test_the_cached_programme_keeps_each_language_and_filter_apart(client, programme):
    assert "Ateliers" in client.get("/programme/").content.decode()
    assert "Workshops" in client.get("/en/programme/").content.decode()
    assert "Ce que cachent nos métaux" not in client.get("/en/programme/?kind=workshop").content.decode()
    assert "Ce que cachent nos métaux" in client.get("/en/programme/").content.decode()


def test_home_counts_the_seats_left(client, programme):
    from tests.factories import RegistrationFactory

    RegistrationFactory.create_batch(2, event=programme["event"])
    RegistrationFactory(event=programme["event"], status="cancelled", confirmed_at=None)
    assert "348 seats of 350" in client.get("/en/").content.decode()


def test_a_session_alone_in_its_cell_is_the_cell_and_two_sharing_one_get_a_card_each(client, programme):
    salon = Session.objects.get(slug="reparer").room
    SessionFactory(event=salon.event, room=salon, title="Même salle, même heure", start=at("11:00"), end=at("11:30"))
    document = assert_valid_accessible_html(client.get("/en/programme/"), "en")
    plenary_row, workshop_row, _lunch = document.findall(".//table/tbody/tr")
    assert "session" in plenary_row.find("td").get("class").split()
    shared = workshop_row.findall("td")[1]
    assert [card.get("class").split()[0] for card in shared.findall("div")] == ["session", "session"]
    assert "Réparer plutôt que jeter" in "".join(shared.itertext())
