import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation
from modeltranslation.translator import translator

from core.content_language import missing_translation
from events.loader import SAMPLE_BIOS, load_programme, next_event_date
from events.models import Event, Room, Session, Theme
from events.selectors import current_event
from speakers.models import Speaker

pytestmark = pytest.mark.django_db
REAL_SPEAKERS = ["valerie-cabanes", "aurore-stephant", "hugues-ferreboeuf"]


def columns(*fields):
    """Each language's column of `fields`: a plain "title" reads only the active language's."""
    return [f"{field}_{language}" for field in fields for language in ("fr", "en")]


def translated_fields(model):
    return list(translator.get_options_for_model(model).fields)


def snapshot():
    return {
        "events": list(
            Event.objects.values_list(
                "slug", "date", "capacity", "registration_opens_at", *columns(*translated_fields(Event))
            )
        ),
        "rooms": list(Room.objects.order_by("name_fr").values_list("name_fr", "name_en", "capacity", "position")),
        "themes": list(Theme.objects.order_by("slug").values_list("slug", "position", *columns("name", "description"))),
        "speakers": list(
            Speaker.objects.order_by("slug").values_list("slug", "name", "organisation", *columns("job_title", "bio"))
        ),
        "sessions": list(
            Session.objects.order_by("slug").values_list(
                "slug", "kind", "language", "room__name_fr", "start", "end", "capacity", *columns("title", "abstract")
            )
        ),
        "speaking": sorted(Session.speakers.through.objects.values_list("session__slug", "speaker__slug")),
    }


def test_loader_is_idempotent():
    call_command("load_techforclimate")
    first = snapshot()
    call_command("load_techforclimate")
    assert snapshot() == first


def test_loader_builds_the_tech_for_climate_day():
    summary = load_programme(today=dt.date(2026, 11, 29))
    event = summary.event
    assert (event.date, event.capacity, event.venue_address) == (
        dt.date(2027, 6, 8),
        350,
        "28 avenue George V, 75008 Paris",
    )
    assert event.is_registration_open(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC))
    assert Session.objects.filter(kind=Session.Kind.PLENARY).count() == 6
    assert Session.objects.filter(kind=Session.Kind.WORKSHOP).count() == 10
    assert Theme.objects.count() == 3
    assert Speaker.objects.count() == 30
    assert not Speaker.objects.filter(sessions__isnull=True).exists()
    assert set(Session.objects.filter(kind=Session.Kind.PLENARY).values_list("room__name_fr", flat=True)) == {
        "Grand Auditorium"
    }
    named = {
        speaker.name: (speaker.job_title_fr, speaker.job_title_en)
        for speaker in Speaker.objects.filter(slug__in=REAL_SPEAKERS)
    }
    assert named == {
        "Valérie Cabanes": (
            "Juriste en droit international et droits humains",
            "International lawyer specialising in human rights",
        ),
        "Aurore Stephant": ("Ingénieure géologue minière", "Mining geological engineer"),
        "Hugues Ferreboeuf": ("Chef de projet Numérique", "Digital project lead"),
    }
    assert Speaker.objects.get(slug="hugues-ferreboeuf").organisation == "The Shift Project"
    sample = Speaker.objects.get(slug="camille-roussel")
    assert (sample.bio_fr, sample.bio_en) == (SAMPLE_BIOS["bio_fr"], SAMPLE_BIOS["bio_en"])
    for session in Session.objects.all():
        session.full_clean()
    assert current_event() == event


def test_every_translated_text_of_the_programme_has_its_english():
    load_programme(today=dt.date(2026, 11, 29))

    for model in (Event, Theme, Session, Speaker):
        fields = translated_fields(model)
        assert not model.objects.filter(missing_translation(fields)).exists(), model
    event = Event.objects.get()
    assert event.practical_information_fr.startswith("Accès : Espace George V")
    assert "step-free access" in event.practical_information_en
    # Rooms are proper names: their English name is the French one, so no English page
    # marks them as a French fallback (16 elements fewer on the English programme).
    assert all(room.name_en == room.name_fr for room in Room.objects.all())
    # Most sessions are in French, a few in English or in both.
    languages = dict(Session.objects.values_list("slug", "language"))
    assert (languages["ia-generative-usages-utiles"], languages["table-ronde-mesurer-pour-reduire"]) == (
        "en",
        "bilingual",
    )
    assert list(languages.values()).count(Session.Language.FRENCH) == len(languages) - 2


def test_each_language_reads_its_own_text():
    load_programme(today=dt.date(2026, 11, 29))
    lunch = Session.objects.get(slug="dejeuner")
    cabanes = Speaker.objects.get(slug="valerie-cabanes")

    with translation.override("fr"):
        assert (lunch.title, Theme.objects.get(slug="sobriete-numerique").name) == ("Déjeuner", "Sobriété numérique")
        assert cabanes.bio.startswith("Valérie Cabanes est juriste en droit international")
    with translation.override("en"):
        assert (lunch.title, Theme.objects.get(slug="sobriete-numerique").name) == ("Lunch", "Digital sobriety")
        assert cabanes.bio.startswith("Valérie Cabanes is a French international lawyer")
        assert "Homo Natura" in cabanes.bio


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 29), dt.date(2027, 6, 8)),
        (dt.date(2027, 6, 8), dt.date(2027, 6, 8)),
        (dt.date(2027, 6, 9), dt.date(2028, 6, 8)),
    ],
)
def test_event_falls_on_the_next_8_june(today, expected):
    assert next_event_date(6, 8, today) == expected


def profile(slug):
    return Speaker.objects.filter(slug=slug).values(*columns("job_title", "bio")).get()


def test_loader_never_overwrites_a_profile_a_speaker_edited():
    call_command("load_techforclimate")
    edited = {
        "job_title_fr": "Ingénieure",
        "job_title_en": "Engineer",
        "bio_fr": "Ma biographie, écrite par moi.",
        "bio_en": "My bio, in my own words.",
    }
    Speaker.objects.filter(slug="aurore-stephant").update(**edited)

    call_command("load_techforclimate")

    assert profile("aurore-stephant") == edited


def test_a_speaker_who_rewrote_the_french_gets_no_english_translating_the_old_text():
    call_command("load_techforclimate")
    Speaker.objects.filter(slug="aurore-stephant").update(bio_fr="Ma biographie, écrite par moi.", bio_en="")

    call_command("load_techforclimate")

    assert profile("aurore-stephant")["bio_en"] == ""


def test_a_profile_loaded_before_it_had_english_gets_the_files_english():
    """A database loaded before the translations: the French is the file's, the English empty."""
    call_command("load_techforclimate")
    complete = {slug: profile(slug) for slug in [*REAL_SPEAKERS, "camille-roussel"]}
    Speaker.objects.update(job_title_en="", bio_en="")
    # Valérie Cabanes has since written her own English job title; it stays.
    Speaker.objects.filter(slug="valerie-cabanes").update(job_title_en="Lawyer")

    call_command("load_techforclimate")

    assert {slug: profile(slug) for slug in complete} == {
        **complete,
        "valerie-cabanes": {**complete["valerie-cabanes"], "job_title_en": "Lawyer"},
    }
    assert profile("camille-roussel")["bio_en"] == SAMPLE_BIOS["bio_en"]


@pytest.mark.parametrize(
    ("today", "says"),
    [
        (dt.date(2026, 12, 7), "Registration is open until"),
        (dt.date(2027, 6, 6), "Registration closed on"),
        (dt.date(2027, 6, 8), "It is today: doors open at 08:30."),
        (dt.date(2027, 6, 9), "Registration is open from 1 September 2027 to 5 June 2028."),
        (dt.date(2028, 2, 29), "Registration is open until 5 June 2028."),
    ],
)
def test_the_demo_edition_makes_sense_whatever_the_day_it_is_loaded(client, clock, today, says):
    """`./dev.sh serve` loads the programme on the day it is run: its home page then tells
    what that day means, and never an edition that is over."""
    clock.move_to(dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo("Europe/Paris")))
    load_programme()
    page = client.get("/en/").content.decode()
    assert says in page
    assert "This edition is over" not in page
