import datetime as dt

import pytest
from django.core.management import call_command

from events.loader import load_programme, next_event_date
from events.models import Event, Room, Session, Theme
from events.selectors import current_event
from speakers.models import Speaker

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "events": list(Event.objects.values_list("slug", "date", "capacity", "registration_opens_at")),
        "rooms": list(Room.objects.order_by("name").values_list("name", "capacity", "position")),
        "themes": list(Theme.objects.order_by("slug").values_list("slug", "name")),
        "speakers": list(Speaker.objects.order_by("slug").values_list("slug", "name", "job_title", "bio")),
        "sessions": list(
            Session.objects.order_by("slug").values_list("slug", "kind", "room__name", "start", "end", "capacity")
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
    assert set(Session.objects.filter(kind=Session.Kind.PLENARY).values_list("room__name", flat=True)) == {
        "Grand Auditorium"
    }
    named = dict(
        Speaker.objects.filter(slug__in=["valerie-cabanes", "aurore-stephant", "hugues-ferreboeuf"]).values_list(
            "name", "job_title"
        )
    )
    assert named == {
        "Valérie Cabanes": "Juriste en droit international et droits humains",
        "Aurore Stephant": "Ingénieure géologue minière",
        "Hugues Ferreboeuf": "Membre",
    }
    assert Speaker.objects.get(slug="hugues-ferreboeuf").organisation == "The Shift Project"
    assert Speaker.objects.get(slug="camille-roussel").bio.startswith("Profil fictif")
    for session in Session.objects.all():
        session.full_clean()
    assert current_event() == event


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


def test_loader_never_overwrites_a_profile_a_speaker_edited():
    call_command("load_techforclimate")
    Speaker.objects.filter(slug="aurore-stephant").update(bio="Ma biographie, écrite par moi.")
    call_command("load_techforclimate")
    assert Speaker.objects.get(slug="aurore-stephant").bio == "Ma biographie, écrite par moi."
