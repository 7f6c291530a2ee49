"""Queries compiled once and run with each call's values (core/compiled.py) answer as the
ORM does, on either database, and refuse what they cannot compile rather than answer wrong."""

import datetime as dt

import pytest
from django.db import transaction

from core.compiled import compiled_once
from events.models import Event
from registrations.models import Registration
from registrations.services import lock_event
from tests.factories import PARIS, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@compiled_once(int, dt.datetime)
def confirmed_since(event_id, moment):
    return Registration.objects.filter(event_id=event_id, confirmed_at__gte=moment).values_list("pk").order_by("pk")


@compiled_once(int)
def event_rows(event_id):
    return Event.objects.filter(pk=event_id)


def test_each_call_runs_with_its_own_values():
    first, second = EventFactory(), EventFactory(slug="another-event")
    early = RegistrationFactory(event=first, confirmed_at=dt.datetime(2026, 11, 1, 9, tzinfo=PARIS))
    late = RegistrationFactory(event=first, confirmed_at=dt.datetime(2026, 11, 20, 9, tzinfo=PARIS))
    other = RegistrationFactory(event=second, confirmed_at=dt.datetime(2026, 11, 20, 9, tzinfo=PARIS))

    for event, moment, expected in (
        (first, dt.datetime(2026, 10, 1, tzinfo=PARIS), [early, late]),
        (first, dt.datetime(2026, 11, 10, tzinfo=PARIS), [late]),
        (first, dt.datetime(2026, 11, 20, 9, tzinfo=PARIS), [late]),  # the very moment counts
        (first, dt.datetime(2026, 11, 20, 9, 0, 1, tzinfo=PARIS), []),
        (second, dt.datetime(2026, 10, 1, tzinfo=PARIS), [other]),
    ):
        assert [pk for (pk,) in confirmed_since.rows(event.pk, moment)] == [r.pk for r in expected]


def test_instances_are_the_rows_the_orm_gives():
    event = EventFactory(name="Tech For Climate", capacity=350)

    (compiled,) = event_rows.instances(event.pk)

    by_the_orm = Event.objects.get(pk=event.pk)
    fields = Event._meta.concrete_fields
    assert [getattr(compiled, f.attname) for f in fields] == [getattr(by_the_orm, f.attname) for f in fields]
    assert compiled.registration_opens_at.tzinfo is not None  # converted as the ORM converts them
    assert isinstance(compiled.date, dt.date) and compiled.is_published is by_the_orm.is_published
    assert (compiled._state.adding, compiled._state.db) == (False, "default")
    assert event_rows.instances(event.pk + 1000) == []


def test_an_argument_the_orm_changes_or_leaves_out_is_refused():
    @compiled_once(int)
    def capacity_after(seats):
        return Event.objects.filter(capacity=seats + 1)

    @compiled_once(int, int)
    def second_argument_unused(event_id, unused):
        return Event.objects.filter(pk=event_id)

    with pytest.raises(ValueError, match="not one of its arguments"):
        capacity_after.rows(10)
    with pytest.raises(ValueError, match="no parameter"):
        second_argument_unused.rows(1, 2)


@pytest.mark.django_db(transaction=True)
def test_the_event_lock_is_refused_outside_a_transaction():
    event = EventFactory()
    with pytest.raises(transaction.TransactionManagementError):
        lock_event(event.pk)
    with transaction.atomic():
        assert lock_event(event.pk) == event
