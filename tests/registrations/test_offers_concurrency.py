"""Seat offers under real concurrent transactions on PostgreSQL: offers accepted at the very
moment they expire, cancellations and the sweep, all at once, end in one outcome each and
never two people in one seat."""

import datetime as dt
import random
import threading

import pytest
from django.db import connection

from mail.models import OutgoingEmail
from registrations.models import Registration
from registrations.offer_links import offer_token, read_offer_token
from registrations.offers import accept_offer, sweep_offers
from registrations.services import RegistrationError, cancel_registration
from tests.concurrency import run_concurrently
from tests.edition import days_before_the_event
from tests.factories import EventFactory, RegistrationFactory

CAPACITY = 20
LAST_DAYS = days_before_the_event(5, "12:00")  # the factories' event: offers from seven days before


def emails(registration, kind):
    return OutgoingEmail.objects.filter(registration=registration, kind=kind).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_offers_accepted_as_they_expire_cancellations_and_the_sweep_at_once_never_share_a_seat():
    event = EventFactory(capacity=CAPACITY)
    confirmed = RegistrationFactory.create_batch(CAPACITY, event=event)
    for index in range(40):
        RegistrationFactory(
            event=event,
            status="waitlisted",
            confirmed_at=None,
            queued_at=LAST_DAYS - dt.timedelta(days=30, minutes=-index),
        )
    for registration in confirmed[:10]:
        cancel_registration(registration, now=LAST_DAYS)
    offered = list(Registration.objects.filter(event=event, status="offered").order_by("queued_at"))
    assert len(offered) == 10
    deadline = offered[0].offer_expires_at
    assert all(r.offer_expires_at == deadline for r in offered)
    links = {r.pk: read_offer_token(offer_token(r)) for r in offered}
    # Half of the offered also cancel at that moment; the others only accept.
    cancelling_offered, accepting_only = offered[:5], offered[5:]

    samples, sampling = [], threading.Event()

    def sample():
        while not sampling.is_set():
            samples.append(Registration.objects.holding_a_seat().filter(event=event).count())
        connection.close()

    jobs = (
        # Each offer accepted twice (a double click), a microsecond before its deadline.
        [("accept", r) for r in offered for _ in range(2)]
        + [("cancel", r) for r in confirmed[10:20]]
        + [("cancel", r) for r in cancelling_offered]
        + [("sweep", None)] * 20
    )
    random.Random(17).shuffle(jobs)
    refusals = []

    def run(job):
        kind, registration = job
        if kind == "accept":
            try:
                accept_offer(registration, link=links[registration.pk], now=deadline - dt.timedelta(microseconds=1))
            except RegistrationError as error:
                refusals.append(error.code)
        elif kind == "cancel":
            cancel_registration(registration, now=deadline)
        else:
            sweep_offers(now=deadline)

    sampler = threading.Thread(target=sample)
    sampler.start()
    errors = run_concurrently(run, jobs, threads=45)
    sampling.set()
    sampler.join()

    assert errors == []
    assert set(refusals) <= {"offer_expired", "no_offer"}
    assert max(samples) <= CAPACITY and len(samples) > 5
    # Every seat is held by exactly one person: the waiting list was long enough to fill them.
    holding = Registration.objects.holding_a_seat().filter(event=event)
    assert holding.count() == CAPACITY
    assert sweep_offers(now=deadline) == 0  # nothing left behind
    assert not holding.filter(status="offered", offer_expires_at__lte=deadline).exists()

    for registration in accepting_only:
        registration.refresh_from_db()
        # One outcome: the seat taken in time, or the offer lapsed and passed on — never both.
        if registration.is_confirmed:
            assert registration.offer_lapsed_at is None
            assert (emails(registration, "promoted"), emails(registration, "offer_lapsed")) == (1, 0)
        else:
            assert registration.is_waitlisted and registration.offer_lapsed_at == deadline
            assert (emails(registration, "promoted"), emails(registration, "offer_lapsed")) == (0, 1)
    for registration in cancelling_offered:
        registration.refresh_from_db()
        assert registration.is_cancelled
        assert emails(registration, "promoted") <= 1
    for registration in Registration.objects.filter(event=event):
        assert emails(registration, "seat_offered") <= 1
        assert emails(registration, "promoted") <= 1
        if registration.offer_lapsed_at is not None:
            # A lapsed offer is never made again.
            assert registration.status in {"waitlisted", "cancelled"}
