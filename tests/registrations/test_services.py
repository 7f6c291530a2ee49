import datetime as dt

import pytest
from django.core import mail

from registrations.models import Registration, SeatReservation
from registrations.services import (
    RegistrationError,
    cancel_registration,
    register_attendee,
    seat_counts,
    seat_rows,
    seat_rows_of,
    set_event_capacity,
)
from tests.edition import OPEN, edition_moment, in_days
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SeatHoldFactory,
    SeatReservationFactory,
    UserFactory,
)
from tests.registering import details, register, register_as, register_invited, subjects_to

# Real commits, so that the e-mails queued on commit leave as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_registration_within_capacity_is_confirmed(event):
    registration = register(event, organisation="Sobriété & Cie")
    assert (registration.status, registration.organisation) == ("confirmed", "Sobriété & Cie")
    assert registration.accepted_terms_at == OPEN
    assert subjects_to(registration.user.email) == ["Your seat at Tech For Climate is confirmed"]


def test_registration_beyond_capacity_joins_the_waiting_list_in_order(event):
    for _ in range(3):
        register(event)
    waiting = [register(event) for _ in range(3)]
    assert [r.status for r in waiting] == ["waitlisted"] * 3
    assert [r.waiting_list_position() for r in waiting] == [1, 2, 3]
    assert subjects_to(waiting[1].user.email) == ["You are on the waiting list for Tech For Climate (position 2)"]


def test_the_waiting_list_email_gives_the_place_in_line_whenever_and_however_one_joins(event):
    for _ in range(3):
        register(event)
    first = register(event)

    def join(user, minutes):
        return register_attendee(event, user=user, details=details(), now=OPEN + dt.timedelta(minutes=minutes))

    later, earlier = join(UserFactory(), 60), join(UserFactory(), 30)  # `earlier` queued before `later`
    cancel_registration(first, now=OPEN + dt.timedelta(minutes=90))
    back = join(first.user, 120)  # the same row again, at the end of the line
    assert [r.waiting_list_position() for r in (earlier, later, back)] == [1, 2, 3]
    for registration, position in ((later, 2), (earlier, 2), (back, 3)):
        subject = f"You are on the waiting list for Tech For Climate (position {position})"
        assert subjects_to(registration.user.email)[-1] == subject


def test_registering_twice_returns_the_same_registration(event):
    user = UserFactory()
    first = register(event, user)
    second = register(event, user, organisation="Autre")
    assert second.pk == first.pk
    assert Registration.objects.filter(user=user).count() == 1
    assert Registration.objects.get(user=user).organisation == "Exemple SA"
    assert len(subjects_to(user.email)) == 1


@pytest.mark.parametrize(
    ("now", "code", "message"),
    [
        (edition_moment("before opening"), "not_open_yet", "Registration opens on"),
        (edition_moment("registration closed"), "closed", "Registration closed on"),
    ],
)
def test_registration_outside_its_window_is_refused(event, now, code, message):
    with pytest.raises(RegistrationError) as caught:
        register_attendee(event, user=UserFactory(), details=details(), now=now)
    assert caught.value.code == code
    assert caught.value.message.startswith(message)
    assert Registration.objects.count() == 0


def test_cancelling_a_confirmed_seat_promotes_the_first_in_line(event):
    confirmed = [register(event) for _ in range(3)]
    first_waiting, second_waiting = register(event), register(event)
    mail.outbox.clear()

    cancel_registration(confirmed[1])

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (first_waiting.status, second_waiting.status) == ("confirmed", "waitlisted")
    assert second_waiting.waiting_list_position() == 1
    assert Registration.objects.confirmed().count() == 3
    assert subjects_to(first_waiting.user.email) == ["A seat freed up: you are confirmed for Tech For Climate"]
    assert subjects_to(confirmed[1].user.email) == ["Your registration for Tech For Climate is cancelled"]


def test_cancelling_from_the_waiting_list_promotes_nobody(event):
    for _ in range(3):
        register(event)
    waiting, behind = register(event), register(event)
    cancel_registration(waiting)
    behind.refresh_from_db()
    assert (behind.status, behind.waiting_list_position()) == ("waitlisted", 1)


def test_cancelling_twice_is_a_no_op(event):
    registration = register(event)
    cancel_registration(registration)
    mail.outbox.clear()
    cancel_registration(registration)
    assert mail.outbox == []


def test_registering_again_after_cancelling_starts_afresh(event):
    user = UserFactory()
    registration = register(event, user)
    cancel_registration(registration)
    again = register(event, user, organisation="Nouvelle")
    assert (again.pk, again.status, again.organisation, again.cancelled_at) == (
        registration.pk,
        "confirmed",
        "Nouvelle",
        None,
    )


def test_raising_capacity_promotes_at_once(event):
    for _ in range(3):
        register(event)
    waiting = [register(event) for _ in range(3)]
    promoted = set_event_capacity(event, 5)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.confirmed().count() == 5
    assert Registration.objects.get(pk=waiting[2].pk).waiting_list_position() == 1


def test_lowering_capacity_removes_nobody_and_fills_no_freed_seat_above_it(event):
    confirmed = [register(event) for _ in range(3)]
    waiting = register(event)
    set_event_capacity(event, 1)
    assert Registration.objects.confirmed().count() == 3
    cancel_registration(confirmed[0])
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert register(event).status == "waitlisted"


# --- Reserved seats ---------------------------------------------------------------------------


def test_reserved_seats_wait_for_their_category_then_return_to_the_pool(event):
    event.capacity = 5
    event.save()
    until = in_days(25, "00:00")
    SeatReservation.objects.create(event=event, category="partner", seats=2, until=until)
    clients = [register_as(event, "client") for _ in range(4)]
    assert [r.status for r in clients] == ["confirmed"] * 3 + ["waitlisted"]
    partners = [register_invited(event, "partner") for _ in range(3)]
    assert [r.status for r in partners] == ["confirmed", "confirmed", "waitlisted"]
    assert Registration.objects.confirmed().count() == 5

    # A partner's seat that frees up goes to the next partner, not to the client first in line.
    cancel_registration(partners[0], now=OPEN)
    assert Registration.objects.get(pk=partners[2].pk).status == "confirmed"
    assert Registration.objects.get(pk=clients[3].pk).status == "waitlisted"


def test_emails_are_written_in_the_attendees_language(event):
    registration = register(event, UserFactory(language="fr"))
    message = mail.outbox[-1]
    assert message.to == [registration.user.email]
    assert message.subject == "Votre place pour Tech For Climate est confirmée"
    assert "Bonjour Camille" in message.body


def test_registering_again_after_a_cancellation_starts_afresh(event):
    registration = register(event)
    Registration.objects.filter(pk=registration.pk).update(reconfirmation_sent_at=OPEN, reconfirmed_at=OPEN)
    cancel_registration(registration, now=OPEN)
    again = register(event, user=registration.user)
    assert again.pk == registration.pk
    assert (again.status, again.reconfirmation_sent_at, again.reconfirmed_at) == ("confirmed", None, None)


@pytest.mark.django_db
def test_the_seat_count_compiled_once_counts_as_the_orm_does_at_every_moment():
    event, other = EventFactory(capacity=20), EventFactory(slug="another-event")
    RegistrationFactory.create_batch(3, event=event, category="client")
    RegistrationFactory(event=event, category="partner", category_vouched=True)
    RegistrationFactory(event=event, category="partner", category_vouched=False)
    RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=OPEN - dt.timedelta(hours=1))
    RegistrationFactory(event=event, status="waitlisted", confirmed_at=None, queued_at=OPEN + dt.timedelta(hours=1))
    RegistrationFactory(event=event, status="cancelled")
    SeatHoldFactory(event=event, category="partner", category_vouched=True, held_until=OPEN + dt.timedelta(hours=2))
    SeatReservationFactory(event=event, category="partner", seats=4, until=OPEN + dt.timedelta(hours=3))
    RegistrationFactory(event=other, category="client")

    def normalised(rows):  # SQLite's booleans come back as 0 and 1 through a bare cursor
        return sorted((kind, category, bool(vouched), count) for kind, category, vouched, count in rows)

    for hours in (0, 1.5, 2.5, 3.5):  # the second waiting person queued, the hold lapsed, the reservation ended
        now = OPEN + dt.timedelta(hours=hours)
        for event_ in (event, other):
            assert normalised(seat_rows_of.rows(event_.pk, now)) == normalised(seat_rows(event_, now))
    at_the_start, at_the_end = seat_counts(event, OPEN), seat_counts(event, OPEN + dt.timedelta(hours=3.5))
    assert (at_the_start.reserved, at_the_start.waiting_by_now) == ({"partner": 4}, 1)
    assert at_the_start.taken == {"": 4, "partner": 2}  # 3 clients and an unvouched partner; the hold
    assert (at_the_end.reserved, at_the_end.waiting_by_now, at_the_end.taken) == ({}, 2, {"": 4, "partner": 1})
