"""events.selectors: which event the site is about, and the day as a time × room grid."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Session
from events.selectors import current_event, programme
from tests.factories import EventFactory, SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


def edition(slug, days_from_today, *, is_published=True):
    return EventFactory(
        slug=slug, date=timezone.localdate() + dt.timedelta(days=days_from_today), is_published=is_published
    )


def test_the_current_event_is_the_next_published_one():
    edition("last-year", -365)
    edition("draft", 10, is_published=False)
    coming = edition("coming", 30)
    edition("after-that", 400)
    assert current_event() == coming


def test_once_every_event_is_past_the_current_one_is_the_latest():
    edition("two-years-ago", -730)
    latest = edition("last-year", -365)
    edition("unpublished-draft", -10, is_published=False)
    assert current_event() == latest


def test_no_current_event_without_a_published_one():
    edition("draft", 30, is_published=False)
    assert current_event() is None


def programme_of(fixture, **filters):
    return programme(fixture["event"], **filters)


def slugs(cells):
    return [[session.slug for session in cell] for cell in cells]


def test_the_grid_has_a_row_per_start_and_a_column_per_room(programme):
    grid = programme_of(programme)
    assert [room.name for room in grid.rooms] == ["Grand Auditorium", "Salon Iéna", "Salon Marceau"]
    assert [row.start for row in grid.rows] == [at("09:30"), at("11:00"), at("12:30")]
    plenary_row, workshop_row, lunch_row = grid.rows
    # A session with nothing in parallel spans the grid; so does a slot with no room.
    assert ([s.slug for s in plenary_row.spanning], slugs(plenary_row.cells)) == (["metaux"], [[], [], []])
    assert ([s.slug for s in lunch_row.spanning], slugs(lunch_row.cells)) == (["dejeuner"], [[], [], []])
    # Sessions in parallel sit in their room's column.
    assert (workshop_row.spanning, slugs(workshop_row.cells)) == ([], [[], ["reparer"], ["parallele"]])
    assert [s.slug for s in workshop_row.sessions] == ["reparer", "parallele"]
    assert not grid.is_empty


def test_the_grid_keeps_only_the_sessions_of_a_theme_or_a_kind(programme):
    by_theme = programme_of(programme, theme=programme["theme"])
    assert [[s.slug for s in row.sessions] for row in by_theme.rows] == [["metaux"]]
    workshops = programme_of(programme, kind=Session.Kind.WORKSHOP)
    assert [[s.slug for s in row.sessions] for row in workshops.rows] == [["reparer", "parallele"]]
    # The columns stay those of every room, whatever the filter.
    assert len(workshops.rows[0].cells) == 3


def test_a_filter_matching_nothing_gives_an_empty_grid(programme):
    grid = programme_of(programme, theme=programme["theme"], kind=Session.Kind.WORKSHOP)
    assert (grid.rows, grid.is_empty) == ([], True)


def test_the_grid_holds_only_the_events_own_sessions(programme):
    other = EventFactory(slug="another-edition")
    SessionFactory(event=other, title="Ailleurs", start=at("09:30"), end=at("10:15"))
    assert sum(len(row.sessions) for row in programme_of(programme).rows) == 4


def queries_to_read_the_grid(event) -> int:
    with CaptureQueriesContext(connection) as queries:
        shown = [
            (session.room, session.theme, [speaker.name for speaker in session.speakers.all()])
            for row in programme(event).rows
            for session in row.sessions
        ]
    assert shown
    return len(queries)


def test_the_grid_is_built_in_a_constant_number_of_queries(programme):
    event = programme["event"]
    few = queries_to_read_the_grid(event)
    for hour in ("15:00", "16:00", "17:00"):
        SessionFactory(event=event, start=at(hour), end=at(hour.replace(":00", ":45")), speakers=[SpeakerFactory()])
    assert queries_to_read_the_grid(event) == few
