"""The dashboard counts what is written in French and not yet in English, each count leading
to the admin list of exactly those rows."""

import datetime as dt

import html5lib
import pytest
from django.urls import reverse

from backoffice.dashboard import english_missing
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def dashboard_url() -> str:
    return reverse("admin:registrations_registration_dashboard")  # in the active language, English


@pytest.fixture
def half_translated():
    """The event lacks the English of its practical information (its tagline is translated,
    its description empty in both); two of its sessions lack English, one does not; a session
    of another edition lacks it too; one speaker and one theme of two lack it."""
    event = EventFactory(
        tagline_fr="Une journée pour le climat",
        tagline_en="A day for the climate",
        description_fr="",
        description_en="",
        practical_information_fr="Métro George V.",
        practical_information_en="",
        footprint_actions_fr="",
    )
    theme = ThemeFactory(name_fr="Sobriété", name_en="Sufficiency", description_fr="")
    ThemeFactory(name_fr="Données", name_en=None, description_fr="")
    texts = {"theme": theme, "title_en": None, "abstract_en": None}
    SessionFactory(event=event, title_fr="Ouverture", abstract_fr="", **texts)
    SessionFactory(event=event, title_fr="Réparer", **texts | {"title_en": "Repairing", "abstract_fr": "Un atelier."})
    SessionFactory(event=event, title_fr="Données", title_en="Data", abstract_fr="", theme=theme)
    next_year = EventFactory(slug="next-edition", date=event.date + dt.timedelta(days=364))
    SessionFactory(event=next_year, title_fr="Plus tard", abstract_fr="", theme=theme, title_en=None)
    SpeakerFactory(job_title_fr="Ingénieure", job_title_en="Engineer", bio_fr="Sa vie.", bio_en="Her life.")
    SpeakerFactory(job_title_fr="Chercheuse", job_title_en="Researcher", bio_fr="Sa vie.", bio_en=None)
    return event


def test_the_figures_count_what_is_missing_in_english(half_translated, django_assert_num_queries):
    with django_assert_num_queries(1):  # the three counts together
        missing = english_missing(half_translated)
    assert (missing.sessions, missing.speakers, missing.themes) == (2, 1, 1)
    assert missing.event_texts == ["practical information"]
    assert missing.total == 5


def test_each_count_links_to_the_list_of_exactly_those_rows(organiser_client, half_translated):
    response = organiser_client.get(dashboard_url())
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    section = document.find(".//section[@aria-labelledby='english-title']")
    assert section.find(".//h2").text == "Still missing in English"
    rows = {row.find("th").text: row.find("td") for row in section.iterfind(".//tbody/tr")}
    assert {label: cell.find("a").text for label, cell in rows.items()} == {
        "Sessions of this edition": "2",
        "Speakers": "1",
        "Themes": "1",
        "The event's texts": "1",
    }
    assert "".join(rows["The event's texts"].itertext()) == "1 (practical information)"
    assert rows["The event's texts"].find("a").get("href") == reverse(
        "admin:events_event_change", args=[half_translated.pk]
    )
    for label in ["Sessions of this edition", "Speakers", "Themes"]:
        link = rows[label].find("a")
        listed = organiser_client.get(link.get("href"))
        assert listed.status_code == 200, label
        assert listed.context["cl"].result_count == int(link.text), label


def test_nothing_missing_counts_zero(organiser_client):
    event = EventFactory(
        tagline_fr="Une journée",
        tagline_en="A day",
        description_fr="",
        practical_information_fr="",
        footprint_actions_fr="",
    )
    SessionFactory(event=event, title_fr="Ouverture", title_en="Opening", abstract_fr="", theme=None)
    missing = english_missing(event)
    assert (missing.sessions, missing.speakers, missing.themes, missing.event_texts, missing.total) == (0, 0, 0, [], 0)
    assert organiser_client.get(dashboard_url()).status_code == 200
