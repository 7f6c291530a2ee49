"""Load an event's programme from a TOML file, idempotently."""

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.models import Event, Room, Session, Theme
from speakers.models import Speaker

TECHFORCLIMATE_PROGRAMME = Path(__file__).parent / "data" / "techforclimate.toml"
SAMPLE_BIOS = {
    "bio_fr": (
        "Profil fictif, créé pour illustrer le programme de démonstration : "
        "remplacez-le par la biographie réelle de l'intervenant·e."
    ),
    "bio_en": (
        "A fictional profile, made up to illustrate the sample programme: replace it with the speaker's real bio."
    ),
}
SPEAKER_TRANSLATED = ("job_title", "bio")


@dataclass
class LoadSummary:
    event: Event
    rooms: int
    themes: int
    speakers: int
    sessions: int


def in_both_languages(item: dict, *fields: str) -> dict:
    """`title` (French, the reference) and `title_en` of a TOML table, as model fields."""
    values = {}
    for field in fields:
        values[f"{field}_fr"] = item.get(field, "")
        values[f"{field}_en"] = item.get(f"{field}_en", "")
    return values


def add_missing_english(speaker: Speaker, profile: dict) -> None:
    """The file's English for a profile loaded before it had one (a database older than the
    translations): only where the English is empty and the French is still the file's, so
    that the English translates what the page shows. Whatever a speaker wrote stays."""
    filled = []
    for field in SPEAKER_TRANSLATED:
        french, english = f"{field}_fr", f"{field}_en"
        if profile[english] and not getattr(speaker, english) and getattr(speaker, french) == profile[french]:
            setattr(speaker, english, profile[english])
            filled.append(english)
    if filled:
        speaker.save(update_fields=filled)


def programme_day(path: Path, year: int) -> dt.date:
    """The file's month and day in `year`."""
    event = tomllib.loads(path.read_text(encoding="utf-8"))["event"]
    return dt.date(year, event["month"], event["day"])


def next_event_date(month: int, day: int, today: dt.date) -> dt.date:
    """The next occurrence of month/day, today included."""
    this_year = dt.date(today.year, month, day)
    return this_year if this_year >= today else dt.date(today.year + 1, month, day)


@transaction.atomic
def load_programme(
    path: Path = TECHFORCLIMATE_PROGRAMME, *, today: dt.date | None = None, day: dt.date | None = None
) -> LoadSummary:
    """Create or update the edition, rooms, themes, speakers and sessions described in `path`,
    on `day` or else on the file's month and day next after `today`: the edition of that
    year (another year's edition stays as it is).

    Running it twice gives the same database: every row is found again by its slug or name."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tz = ZoneInfo(settings.TIME_ZONE)
    event_data = data["event"]
    date = day or next_event_date(event_data["month"], event_data["day"], today or timezone.localdate())

    def at(day: dt.date, hhmm: str) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=tz)

    opens, closes = event_data["registration_opens"], event_data["registration_closes"]
    opens_year = date.year - 1 if opens.get("previous_year") else date.year
    # The edition of that year, created or updated; never another edition moved to it.
    event = Event.objects.filter(date__year=date.year).order_by("date", "pk").first()
    if event is None:
        slug = event_data["slug"]
        event = Event(slug=slug if not Event.objects.filter(slug=slug).exists() else f"{slug}-{date.year}")
    fields = {
        "name": event_data["name"],
        **in_both_languages(event_data, "tagline", "description", "practical_information"),
        "date": date,
        "doors_open_at": dt.time.fromisoformat(event_data["doors_open_at"]),
        "closes_at": dt.time.fromisoformat(event_data["closes_at"]),
        "venue_name": event_data["venue_name"],
        "venue_address": event_data["venue_address"],
        "capacity": event_data["capacity"],
        "registration_opens_at": at(dt.date(opens_year, opens["month"], opens["day"]), opens["time"]),
        "registration_closes_at": at(dt.date(date.year, closes["month"], closes["day"]), closes["time"]),
        "is_published": True,
    }
    for field, value in fields.items():
        setattr(event, field, value)
    event.save()

    rooms = {}
    for position, room in enumerate(data["rooms"]):
        rooms[room["name"]], _ = Room.objects.update_or_create(
            event=event,
            name_fr=room["name"],
            defaults={"capacity": room["capacity"], "position": position, "name_en": room.get("name_en")},
        )

    themes = {}
    for position, theme in enumerate(data["themes"]):
        themes[theme["slug"]], _ = Theme.objects.update_or_create(
            slug=theme["slug"],
            defaults={**in_both_languages(theme, "name", "description"), "position": position + 1},
        )

    speakers = {}
    for speaker in data["speakers"]:
        profile = {
            **in_both_languages(speaker, *SPEAKER_TRANSLATED),
            **(SAMPLE_BIOS if speaker.get("sample") else {}),
        }
        # Created once, never overwritten: from then on speakers keep their own profiles.
        speakers[speaker["slug"]], created = Speaker.objects.get_or_create(
            slug=speaker["slug"],
            defaults={"name": speaker["name"], "organisation": speaker.get("organisation", ""), **profile},
        )
        if not created:
            add_missing_english(speakers[speaker["slug"]], profile)

    sessions = []
    for item in data["sessions"]:
        session = Session.objects.filter(event=event, slug=item["slug"]).first() or Session(
            event=event, slug=item["slug"]
        )
        session.kind = item["kind"]
        for field, value in in_both_languages(item, "title", "abstract").items():
            setattr(session, field, value)
        session.language = item.get("language", Session.Language.FRENCH)
        session.theme = themes.get(item.get("theme"))
        session.room = rooms.get(item.get("room"))
        session.start = at(date, item["start"])
        session.end = at(date, item["end"])
        session.capacity = session.room.capacity if session.kind == Session.Kind.WORKSHOP else None
        session.pending_speakers = [speakers[slug] for slug in item.get("speakers", [])]
        session.full_clean()
        session.save()
        sessions.append(session)
    # Speakers are set once every session has its final time, so the overlap check sees
    # the programme as it will be.
    for session in sessions:
        session.speakers.set(session.pending_speakers)

    return LoadSummary(
        event=event, rooms=len(rooms), themes=len(themes), speakers=len(speakers), sessions=len(sessions)
    )
