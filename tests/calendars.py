"""Calendar files read as each program reads them: icalendar (by the TZID's name), icalendar
with the file's own VTIMEZONE, and vobject (as Radicale and the programs built on it); every
reading gives the instants in UTC, to compare with the database's."""

import datetime as dt

import vobject
from icalendar import Calendar

# A summer day, a winter day and the two days the clocks change.
DAYS = {
    "summer": dt.date(2027, 6, 8),
    "winter": dt.date(2027, 1, 12),
    "clocks-forward": dt.date(2027, 3, 28),
    "clocks-back": dt.date(2027, 10, 31),
}


def database_instants(sessions) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        f"{session.event.slug}-{session.slug}@techforclimate": (
            session.start.astimezone(dt.UTC),
            session.end.astimezone(dt.UTC),
        )
        for session in sessions
    }


def utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, f"{moment} is a floating time: each program would read it in its own zone"
    return moment.astimezone(dt.UTC)


def read_with_icalendar(data: bytes) -> dict:
    """icalendar takes the offsets from the zone database, by the TZID's name."""
    return {
        str(entry["uid"]): (utc(entry.decoded("dtstart")), utc(entry.decoded("dtend")))
        for entry in Calendar.from_ical(data).walk("VEVENT")
    }


def read_with_the_files_vtimezone(data: bytes) -> dict:
    """icalendar again, but with the offsets the file's own VTIMEZONE gives."""
    calendar = Calendar.from_ical(data)
    zones = {timezone.tz_name: timezone.to_tz(lookup_tzid=False) for timezone in calendar.timezones}

    def instant(entry, name):
        value = entry[name]
        return utc(value.dt.replace(tzinfo=zones[value.params["TZID"]]))

    return {
        str(entry["uid"]): (instant(entry, "dtstart"), instant(entry, "dtend")) for entry in calendar.walk("VEVENT")
    }


def read_with_vobject(data: bytes) -> dict:
    """vobject, as Radicale and the programs built on it read the file."""
    calendar = vobject.readOne(data.decode())
    return {entry.uid.value: (utc(entry.dtstart.value), utc(entry.dtend.value)) for entry in calendar.vevent_list}


READERS = {
    "icalendar": read_with_icalendar,
    "icalendar with the file's VTIMEZONE": read_with_the_files_vtimezone,
    "vobject": read_with_vobject,
}


def readings(data: bytes) -> dict[str, dict]:
    return {name: read(data) for name, read in READERS.items()}


def every_reader(instants: dict) -> dict[str, dict]:
    return dict.fromkeys(READERS, instants)
