"""The speaker area edits the job title and the bio in French and in English, each language
with its preview; the English is optional and the bio's length limit applies to each."""

import html5lib
import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Room
from speakers.models import BIO_MAX_LENGTH, Speaker
from tests.factories import SessionFactory, SpeakerFactory, UserFactory, at
from tests.forms import SPEAKER_PROFILE_FORM
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

EDIT = "/en/speaker-area/aurore/edit/"
BOTH = SPEAKER_PROFILE_FORM | {
    "job_title_fr": "Ingénieure géologue minière",
    "job_title_en": "Mining geology engineer",
    "bio_fr": "Elle étudie les mines.",
    "bio_en": "She studies mines.",
}


@pytest.fixture
def speaker(client):
    user = UserFactory()
    speaker = SpeakerFactory(user=user, name="Aurore", slug="aurore")
    SessionFactory(speakers=[speaker], start=at("17:00"), end=at("18:00"))  # the public page is the edition's
    client.force_login(user)
    return speaker


def parse(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_form_has_each_text_in_both_languages_english_optional(client, speaker):
    document = parse(client.get(EDIT))
    labels = {label.get("for"): text_of(label) for label in document.iter("label")}
    assert [labels[f"id_{name}"] for name in ["job_title_fr", "job_title_en", "bio_fr", "bio_en"]] == [
        "Job title in French",
        "Job title in English",
        "Bio in French",
        "Bio in English",
    ]
    for language in ["fr", "en"]:
        bio = document.find(f".//textarea[@name='bio_{language}']")
        # Each bio in its language, with its own limit and its own counter of characters left.
        assert (bio.get("lang"), bio.get("maxlength"), bio.get("required")) == (language, str(BIO_MAX_LENGTH), None)
        assert document.find(f".//*[@id='{bio.get('data-counter')}']") is not None
        assert document.find(f".//input[@name='job_title_{language}']").get("lang") == language
    english_help = text_of(document.find(".//*[@id='id_bio_en_helptext']"))
    assert english_help.startswith("Optional: without it, the English pages show the French text.")
    assert f"{BIO_MAX_LENGTH} characters at most" in english_help
    assert document.find(".//textarea[@name='bio']") is None  # no field of the page's language only


def test_each_language_has_its_preview_and_nothing_is_saved(client, speaker):
    response = client.post(EDIT, BOTH | {"preview": "1"})
    document = assert_valid_accessible_html(response, "en")
    previews = {
        preview.get("lang"): preview
        for preview in document.iter("div")
        if "preview" in (preview.get("class") or "").split()
    }
    assert set(previews) == {"fr", "en"}
    assert "Elle étudie les mines." in text_of(previews["fr"]) and "She studies" not in text_of(previews["fr"])
    assert "She studies mines." in text_of(previews["en"]) and "Elle étudie" not in text_of(previews["en"])
    assert "Ingénieure géologue minière" in text_of(previews["fr"])
    assert "Mining geology engineer" in text_of(previews["en"])
    # Each preview speaks its page's language, the link to the website too.
    assert "Site web" in text_of(previews["fr"]) and "Website" in text_of(previews["en"])
    speaker.refresh_from_db()
    assert (speaker.bio_fr, speaker.bio_en) == ("Une biographie.", "Une biographie.")


def test_the_english_preview_without_english_shows_the_french_marked_as_french(client, speaker):
    document = parse(client.post(EDIT, BOTH | {"preview": "1", "bio_en": "", "job_title_en": ""}))
    (english,) = [div for div in document.iter("div") if div.get("class") == "preview" and div.get("lang") == "en"]
    bio = english.find(".//div[@class='bio']")
    assert (text_of(bio), bio.get("lang")) == ("Elle étudie les mines.", "fr")
    assert english.find(".//p[@class='role']").get("lang") == "fr"


def test_saving_writes_both_languages_and_each_public_page_shows_its_own(client, speaker):
    assert client.post(EDIT, BOTH | {"save": "1"}).status_code == 302
    speaker.refresh_from_db()
    assert (speaker.job_title_fr, speaker.job_title_en, speaker.bio_fr, speaker.bio_en) == (
        "Ingénieure géologue minière",
        "Mining geology engineer",
        "Elle étudie les mines.",
        "She studies mines.",
    )
    english = parse(client.get(reverse("speakers:detail", kwargs={"slug": "aurore"})))
    bio = english.find(".//div[@class='bio']")
    assert (text_of(bio), bio.get("lang")) == ("She studies mines.", None)
    assert text_of(english.find(".//p[@class='role']")) == "Mining geology engineer, SystExt"
    with translation.override("fr"):
        french_url = reverse("speakers:detail", kwargs={"slug": "aurore"})
    french = parse(client.get(french_url))
    assert text_of(french.find(".//div[@class='bio']")) == "Elle étudie les mines."


def test_the_english_is_optional(client, speaker):
    response = client.post(EDIT, BOTH | {"save": "1", "bio_en": "", "job_title_en": ""})
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.bio_fr, speaker.bio_en or "", speaker.job_title_en or "") == ("Elle étudie les mines.", "", "")
    # The English page shows the French bio meanwhile, and says it is French.
    bio = parse(client.get(reverse("speakers:detail", kwargs={"slug": "aurore"}))).find(".//div[@class='bio']")
    assert (text_of(bio), bio.get("lang")) == ("Elle étudie les mines.", "fr")
    area = client.get("/en/speaker-area/").content.decode()
    assert "Your bio is in French only" in area


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_length_limit_applies_to_each_language(client, speaker, language):
    too_long = BOTH | {"save": "1", f"bio_{language}": "x" * (BIO_MAX_LENGTH + 1)}
    response = client.post(EDIT, too_long)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {f"bio_{language}"}
    assert Speaker.objects.get(pk=speaker.pk).bio_fr == "Une biographie."
    at_the_limit = BOTH | {"save": "1", f"bio_{language}": "x" * BIO_MAX_LENGTH}
    assert client.post(EDIT, at_the_limit).status_code == 302


def test_the_help_is_in_the_language_of_the_page(client, speaker):
    """The rules under each bio follow the page's language, whichever language was active
    when the form was first imported."""
    with translation.override("fr"):
        url = reverse("speakers:edit", kwargs={"slug": "aurore"})
    for page, rules in [
        (url, "Texte brut, 1500 caractères au maximum."),
        (EDIT, "Plain text, 1500 characters at most."),
    ]:
        help_text = text_of(parse(client.get(page)).find(".//*[@id='id_bio_fr_helptext']"))
        assert help_text.startswith(rules), page


def test_the_area_marks_what_it_shows_in_french_on_the_english_page(client, speaker):
    speaker.job_title_en = None
    speaker.save()
    session = SessionFactory(title_fr="Ce que cachent nos métaux", title_en=None, speakers=[speaker])
    Room.objects.filter(pk=session.room_id).update(name_fr="Grand Auditorium", name_en=None)
    document = parse(client.get("/en/speaker-area/"))
    lead = document.find(".//p[@class='lead']")
    assert lead.find("span").get("lang") == "fr"  # the job title, in French for want of English
    item = document.find(".//ul[@class='session-list']/li")
    assert (item.find("a").text, item.find("a").get("lang")) == ("Ce que cachent nos métaux", "fr")
    assert (item.find("span").text, item.find("span").get("lang")) == ("Grand Auditorium", "fr")
