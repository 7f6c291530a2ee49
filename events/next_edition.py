"""The next edition, started from this one: the same day's shape a year on.

What is copied is what organisers set up, never what people did: the event's texts and
rules, its rooms, its programme (as a draft: `programme_published` off, the same speakers'
profiles, which editions share), and whatever the apps above add through `copy_also`
(the registrations' seat reservations). No registration, invitation, check-in, feedback or
trip is copied. Registration opens and closes at the same distance from the new day."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import editions
from events.models import Event, Room, first_free

# What an app above copies into the next edition: (previous, next) → None, in the transaction.
_copiers: list[Callable[[Event, Event], None]] = []


def copy_also(copier: Callable[[Event, Event], None]) -> None:
    """For an app above the agenda, in its AppConfig.ready()."""
    if copier not in _copiers:
        _copiers.append(copier)


class EditionExists(DomainError):
    pass


@dataclass(frozen=True)
class Moved:
    """Moves the moments of one edition to the same places around another day."""

    days: int

    def __call__(self, moment: dt.datetime | None) -> dt.datetime | None:
        if moment is None:
            return None
        # The same wall-clock time, so that a change of clocks between the days moves nothing.
        local = timezone.localtime(moment)
        return timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=self.days), local.time()))


def a_year_on(day: dt.date) -> dt.date:
    """The same weekday, 52 weeks later: a Tuesday conference stays on a Tuesday."""
    return day + dt.timedelta(weeks=52)


def start_next_edition(previous: Event, *, day: dt.date | None = None) -> Event:
    with transaction.atomic(), editions.every_edition():  # it reads one edition and writes another
        return _copy(previous, day or a_year_on(previous.date))


def _copy(previous: Event, day: dt.date) -> Event:
    if day <= previous.date:
        raise EditionExists(_("The next edition must come after this one."), code="not_after")
    if Event.objects.filter(date=day).exists():
        raise EditionExists(
            _("An edition already takes place on %(day)s.") % {"day": day.isoformat()}, code="edition_exists"
        )
    moved = Moved((day - previous.date).days)
    edition = Event.objects.get(pk=previous.pk)  # a fresh copy of every field, translations included
    edition.pk = edition.id = None
    edition._state.adding = True
    edition.date = day
    edition.slug = free_slug(f"{slugify(previous.name)}-{day.year}")
    edition.edition = ""  # the year of the new day (Event.save)
    edition.registration_opens_at = moved(previous.registration_opens_at)
    edition.registration_closes_at = moved(previous.registration_closes_at)
    edition.programme_published = False
    edition.footprint_published = False
    edition.programme_changed_at = timezone.now()
    edition.full_clean(exclude=["edition"])
    edition.save()

    rooms = {}
    for room in previous.rooms.all():
        rooms[room.pk] = Room.objects.create(
            event=edition, name_fr=room.name_fr, name_en=room.name_en, capacity=room.capacity, position=room.position
        )
    for session in previous.sessions.prefetch_related("speakers"):
        speakers = list(session.speakers.all())
        session.pk = session.id = None
        session._state.adding = True
        session.event = edition
        session.room = rooms.get(session.room_id)
        session.start, session.end = moved(session.start), moved(session.end)
        session.save()
        session.speakers.set(speakers)
    for copier in _copiers:
        copier(previous, edition)
    return edition


def free_slug(wanted: str) -> str:
    return first_free(wanted, set(Event.objects.filter(slug__startswith=wanted).values_list("slug", flat=True)))
