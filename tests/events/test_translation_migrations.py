"""The content's move to French and English columns (events 0006, speakers 0003,
registrations 0012) keeps every text written before it: the single columns become the
French, the English starts empty, announcements keep both their languages; and undone, the
migrations give the single columns back the French."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from backoffice.models import Announcement
from core.content_language import is_fallback
from events.models import Event, Room, Session, Theme
from speakers.models import Speaker
from tests.factories import AnnouncementFactory, EventFactory, RoomFactory, SessionFactory, SpeakerFactory, ThemeFactory

BEFORE = [
    ("events", "0005_invite_driven_rules"),
    ("speakers", "0002_self_service"),
    ("registrations", "0011_vouch_invited_categories"),
]
# What people wrote before the content was bilingual, by model and single column.
OLD_TEXT = {
    ("events", "Event"): {
        "tagline": "Une journée pour embarquer tout un écosystème.",
        "description": "Constellation s'est fixé de diviser par deux son empreinte.",
        "footprint_actions": "Repas végétariens, badges réutilisés.",
    },
    ("events", "Theme"): {"name": "Sobriété numérique", "description": "Moins et mieux."},
    ("events", "Room"): {"name": "Salon Marceau"},
    ("events", "Session"): {"title": "Accueil café", "abstract": "Café et viennoiseries."},
    ("speakers", "Speaker"): {
        "job_title": "Ingénieure géologue minière",
        "bio": "Ingénieure, cofondatrice de SystExt.",
    },
}
ANNOUNCEMENT = {
    "subject_fr": "Informations pratiques",
    "subject_en": "Practical information",
    "body_fr": "Les portes ouvrent à 8 h 30.",
    "body_en": "Doors open at 8:30.",
}
MODELS = {"Event": Event, "Theme": Theme, "Room": Room, "Session": Session, "Speaker": Speaker}

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def rows():
    """One row of each model, written with today's schema; their rows outlive the
    migrations undone below (which only drop the language columns)."""
    event = EventFactory()
    room = RoomFactory(event=event)
    return {
        "Event": event,
        "Theme": (theme := ThemeFactory()),
        "Room": room,
        "Session": SessionFactory(event=event, theme=theme, room=room),
        "Speaker": SpeakerFactory(),
        "Announcement": AnnouncementFactory(event=event),
    }


def old_apps():
    return MigrationExecutor(connection).loader.project_state(BEFORE).apps


@pytest.fixture
def before_the_translations(rows):
    """The database before the translations, its single columns holding `OLD_TEXT`;
    migrated back to the present afterwards, whatever the test did."""
    migrate(BEFORE)
    apps = old_apps()
    for (app, model), texts in OLD_TEXT.items():
        apps.get_model(app, model).objects.filter(pk=rows[model].pk).update(**texts)
    apps.get_model("registrations", "Announcement").objects.filter(pk=rows["Announcement"].pk).update(**ANNOUNCEMENT)
    yield apps
    migrate(None)


def columns(model, field):
    return model.objects.values_list(f"{field}_fr", f"{field}_en").get()


def test_the_text_written_before_becomes_the_french_and_the_english_starts_empty(rows, before_the_translations):
    present = migrate(None)

    for (_, name), texts in OLD_TEXT.items():
        model = MODELS[name]
        assert {field: columns(model, field) for field in texts} == {
            field: (text, None) for field, text in texts.items()
        }, name
    # On an English page the French is shown, known to be French (for its lang="fr").
    session = Session.objects.get()
    with translation.override("en"):
        assert (session.title, is_fallback(session, "title")) == ("Accueil café", True)
    announcement = Announcement.objects.get()
    assert Announcement.objects.values(*ANNOUNCEMENT).get() == ANNOUNCEMENT
    assert (announcement.subject_in("en"), announcement.body_in("fr")) == (
        "Practical information",
        "Les portes ouvrent à 8 h 30.",
    )
    # django-modeltranslation's own column (read without it, which would give the English)
    # holds the French reference.
    unpatched = present.loader.project_state().apps.get_model("backoffice", "Announcement")
    assert unpatched.objects.values("subject", "body").get() == {
        "subject": "Informations pratiques",
        "body": "Les portes ouvrent à 8 h 30.",
    }


def test_undone_the_migrations_give_the_single_columns_the_french(rows, before_the_translations):
    migrate(None)
    # A French text revised after the move, and an English one that has nowhere to go back to.
    Session.objects.update(title_fr="Accueil café et thé", title_en="Welcome coffee and tea")
    Announcement.objects.update(subject_en="Practical details")

    migrate(BEFORE)

    apps = old_apps()
    for (app, name), texts in OLD_TEXT.items():
        expected = texts | {"title": "Accueil café et thé"} if name == "Session" else texts
        assert apps.get_model(app, name).objects.values(*texts).get() == expected, name
    assert apps.get_model("registrations", "Announcement").objects.values(*ANNOUNCEMENT).get() == {
        **ANNOUNCEMENT,
        "subject_en": "Practical details",
    }
