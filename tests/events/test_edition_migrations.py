"""Editions side by side (events 0009, footprint 0005) on a populated database: undone, the
rows stay and lose their edition keys; done again, each event is given the year of its day
(a number after it for a second one that year) and each day's page views their edition."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Event
from footprint.models import PageViewDay
from tests.factories import EventFactory, RegistrationFactory

BEFORE = [("events", "0008_check_in_window"), ("footprint", "0004_plausible_figures")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def test_editions_are_named_and_their_page_views_given_to_them_both_ways():
    this_year = EventFactory()
    last_year = EventFactory(slug="last-year", date=this_year.date - dt.timedelta(weeks=52))
    same_year = EventFactory(slug="autumn", date=this_year.date + dt.timedelta(days=2))
    RegistrationFactory(event=last_year)
    PageViewDay.objects.create(date=last_year.date, page="events:programme", views=40)
    PageViewDay.objects.create(date=this_year.date - dt.timedelta(days=1), page="events:programme", views=7)
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        assert "edition" not in {field.name for field in old.get_model("events", "Event")._meta.fields}
        assert old.get_model("events", "Event").objects.count() == 3
        assert old.get_model("footprint", "PageViewDay").objects.count() == 2
    finally:
        migrate()
    keys = dict(Event.objects.values_list("pk", "edition"))
    year = str(this_year.date.year)
    second = f"{year}-2" if same_year.date.year == this_year.date.year else str(same_year.date.year)
    assert keys == {last_year.pk: str(last_year.date.year), this_year.pk: year, same_year.pk: second}
    assert last_year.registrations.count() == 1  # nothing left behind
    assert dict(PageViewDay.objects.values_list("views", "edition")) == {40: str(last_year.date.year), 7: year}
    assert Event.objects.get(pk=this_year.pk).programme_published is True  # published, as every programme was
