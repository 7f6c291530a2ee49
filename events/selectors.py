"""Reads of the agenda shared by the public pages, the admin and the commands."""

import copy
import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core import content_version
from events.models import Event, Room, Session, Theme


@dataclass(frozen=True)
class Remembered:
    version: str
    day: dt.date
    read_at: float  # time.monotonic()
    event: Event | None


# Every page asks which edition it is about, and the answer changes only with the event rows
# (whose version any change moves, in every process: events/signals.py) or the date: each
# process keeps its last answers, for at most PAGE_CACHE_SECONDS (what no signal tells), by
# edition ("" for the current one). Only editions that exist are kept, so made-up
# addresses cannot fill it.
_remembered: dict[str, Remembered] = {}


def current_event() -> Event | None:
    """The published edition the site is about where no address names one: the next one, or
    else the latest."""
    return _remember("", lambda today: _current_event_in_database(today))


def edition_named(edition: str) -> Event | None:
    """The edition whose addresses start with /`edition`/ (published or not: the pages
    decide who sees a draft)."""
    return _remember(edition, lambda today: Event.objects.filter(edition=edition).first())


def _remember(key: str, read) -> Event | None:
    today = timezone.localdate()
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    if not seconds:  # no cache shared by the processes: no version to trust
        return read(today)
    try:
        version = content_version.current(content_version.EVENTS)
    except Exception:  # the cache away: the database
        return read(today)
    known = _remembered.get(key)
    if known and (known.version, known.day) == (version, today) and time.monotonic() - known.read_at < seconds:
        return copy.copy(known.event)
    event = read(today)
    if not connection.in_atomic_block and (event is not None or key == ""):
        # (what a transaction reads may never be committed)
        _remembered[key] = Remembered(version, today, time.monotonic(), copy.copy(event))
    return event


def _current_event_in_database(today: dt.date) -> Event | None:
    events = Event.objects.published()
    # Two events on one day: the first created, so every page agrees on which.
    return events.filter(date__gte=today).order_by("date", "pk").first() or events.order_by("-date", "pk").first()


def published_editions() -> list[Event]:
    """The published editions, the latest first: the home page's list of the others."""
    return list(Event.objects.published().order_by("-date", "pk"))


def editions_for_the_back_office() -> list[Event]:
    """Every edition, drafts included, the latest first: the admin's switcher."""
    return list(Event.objects.order_by("-date", "pk"))


@dataclass
class ProgrammeRow:
    """One line of the programme grid: the sessions that start at `start`."""

    start: dt.datetime
    cells: list[list[Session]] = field(default_factory=list)  # one list per room, in column order
    spanning: list[Session] = field(default_factory=list)  # slots with no room: coffee, lunch

    @property
    def sessions(self) -> list[Session]:
        return self.spanning + [session for cell in self.cells for session in cell]


@dataclass
class Programme:
    rooms: list[Room]
    rows: list[ProgrammeRow]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def given_in(sessions, language: str):
    """The talks given in `language`: a bilingual one is given in both. Slots (coffee, lunch)
    have no language, so a language filter leaves them out as the other filters do."""
    return sessions.filter(kind__in=Session.TALK_KINDS, language__in=[language, Session.Language.BILINGUAL])


def programme(event: Event, *, theme: Theme | None = None, kind: str = "", language: str = "") -> Programme:
    """The day as a time × room grid, in a constant number of queries."""
    rooms = list(event.rooms.all())
    column = {room.pk: index for index, room in enumerate(rooms)}
    sessions = Session.objects.filter(event=event).for_programme()
    if theme is not None:
        sessions = sessions.filter(theme=theme)
    if kind:
        sessions = sessions.filter(kind=kind)
    if language:
        sessions = given_in(sessions, language)

    rows: dict[dt.datetime, ProgrammeRow] = {}
    for session in sessions:
        row = rows.get(session.start)
        if row is None:
            row = rows[session.start] = ProgrammeRow(start=session.start, cells=[[] for _ in rooms])
        if session.room_id is None:
            row.spanning.append(session)
        else:
            row.cells[column[session.room_id]].append(session)
    for row in rows.values():
        # A session with nothing in parallel (a plenary) spans the width of the grid, which
        # keeps it readable; the card then names its room.
        if len(row.sessions) == 1 and not row.spanning:
            row.spanning = row.sessions
            row.cells = [[] for _ in rooms]
    return Programme(rooms=rooms, rows=list(rows.values()))
