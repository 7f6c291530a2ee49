"""The site through the life of an edition: at each moment (before registration opens, open,
full with a waiting list, the last week of offers, registration closed, the last 24 hours,
the day at the desk, the day after, a year later) every page of the project, for every role,
answers without a server error, and the pages a person opens then say what that moment
means for them.

The world is made while registration is open, as it would be; the clock then moves to the
moment (tests.edition.edition_moment), for the whole request: views, services, templates."""

import pytest
from django.urls import get_resolver

from day.models import CheckIn
from registrations.models import Registration
from tests.edition import EDITION_MOMENTS, spelled
from tests.factories import RegistrationFactory, UserFactory
from tests.url_walk.routes import fill, real_path_values, walk
from tests.url_walk.walker import Walk
from tests.url_walk.world import make_world

pytestmark = pytest.mark.django_db

# What the home page says at each moment (English).
HOME_SAYS = {
    "before opening": "Registration is open from",
    "open": "Registration is open until",
    "full": "Registration is open until",
    "the last week": "Registration is open until",
    "registration closed": "Registration closed on",
    "the last 24 hours": "Registration closed on",
    "the day": "It is today: doors open at 08:30.",
    "the day after": "This edition is over: it took place on",
    "a year later": "This edition is over: it took place on",
}
# What the registration page says to someone not registered yet.
REGISTER_SAYS = {
    "before opening": "Registration opens on",
    "open": 'name="first_name"',
    "full": "waiting list",
    "the last week": "waiting list",
    "registration closed": "Registration closed on",
    "the last 24 hours": "Registration closed on",
    "the day": "Registration closed on",
    "the day after": "Registration closed on",
    "a year later": "Registration closed on",
}


def fill_the_event(world):
    """Every seat taken and one person waiting."""
    event = world.event
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    event.capacity = confirmed
    event.save()
    RegistrationFactory(event=event, status="waitlisted", queued_at=world.made_at, confirmed_at=None)


@pytest.mark.parametrize("moment", [*EDITION_MOMENTS[:2], "full", *EDITION_MOMENTS[2:]])
def test_every_page_answers_at_every_moment_of_the_edition_and_says_what_it_means(
    client, organisers_group, clock, quiet_logs, moment
):
    world = make_world()
    if moment == "full":
        fill_the_event(world)
    if moment in ("the last week", "registration closed", "the last 24 hours"):
        fill_the_event(world)  # the phases of offers and of a list that stops moving
    if EDITION_MOMENTS.index("open" if moment == "full" else moment) < EDITION_MOMENTS.index("the day"):
        CheckIn.objects.all().delete()  # the world's arrival at the door: none before the day
    newcomer = UserFactory(verified=True)
    world.roles["newcomer"] = newcomer
    when = clock.move_to("open" if moment == "full" else moment)

    walk_ = Walk(client, world)
    pages = 0
    for route, pattern in walk(get_resolver().url_patterns):
        url = fill(route, real_path_values(route, pattern, world))
        for role in world.roles:
            walk_.send(role, "get", url)
            pages += 1
    assert pages > 600
    assert sorted(set(walk_.failures)) == [], f"at {moment} ({when:%Y-%m-%d %H:%M}):\n" + "\n".join(walk_.failures)

    home = walk_.send("anonymous", "get", "/en/").content.decode()
    assert HOME_SAYS[moment] in home
    register = walk_.send("newcomer", "get", "/en/register/").content.decode()
    assert REGISTER_SAYS[moment] in register
    mine = walk_.send("attendee", "get", "/en/my-registration/").content.decode()
    if moment in ("the day after", "a year later"):
        assert f"This edition took place on {spelled(world.event.date)}." in mine
        assert "Cancel my registration" not in mine
    elif moment == "the day":
        assert "You were checked in at" in mine
        assert "Cancel my registration" not in mine and "Pass my seat" not in mine
    else:
        assert "Your seat is confirmed." in mine
        assert "Cancel my registration" in mine


def test_after_the_day_an_attendee_can_no_longer_cancel(client, clock):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    clock.move_to("the day after")
    response = client.post("/en/my-registration/cancel/", follow=True)
    assert "This edition is over: a registration can no longer be cancelled." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_day_before_the_end_an_attendee_can_still_cancel(client, clock):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    clock.move_to("the last 24 hours")
    client.post("/en/my-registration/cancel/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
