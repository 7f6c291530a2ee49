"""The suite's one clock, and the edition the factories build around it.

The suite never names a calendar date. It reads the clock once, when it starts (the wall
clock, or the one `./dev.sh test` is given with TFC_TEST_AT), and places the factories'
edition at the same distance from that moment every time: registration has been open for a
while, the day is about six months away. So every run, on any date, sees the same edition
from the same place. A test that means another moment of the edition names it with
`edition_moment` and moves the clock there (the `clock` fixture of tests/conftest.py, which
is time-machine's): the view, the services and the templates then all read that moment.

Processes the tests start (gunicorn, a Celery worker, Chromium) read the wall clock, which
is the suite's own moment give or take the minutes the suite has been running."""

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# The moment the suite started, to the minute, in Paris.
SUITE_NOW = dt.datetime.now(PARIS).replace(second=0, microsecond=0)
SUITE_TODAY = SUITE_NOW.date()

DAYS_TO_THE_EVENT = 183  # as from early December to early June


def changes_clocks(day: dt.date) -> bool:
    """Whether Paris moves its clocks on `day`."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=PARIS)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    return start.utcoffset() != end.utcoffset()


def event_day_from(today: dt.date) -> dt.date:
    """About six months after `today`, moved past any change of clocks in the ten days before
    the day or the two after it: the phases near the day (offers, the last 24 hours, the day
    after) are then whole days of 24 hours every year. The days the clocks change have tests
    of their own (tests/calendars.py)."""
    day = today + dt.timedelta(days=DAYS_TO_THE_EVENT)
    while any(changes_clocks(day + dt.timedelta(days=offset)) for offset in range(-10, 3)):
        day += dt.timedelta(days=1)
    return day


EVENT_DATE = event_day_from(SUITE_TODAY)


def at(hhmm: str, day: dt.date = EVENT_DATE) -> dt.datetime:
    """`hhmm` in Paris on `day`, the edition's day unless told."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=PARIS)


def days_before_the_event(days: int, hhmm: str = "10:00") -> dt.datetime:
    return at(hhmm, EVENT_DATE - dt.timedelta(days=days))


def days_after_the_event(days: int, hhmm: str = "10:00") -> dt.datetime:
    return at(hhmm, EVENT_DATE + dt.timedelta(days=days))


def days_ago(days: int, hhmm: str = "10:00") -> dt.datetime:
    """`hhmm` on the day `days` before the suite's day: something that has happened already."""
    return at(hhmm, SUITE_TODAY - dt.timedelta(days=days))


def in_days(days: int, hhmm: str = "10:00") -> dt.datetime:
    """`hhmm` on the day `days` after the suite's day: something still to come."""
    return at(hhmm, SUITE_TODAY + dt.timedelta(days=days))


# The factories' registration window: open for some three months already, closing three
# days before the day.
REGISTRATION_OPENS = days_before_the_event(280)
REGISTRATION_CLOSES = days_before_the_event(3, "18:00")

# The suite's own moment: registration open, the day months away.
OPEN = SUITE_NOW


def edition_moment(name: str, event=None) -> dt.datetime:
    """A moment of an edition, by name: of `event`, or of the factories' edition.

    before opening · open · the last week (seats are offered, no longer given) · registration
    closed · the last 24 hours (the waiting list has stopped) · the day (the desk is open) ·
    the day after · a year later"""
    if event is None:
        opens, closes = REGISTRATION_OPENS, REGISTRATION_CLOSES
        doors = at("08:30")
        offers_start, cutoff = doors - dt.timedelta(days=7), doors - dt.timedelta(hours=24)
    else:
        opens, closes = event.registration_opens_at, event.registration_closes_at
        doors = event.starts_at
        offers_start, cutoff = event.offers_start, event.promotion_cutoff
    day = doors.astimezone(PARIS).date()
    moments = {
        "before opening": opens - dt.timedelta(days=1),
        "open": OPEN if opens <= OPEN < min(closes, offers_start) else opens + dt.timedelta(hours=1),
        "the last week": offers_start + dt.timedelta(days=1),
        "registration closed": closes + dt.timedelta(hours=1),
        "the last 24 hours": cutoff + dt.timedelta(hours=1),
        "the day": doors + dt.timedelta(hours=1),
        "the day after": at("10:00", day + dt.timedelta(days=1)),
        "a year later": at("10:00", day + dt.timedelta(days=365)),
    }
    try:
        return moments[name]
    except KeyError:
        raise ValueError(f"no moment {name!r} in an edition: {', '.join(moments)}") from None


EDITION_MOMENTS = (
    "before opening",
    "open",
    "the last week",
    "registration closed",
    "the last 24 hours",
    "the day",
    "the day after",
    "a year later",
)


MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


def spelled(day: dt.date, language: str = "en", *, year: bool = True) -> str:
    """A day as the pages write it: "8 June 2027", "8 juin 2027" ("8 June" without the year)."""
    words = f"{day.day} {MONTHS[language][day.month - 1]}"
    return f"{words} {day.year}" if year else words
