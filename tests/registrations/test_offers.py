"""A waiting list that knows the date: a freed seat confirms the next person at once until
the last days, is offered with a deadline in the last days, and is left for the door after
the cut-off; offers accepted in one click, lapsing and passing on, the list closed once."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.editions import addresses_of
from mail.models import OutgoingEmail
from mail.rendering import render
from registrations.models import Registration
from registrations.offer_links import offer_token, read_offer_token
from registrations.offers import accept_offer, refresh_offer, sweep_offers
from registrations.services import RegistrationError, cancel_registration, set_event_capacity
from tests.edition import OPEN, days_after_the_event, days_before_the_event, spelled
from tests.factories import EventFactory, UserFactory
from tests.registering import details, register_as, register_invited

EVENT_CAPACITY = 2
# The factories' event, doors at 08:30. Offers from seven days before 08:30, cut-off the day
# before at 08:30 (24 hours before the doors).
BEFORE_OFFERS = days_before_the_event(8, "12:00")
LAST_DAYS = days_before_the_event(5, "12:00")
CUTOFF = days_before_the_event(1, "08:30")


@pytest.fixture
def full(event):
    """Two confirmed, three waiting (in that order)."""
    confirmed = [register_as(event, "client") for _ in range(2)]
    waiting = [register_as(event, "client", now=OPEN + dt.timedelta(minutes=i)) for i in range(1, 4)]
    assert all(r.is_waitlisted for r in waiting)
    return confirmed, waiting


def kinds_of(registration):
    return list(OutgoingEmail.objects.filter(registration=registration).order_by("pk").values_list("kind", flat=True))


def status_of(registration):
    registration.refresh_from_db()
    return registration.status


def offer_to_first_in_line(full, now=LAST_DAYS):
    confirmed, waiting = full
    cancel_registration(confirmed[0], now=now)
    waiting[0].refresh_from_db()
    return waiting[0]


# --- The calendar -----------------------------------------------------------------------------


def test_until_the_last_days_a_freed_seat_confirms_the_next_person_at_once(event, full):
    confirmed, waiting = full
    cancel_registration(confirmed[0], now=BEFORE_OFFERS)

    assert status_of(waiting[0]) == "confirmed"
    assert kinds_of(waiting[0])[-1] == "promoted"
    assert status_of(waiting[1]) == "waitlisted"


def test_in_the_last_days_a_freed_seat_is_offered_to_the_next_person_with_a_deadline(event, full):
    offered = offer_to_first_in_line(full)

    assert offered.status == "offered"
    assert offered.offer_expires_at == LAST_DAYS + dt.timedelta(hours=24)
    assert offered.queued_at is not None  # keeps their place in line
    assert kinds_of(offered)[-1] == "seat_offered"
    # The offered seat counts as taken: nobody else gets it meanwhile.
    assert status_of(full[1][1]) == "waitlisted"
    assert Registration.objects.holding_a_seat().filter(event=event).count() == EVENT_CAPACITY


def test_the_offer_window_is_an_event_setting_and_never_passes_the_cutoff(event, full):
    event.offer_window_hours = 6
    event.save()
    assert offer_to_first_in_line(full).offer_expires_at == LAST_DAYS + dt.timedelta(hours=6)

    event.offer_window_hours = 24
    event.save()
    late = days_before_the_event(2, "20:00")
    cancel_registration(full[0][1], now=late)
    full[1][1].refresh_from_db()
    assert full[1][1].offer_expires_at == CUTOFF


def test_after_the_cutoff_nobody_is_promoted_and_the_seat_stays_free_for_the_door(event, full):
    confirmed, waiting = full
    cancel_registration(confirmed[0], now=CUTOFF)

    assert [status_of(r) for r in waiting] == ["waitlisted"] * 3
    assert all("promoted" not in kinds_of(r) and "seat_offered" not in kinds_of(r) for r in waiting)
    assert Registration.objects.holding_a_seat().filter(event=event).count() == 1


def test_a_cancellation_after_the_event_promotes_nobody(event, full):
    confirmed, waiting = full
    cancel_registration(confirmed[0], now=days_after_the_event(1))
    assert status_of(waiting[0]) == "waitlisted"


def test_raising_the_capacity_in_the_last_days_makes_offers_too(event, full):
    with_time = LAST_DAYS
    set_event_capacity(event, 3)  # now, today: before the offers of the factories' event
    assert status_of(full[1][0]) == "confirmed"
    cancel_registration(full[0][0], now=with_time)
    assert status_of(full[1][1]) == "offered"


def test_people_still_waiting_are_told_once_that_the_list_is_closed(event, full):
    confirmed, waiting = full
    sweep_offers(now=CUTOFF - dt.timedelta(minutes=1))
    assert all("list_closed" not in kinds_of(r) for r in waiting)

    sweep_offers(now=CUTOFF)
    sweep_offers(now=CUTOFF + dt.timedelta(minutes=5))
    cancel_registration(confirmed[0], now=CUTOFF + dt.timedelta(hours=1))
    sweep_offers(now=CUTOFF + dt.timedelta(hours=2))

    for registration in waiting:
        assert kinds_of(registration).count("list_closed") == 1
        registration.refresh_from_db()
        assert registration.list_closed_told_at == CUTOFF
    assert "list_closed" not in kinds_of(confirmed[1])


# --- Accepting ------------------------------------------------------------------------------


def test_an_offer_accepted_in_time_confirms_the_seat_with_the_agenda_once(event, full):
    offered = offer_to_first_in_line(full)

    accept_offer(offered, now=LAST_DAYS + dt.timedelta(hours=23))
    accept_offer(offered, now=LAST_DAYS + dt.timedelta(hours=23, minutes=1))  # a double click

    assert status_of(offered) == "confirmed"
    assert offered.queued_at is None
    assert kinds_of(offered).count("promoted") == 1
    email = OutgoingEmail.objects.get(registration=offered, kind="promoted")
    assert any(name.endswith(".ics") for name, *_ in render(email).attachments)


def test_an_offer_accepted_at_its_deadline_is_refused_and_passes_to_the_next_person(event, full):
    offered = offer_to_first_in_line(full)

    with pytest.raises(RegistrationError) as refused:
        accept_offer(offered, now=offered.offer_expires_at)

    assert refused.value.code == "offer_expired"
    assert "no seat will be offered to you again" in refused.value.message
    offered.refresh_from_db()
    assert offered.status == "waitlisted" and offered.offer_lapsed_at is not None
    assert status_of(full[1][1]) == "offered"
    # Trying again later changes nothing.
    with pytest.raises(RegistrationError):
        accept_offer(offered, now=offered.offer_expires_at + dt.timedelta(hours=1))
    assert Registration.objects.holding_a_seat().filter(event=event).count() == EVENT_CAPACITY


def test_only_an_offered_person_can_accept(event, full):
    with pytest.raises(RegistrationError) as refused:
        accept_offer(full[1][2], now=LAST_DAYS)
    assert refused.value.code == "no_offer"
    assert status_of(full[1][2]) == "waitlisted"


# --- Lapse and pass on ----------------------------------------------------------------------


def test_the_sweep_lets_an_offer_lapse_passes_it_on_and_never_offers_it_again(event, full):
    confirmed, waiting = full
    offered = offer_to_first_in_line(full)
    deadline = offered.offer_expires_at

    assert sweep_offers(now=deadline - dt.timedelta(seconds=1)) == 0
    assert status_of(offered) == "offered"
    assert sweep_offers(now=deadline) == 1
    assert sweep_offers(now=deadline) == 0

    offered.refresh_from_db()
    assert (offered.status, offered.offer_lapsed_at) == ("waitlisted", deadline)
    assert kinds_of(offered)[-1] == "offer_lapsed"
    assert status_of(waiting[1]) == "offered"
    # Another seat frees up: it goes to the next one, not back to the lapsed person.
    cancel_registration(confirmed[1], now=deadline + dt.timedelta(hours=1))
    assert status_of(waiting[2]) == "offered"
    assert status_of(offered) == "waitlisted"
    assert kinds_of(offered).count("seat_offered") == 1


def test_an_offer_lapses_when_someone_looks_before_the_sweep(event, full):
    offered = offer_to_first_in_line(full)
    refresh_offer(offered, now=offered.offer_expires_at - dt.timedelta(seconds=1))
    assert status_of(offered) == "offered"

    refresh_offer(offered, now=offered.offer_expires_at)
    assert offered.status == "waitlisted"
    assert status_of(full[1][1]) == "offered"


def test_an_offered_person_who_cancels_passes_the_seat_on(event, full):
    offered = offer_to_first_in_line(full)
    cancel_registration(offered, now=LAST_DAYS + dt.timedelta(hours=1))
    assert status_of(full[1][1]) == "offered"
    assert Registration.objects.holding_a_seat().filter(event=event).count() == EVENT_CAPACITY


def test_a_reserved_seat_is_offered_to_the_first_of_its_category(event):
    from registrations.models import SeatReservation

    SeatReservation.objects.create(event=event, category="partner", seats=1, until=days_before_the_event(0, "00:00"))
    partner = register_invited(event, "partner")
    register_as(event, "client")
    client = register_as(event, "client", now=OPEN + dt.timedelta(minutes=1))
    second_partner = register_invited(event, "partner", now=OPEN + dt.timedelta(minutes=2))
    assert client.is_waitlisted and second_partner.is_waitlisted

    cancel_registration(partner, now=LAST_DAYS)
    assert (status_of(client), status_of(second_partner)) == ("waitlisted", "offered")


# --- The e-mails ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_offer_email_gives_the_deadline_and_the_one_click_link_in_the_persons_language(event, full, language):
    offered = full[1][0]
    offered.user.language = language
    offered.user.save()
    offered = offer_to_first_in_line(full)

    rendered = render(OutgoingEmail.objects.get(registration=offered, kind="seat_offered"))

    # The token carries the second it was signed at, so compare what it says, not its bytes.
    with translation.override(language), addresses_of(event):  # an e-mail's links name its edition
        prefix = reverse("registrations:offer", args=["TOKEN"]).removesuffix("TOKEN/")
    token = re.search(re.escape(f"http://127.0.0.1:8000{prefix}") + r"([^/\s]+)/", rendered.text).group(1)
    assert read_offer_token(token).registration_id == offered.pk
    assert ("/en/" in prefix) == (language == "en")
    assert f"{spelled(LAST_DAYS.date() + dt.timedelta(days=1), language)}, 12:00" in rendered.text
    assert event.name in rendered.subject


def test_the_lapsed_and_list_closed_emails_render(event, full):
    offered = offer_to_first_in_line(full)
    sweep_offers(now=offered.offer_expires_at)
    sweep_offers(now=CUTOFF)
    for kind in ("offer_lapsed", "list_closed"):
        rendered = render(OutgoingEmail.objects.filter(registration=offered, kind=kind).get())
        assert rendered.text.startswith("Hello Camille,")
        assert event.name in rendered.subject


# --- The pages ------------------------------------------------------------------------------


@pytest.fixture
def soon(db):
    """The event in three days: offers are made now, the pages run at the real time."""
    event = EventFactory(capacity=1, date=timezone.localdate() + dt.timedelta(days=3))
    first = UserFactory(verified=True, language="en")
    from registrations.services import register_attendee

    now = timezone.now()
    leaving = register_attendee(event, user=UserFactory(), details=details(), now=OPEN)
    waiting = register_attendee(event, user=first, details=details(), now=OPEN)
    second = register_attendee(event, user=UserFactory(), details=details(), now=OPEN + dt.timedelta(minutes=1))
    cancel_registration(leaving, now=now)
    waiting.refresh_from_db()
    assert waiting.is_offered
    return waiting, second


def offer_url(registration, language):
    with translation.override(language):
        return reverse("registrations:offer", args=[offer_token(registration)])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ['<html lang="fr">']),
        ("en", ['<html lang="en">', "Accept the seat", "A seat is offered to you, Camille"]),
    ],
)
def test_the_link_shows_the_offer_and_one_post_button_without_login_and_a_get_changes_nothing(
    client, soon, language, words
):
    offered, _second = soon
    emails_before = OutgoingEmail.objects.count()

    response = client.get(offer_url(offered, language))

    assert response.status_code == 200
    page = response.content.decode()
    for word in words:
        assert word in page
    assert '<form method="post">' in page and "csrfmiddlewaretoken" in page
    assert status_of(offered) == "offered"
    assert OutgoingEmail.objects.count() == emails_before


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_post_accepts_and_a_replayed_link_changes_nothing(client, soon, language):
    offered, _second = soon
    url = offer_url(offered, language)

    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert status_of(offered) == "confirmed"
    confirmed = {"fr": "Votre place est confirmée. Rendez-vous le jour J", "en": "Your seat is confirmed. See you on"}
    assert confirmed[language] in response.content.decode()

    again = client.post(url)
    assert again.status_code == 302
    assert kinds_of(offered).count("promoted") == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_altered_or_garbled_link_is_refused(client, soon, language):
    offered, _second = soon
    token = offer_token(offered)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense", token.replace(":", "", 1)):
        with translation.override(language):
            url = reverse("registrations:offer", args=[bad])
        assert client.post(url).status_code == 404
        assert client.get(url).status_code == 404
    assert status_of(offered) == "offered"
    # A genuine link, but for another offer than the registration's: refused too.
    offered.offer_expires_at += dt.timedelta(seconds=5)
    assert client.get(offer_url(offered, language)).status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_link_followed_after_the_deadline_is_refused_and_the_seat_passes_on(client, soon, language):
    offered, second = soon
    Registration.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    offered.refresh_from_db()
    url = offer_url(offered, language)

    response = client.post(url)

    assert response.status_code == 410
    assert status_of(offered) == "waitlisted"
    assert status_of(second) == "offered"
    if language == "en":
        assert "no seat will be offered to you again" in response.content.decode()
    assert client.get(url).status_code == 410


@pytest.mark.parametrize("language", ["fr", "en"])
def test_my_registration_shows_the_offer_its_deadline_and_the_accept_button(client, soon, language):
    offered, _second = soon
    client.force_login(offered.user)
    with translation.override(language):
        mine, accept = reverse("registrations:mine"), reverse("registrations:accept_offer")
    page = client.get(mine)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{accept}"' in html
    deadline = timezone.localtime(offered.offer_expires_at)
    assert f"{deadline:%H:%M}" in html and str(deadline.year) in html

    assert client.get(accept).status_code == 405  # a GET changes nothing
    assert status_of(offered) == "offered"
    client.post(accept)
    assert status_of(offered) == "confirmed"


def test_my_registration_lets_an_expired_offer_lapse_when_looked_at(client, soon):
    offered, second = soon
    Registration.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(offered.user)

    html = client.get("/en/my-registration/").content.decode()

    assert status_of(offered) == "waitlisted"
    assert status_of(second) == "offered"
    assert "Accept the seat" not in html
    response = client.post("/en/my-registration/accept-offer/", follow=True)
    assert "No seat is offered to you" in response.content.decode() or "no seat will be offered" in (
        response.content.decode()
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("token", ["a\x00b", "é", "a" * 500])
def test_a_link_token_with_a_nul_byte_or_garbage_is_not_found(client, db, language, token):
    with translation.override(language):
        path = reverse("registrations:offer", args=[token])
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
