"""The VTIMEZONE of a calendar file written as most calendar programs write theirs: one
STANDARD and one DAYLIGHT observance, each repeated by a yearly rule (RFC 5545 §3.6.5).

icalendar's `add_missing_timezones()` lists every change since 1970 as long RDATE lines;
vobject, and with it the Radicale CalDAV server and its clients, reads those as winter
time all year, so a summer session showed one hour late.
"""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# The rules start in 1970, as Google's and Apple's calendars write them, so that every
# session falls after an onset and no program has to guess the offset before the first one.
RULES_SINCE = 1970
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SECOND = dt.timedelta(seconds=1)


def vtimezone(name: str, year: int) -> Timezone:
    """The zone `name` as it is in `year`. The yearly rules are drawn from that year's
    changes, so they are exact for it; other years may follow other rules."""
    zone = ZoneInfo(name)
    changes = offset_changes(zone, year)
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC).astimezone(zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).astimezone(zone)
    timezone = Timezone()
    timezone.add("tzid", name)
    if len(changes) == 2 and start.utcoffset() == end.utcoffset():
        for change in changes:
            timezone.add_component(yearly_observance(zone, change))
        return timezone
    # No summer time (or a year whose changes do not repeat): the offset the year starts
    # with, then each change once.
    timezone.add_component(observance(TimezoneStandard, dt.datetime(RULES_SINCE, 1, 1), before=start, after=start))
    for change in changes:
        before, after = (change - SECOND).astimezone(zone), change.astimezone(zone)
        kind = TimezoneDaylight if after.utcoffset() > before.utcoffset() else TimezoneStandard
        timezone.add_component(observance(kind, local_onset(before, change), before=before, after=after))
    return timezone


def offset_changes(zone: ZoneInfo, year: int) -> list[dt.datetime]:
    """The UTC instants, to the second, at which `zone` changes its offset during `year`."""
    changes = []
    day = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while day.year == year:
        next_day = day + dt.timedelta(days=1)
        if day.astimezone(zone).utcoffset() != next_day.astimezone(zone).utcoffset():
            changes.append(first_instant_after_change(zone, day, next_day))
        day = next_day
    return changes


def first_instant_after_change(zone: ZoneInfo, before: dt.datetime, after: dt.datetime) -> dt.datetime:
    offset = before.astimezone(zone).utcoffset()
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if dt.datetime.fromtimestamp(middle, dt.UTC).astimezone(zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return dt.datetime.fromtimestamp(high, dt.UTC)


def local_onset(before: dt.datetime, change: dt.datetime) -> dt.datetime:
    """The wall-clock time of the change, read in the offset in force before it (RFC 5545:
    an observance's DTSTART is a local time in its TZOFFSETFROM)."""
    return (change + before.utcoffset()).replace(tzinfo=None)


def yearly_observance(zone: ZoneInfo, change: dt.datetime):
    before, after = (change - SECOND).astimezone(zone), change.astimezone(zone)
    onset = local_onset(before, change)
    last_day = calendar.monthrange(onset.year, onset.month)[1]
    # "Last Sunday" when no same weekday follows in the month, else "second Sunday" and so on.
    ordinal = -1 if onset.day + 7 > last_day else (onset.day - 1) // 7 + 1
    first = nth_weekday(RULES_SINCE, onset.month, onset.weekday(), ordinal)
    kind = TimezoneDaylight if after.utcoffset() > before.utcoffset() else TimezoneStandard
    component = observance(kind, dt.datetime.combine(first, onset.time()), before=before, after=after)
    component.add("rrule", {"freq": "yearly", "bymonth": onset.month, "byday": f"{ordinal}{WEEKDAYS[onset.weekday()]}"})
    return component


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    """The `ordinal`-th `weekday` (0 is Monday) of the month; -1 is the last one."""
    if ordinal > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def observance(kind, onset: dt.datetime, *, before: dt.datetime, after: dt.datetime):
    component = kind()
    component.add("dtstart", onset)
    component.add("tzoffsetfrom", before.utcoffset())
    component.add("tzoffsetto", after.utcoffset())
    component.add("tzname", after.tzname())
    return component
