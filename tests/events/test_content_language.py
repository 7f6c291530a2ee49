"""Pages show the content in the visitor's language, and mark the French text shown for lack
of English with `lang="fr"` (WCAG 2.1, 3.1.2 Language of Parts); sessions have a language,
shown on their card and page and usable as a programme filter."""

import html5lib
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from day.badges import badge_for_registration
from events.models import Session
from tests.factories import RegistrationFactory, SpeakerFactory, UserFactory, WorkshopBookingFactory

pytestmark = pytest.mark.django_db


def save(instance, **fields):
    """Writes each language's column by its name (assigning `title` would write the active
    language's only)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


@pytest.fixture
def bilingual(programme):
    """The events' test programme with English where a translator gave it, French only elsewhere."""
    event, plenary, workshop, speaker = (
        programme["event"],
        programme["plenary"],
        programme["workshop"],
        programme["speaker"],
    )
    save(
        event,
        tagline_en="A day for the climate",
        description_fr="Pourquoi cette journée compte.",
        description_en="",
        practical_information_fr="Accès de plain-pied à toutes les salles.",
        practical_information_en="Step-free access to every room.",
        footprint_published=True,
        footprint_actions_fr="Un déjeuner végétarien par défaut.",
        footprint_actions_en="",
    )
    save(programme["theme"], name_en="Digital sobriety", description_fr="Moins d'octets.", description_en="")
    save(workshop.theme, name_fr="Réparation", name_en="")
    save(plenary.room, name_en="Main Auditorium")
    save(workshop.room, name_en=None)  # "Salon Iéna" has no English name
    save(plenary, title_en="What our metals hide", abstract_fr="Ce que la mine coûte.", abstract_en="")
    save(workshop, title_en="")  # "Réparer plutôt que jeter" is only in French
    save(Session.objects.get(slug="parallele"), title_en="Parallel workshop")
    save(programme["lunch"], title_en="Lunch")
    save(speaker, job_title_en="Mining geological engineer", bio_fr="Ingénieure et conférencière.", bio_en="")
    repairer = SpeakerFactory(name="Rosa Martin", slug="rosa", job_title_fr="Réparatrice", job_title_en="")
    workshop.speakers.add(repairer)
    return programme


def page_of(response):
    assert response.status_code == 200
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def languages_of(document, text: str) -> set[str]:
    """The language the page declares for each place `text` appears in its main content: the
    `lang` of the innermost element holding it, or else of its nearest ancestor's."""
    parents = {child: parent for parent in document.iter() for child in parent}
    main = document.find(".//main")
    holders = [
        element
        for element in main.iter()
        if text in "".join(element.itertext()) and not any(text in "".join(child.itertext()) for child in element)
    ]
    assert holders, f"{text!r} is not on the page"
    languages = set()
    for element in holders:
        while element.get("lang") is None:
            element = parents[element]
        languages.add(element.get("lang"))
    return languages


def content_lang_attributes(document) -> list[str]:
    return [element.get("lang") for element in document.find(".//main").iter() if element.get("lang")]


def checks_in(client, registration):
    """The check-in desk's answer to `registration`'s badge, for a member of the desk staff."""
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(staff)
    return client.post(reverse("day:check_in"), {"token": badge_for_registration(registration).token})


ENGLISH_PAGES = {
    "/en/": {
        "A day for the climate": "en",
        "Pourquoi cette journée compte.": "fr",
        "Digital sobriety": "en",
        "Moins d'octets.": "fr",
        "Réparation": "fr",
        "Step-free access to every room.": "en",
    },
    "/en/programme/": {
        "What our metals hide": "en",
        "Réparer plutôt que jeter": "fr",
        "Parallel workshop": "en",
        "Lunch": "en",
        "Main Auditorium": "en",
        "Salon Iéna": "fr",
        "Digital sobriety": "en",
        "Réparation": "fr",  # on the workshop's card and in the theme filter
    },
    "/en/programme/metaux/": {
        "What our metals hide": "en",
        "Ce que la mine coûte.": "fr",
        "Main Auditorium": "en",
        "Digital sobriety": "en",
        "Mining geological engineer": "en",
    },
    "/en/programme/reparer/": {"Réparer plutôt que jeter": "fr", "Salon Iéna": "fr", "Réparatrice": "fr"},
    "/en/speakers/": {"Mining geological engineer": "en", "Réparatrice": "fr"},
    "/en/speakers/aurore-stephant/": {
        "Mining geological engineer": "en",
        "Ingénieure et conférencière.": "fr",
        "What our metals hide": "en",
        "Main Auditorium": "en",
    },
    "/en/speakers/rosa/": {"Réparatrice": "fr", "Réparer plutôt que jeter": "fr", "Salon Iéna": "fr"},
    "/en/footprint/": {"Un déjeuner végétarien par défaut.": "fr"},
}


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_english_pages_show_english_content_and_mark_french_fallbacks(client, bilingual, url):
    document = page_of(client.get(url))
    for text, language in ENGLISH_PAGES[url].items():
        assert languages_of(document, text) == {language}, text


@pytest.mark.parametrize("url", ["/en/", "/en/programme/", "/en/programme/metaux/", "/en/speakers/aurore-stephant/"])
def test_english_pages_do_not_show_the_french_of_translated_content(client, bilingual, url):
    page = client.get(url).content.decode()
    for french in (
        "Ce que cachent nos métaux",
        "Sobriété numérique",
        "Ingénieure géologue minière",
        "Accès de plain-pied",
    ):
        assert french not in page


FRENCH_PAGES = {
    "/": ["Une journée pour le climat", "Pourquoi cette journée compte.", "Sobriété numérique", "Accès de plain-pied"],
    "/programme/": ["Ce que cachent nos métaux", "Réparer plutôt que jeter", "Grand Auditorium", "Salon Iéna"],
    "/programme/metaux/": ["Ce que cachent nos métaux", "Ce que la mine coûte.", "Ingénieure géologue minière"],
    "/intervenants/": ["Ingénieure géologue minière", "Réparatrice"],
    "/intervenants/aurore-stephant/": ["Ingénieure et conférencière.", "Ce que cachent nos métaux"],
    "/bilan-carbone/": ["Un déjeuner végétarien par défaut."],
}


@pytest.mark.parametrize("url", FRENCH_PAGES)
def test_french_pages_show_french_content_with_no_lang_mark(client, bilingual, url):
    document = page_of(client.get(url))
    for text in FRENCH_PAGES[url]:
        assert languages_of(document, text) == {"fr"}, text
    assert content_lang_attributes(document) == []
    assert "What our metals hide" not in client.get(url).content.decode()


def test_my_registration_marks_french_workshop_titles_and_rooms_in_english(client, bilingual):
    registration = RegistrationFactory(event=bilingual["event"])
    WorkshopBookingFactory(registration=registration, session=Session.objects.get(slug="parallele"))
    client.force_login(registration.user)
    document = page_of(client.get("/en/my-registration/"))
    # The workshops' table: the link (which also names its row's button), and the room.
    assert languages_of(document, "Réparer plutôt que jeter") == {"fr"}
    assert languages_of(document, "Salon Iéna") == {"fr"}
    # The agenda: a talk, a booked workshop, the lunch.
    assert languages_of(document, "What our metals hide") == {"en"}
    assert languages_of(document, "Parallel workshop") == {"en"}
    assert languages_of(document, "Lunch") == {"en"}
    assert languages_of(document, "(Main Auditorium)") == {"en"}

    french = page_of(client.get("/mon-inscription/"))
    assert languages_of(french, "Réparer plutôt que jeter") == {"fr"}
    assert languages_of(french, "Ce que cachent nos métaux") == {"fr"}
    assert content_lang_attributes(french) == []


def test_check_in_desk_marks_a_french_workshop_title_in_english(client, bilingual, organisers_group, clock):
    clock.move_to("the day", event=bilingual["event"])
    english_speaking, french_speaking = RegistrationFactory.create_batch(2, event=bilingual["event"])
    for registration in (english_speaking, french_speaking):
        WorkshopBookingFactory(registration=registration, session=bilingual["workshop"])
    with translation.override("en"):
        document = page_of(checks_in(client, english_speaking))
    assert languages_of(document, "Réparer plutôt que jeter") == {"fr"}
    assert languages_of(document, "Salon Iéna") == {"fr"}
    with translation.override("fr"):
        french = page_of(checks_in(client, french_speaking))
    assert languages_of(french, "Réparer plutôt que jeter") == {"fr"}
    assert content_lang_attributes(french) == []


def test_home_shows_practical_information_only_when_there_is_some(client, bilingual):
    assert "Practical information" in client.get("/en/").content.decode()
    save(bilingual["event"], practical_information_fr="", practical_information_en="")
    assert "Practical information" not in client.get("/en/").content.decode()


# The language sessions are given in.


@pytest.fixture
def languages(bilingual):
    """The plenary in French, one workshop in English, the other bilingual."""
    save(bilingual["workshop"], language=Session.Language.ENGLISH)
    save(Session.objects.get(slug="parallele"), language=Session.Language.BILINGUAL)
    return bilingual


def shown(response) -> list[str]:
    return [session.slug for row in response.context["programme"].rows for session in row.sessions]


def card_meta(document, title: str) -> str:
    """The time, room, kind and language line of the card titled `title`."""
    cards = [cell for cell in document.iter() if "session" in (cell.get("class") or "").split()]
    card = next(card for card in cards if title in "".join(card.find("h3").itertext()))
    words = [card.text or ""]  # the words before the title, a room's lang="fr" span included
    for child in card:
        if child.tag == "h3":
            break
        words += ["".join(child.itertext()), child.tail or ""]
    return "".join(words).strip()


def test_talk_cards_and_pages_say_the_session_language(client, languages):
    document = page_of(client.get("/en/programme/"))
    assert card_meta(document, "What our metals hide").endswith("Plenary · In French")
    assert card_meta(document, "Réparer plutôt que jeter").endswith("Workshop · In English")
    assert card_meta(document, "Parallel workshop").endswith("Workshop · Bilingual")
    assert card_meta(document, "Lunch").endswith("Lunch")  # a slot has no language
    session_page = page_of(client.get("/en/programme/reparer/"))
    facts = {
        "".join(item.find("dt").itertext()): "".join(item.find("dd").itertext())
        for item in session_page.find(".//dl").findall("div")
    }
    assert facts["Language"] == "In English"


def test_programme_filters_by_language_with_bilingual_sessions_in_both(client, languages):
    assert shown(client.get("/en/programme/", {"language": "fr"})) == ["metaux", "parallele"]
    assert shown(client.get("/en/programme/", {"language": "en"})) == ["reparer", "parallele"]
    assert shown(client.get("/programme/", {"language": "en", "kind": "workshop"})) == ["reparer", "parallele"]
    assert shown(client.get("/en/programme/", {"language": ""})) == ["metaux", "reparer", "parallele", "dejeuner"]


def test_the_language_filter_says_bilingual_sessions_are_included(client, languages):
    document = page_of(client.get("/en/programme/"))
    select = document.find(".//select[@name='language']")
    options = ["".join(option.itertext()) for option in select.iter("option")]
    assert options == ["All languages", "In French (bilingual included)", "In English (bilingual included)"]
    label = document.find(f".//label[@for='{select.get('id')}']")
    assert label.text.strip() == "Language"  # the label holds its select


def test_an_unknown_language_filter_explains_and_shows_everything(client, languages):
    response = client.get("/en/programme/", {"language": "de"})
    assert response.status_code == 200
    document = page_of(response)
    error = document.find(".//p[@id='id_language_error']")
    assert "Select a valid choice" in "".join(error.itertext())
    assert shown(response) == ["metaux", "reparer", "parallele", "dejeuner"]


def test_a_language_filter_matching_nothing_says_so(client, languages):
    Session.objects.filter(language=Session.Language.BILINGUAL).delete()
    save(languages["workshop"], language=Session.Language.FRENCH)
    assert "No session matches these filters." in client.get("/en/programme/", {"language": "en"}).content.decode()


# The programme's cache, per language and per version.


def test_an_english_title_shows_at_once_on_the_english_programme_only(client, bilingual):
    assert "What our metals hide" in client.get("/en/programme/").content.decode()
    assert "Ce que cachent nos métaux" in client.get("/programme/").content.decode()
    save(bilingual["plenary"], title_en="What our metals conceal")
    english = client.get("/en/programme/").content.decode()
    assert "What our metals conceal" in english and "What our metals hide" not in english
    french = client.get("/programme/").content.decode()
    assert "Ce que cachent nos métaux" in french and "What our metals conceal" not in french


def test_a_french_title_shows_at_once_in_french_and_where_english_is_missing(client, bilingual):
    for url in ("/programme/", "/programme/?kind=workshop", "/en/programme/"):
        assert "Réparer plutôt que jeter" in client.get(url).content.decode()
    save(bilingual["workshop"], title_fr="Réparer au lieu de jeter")
    for url in ("/programme/", "/programme/?kind=workshop"):
        assert "Réparer au lieu de jeter" in client.get(url).content.decode()
    english = page_of(client.get("/en/programme/"))
    assert languages_of(english, "Réparer au lieu de jeter") == {"fr"}
    # The English title a translator adds next replaces the fallback, unmarked.
    save(bilingual["workshop"], title_en="Repair rather than throw away")
    english = page_of(client.get("/en/programme/"))
    assert languages_of(english, "Repair rather than throw away") == {"en"}
    assert "Réparer au lieu de jeter" not in client.get("/en/programme/").content.decode()
