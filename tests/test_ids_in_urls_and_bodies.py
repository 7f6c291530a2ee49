"""Ids from URLs and bodies are bounded to what every id column holds, in one place
(core.converters.MAX_ID): a larger number in a URL is not found, in a body it is refused.

SQLite holds 64 bits: a number beyond them compared with a foreign key or in `IN (…)` was an
OverflowError, a server error; PostgreSQL's integer ends at 2147483647. The URL walk
(tests/url_walk) sends other hostile values to the same URLs."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import Resolver404, get_resolver, resolve
from django.utils import timezone, translation

from accounts.roles import ACCUEIL_GROUP
from core.converters import MAX_ID
from registrations.models import Registration
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, TravelDeclarationFactory
from tests.url_walk.routes import fill, route_parameters, walk

pytestmark = pytest.mark.django_db

# Beyond PostgreSQL's integer, and beyond 64 bits.
HUGE_IDS = [str(MAX_ID + 1), "99999999999999999999"]


def routes() -> list[str]:
    with translation.override("en"):
        return [route for route, _ in walk(get_resolver().url_patterns)]


def id_routes() -> list[str]:
    return [route for route in routes() if "<id:" in route]


@pytest.fixture
def superuser_everywhere(client, admin_user, organisers_group):
    """Logged in on `client`: a superuser at the desk, registered to the event, whom no view
    turns away before it reads the id."""
    event = EventFactory(date=timezone.localdate())
    admin_user.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    registration = RegistrationFactory(event=event, user=admin_user)
    client.force_login(admin_user)
    return registration


def test_no_url_takes_an_unbounded_integer():
    assert [route for route in routes() if "<int:" in route] == []
    assert len(id_routes()) >= 4  # the desk's print, a workshop's booking and cancel, a badge run's PDF


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_huge_id_in_a_url_is_not_found(client, superuser_everywhere, huge, method):
    answers = {}
    for route in id_routes():
        url = fill(route, dict.fromkeys(route_parameters(route), huge))
        # In the admin, the unmatched path is taken for an object's id (<path:object_id>/),
        # sent on to that object's change page: there is no such print run.
        answers[url] = getattr(client, method)(url, follow=True).status_code
    assert set(answers.values()) == {404}, answers


def resolved_route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


@translation.override("en")
def test_the_largest_id_is_matched_and_zero_is_not():
    for route in id_routes():
        parameters = route_parameters(route)
        match = resolve(fill(route, dict.fromkeys(parameters, str(MAX_ID))))
        assert (match.route, set(match.kwargs.values())) == (route, {MAX_ID})
        assert resolved_route(fill(route, dict.fromkeys(parameters, "0"))) != route


def test_the_largest_id_reaches_the_view_which_finds_no_such_row(client, superuser_everywhere):
    for route in id_routes():
        url = fill(route, dict.fromkeys(route_parameters(route), str(MAX_ID)))
        assert client.post(url).status_code in (404, 405), url


# Ids in bodies and queries.


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_huge_registration_picked_at_the_desk_is_a_message(client, superuser_everywhere, huge):
    response = client.post("/en/check-in/", {"registration": huge})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_blocking_a_huge_person_on_share_my_journey_changes_nothing(client, superuser_everywhere, huge):
    TravelDeclarationFactory(registration=superuser_everywhere, shares_journey=True)
    response = client.post("/en/my-registration/share-my-journey/block/", {"person": huge})
    assert response.status_code == 302


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_message_to_a_huge_recipient_is_a_form_error(client, superuser_everywhere, huge):
    TravelDeclarationFactory(registration=superuser_everywhere, shares_journey=True)
    response = client.post("/en/my-registration/share-my-journey/", {"recipient": huge, "body": "Hello"})
    assert response.status_code == 400


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_releasing_seats_of_huge_registrations_releases_none(client, superuser_everywhere, huge):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        "/en/admin/registrations/registration/release/",
        {"answer_by": yesterday.isoformat(), "confirm": "1", "registration": [huge]},
    )
    assert response.status_code in (200, 302)
    assert Registration.objects.filter(status="confirmed").count() == 1


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_huge_workshop_in_the_registrations_filter_lists_none(client, superuser_everywhere, huge):
    response = client.get("/en/admin/registrations/registration/", {"workshop": huge})
    assert response.status_code == 200


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_huge_speaker_chosen_for_a_session_is_a_form_error(client, superuser_everywhere, huge):
    session = SessionFactory(event=superuser_everywhere.event)
    response = client.post(f"/en/admin/events/session/{session.pk}/change/", {"speakers": [huge]})
    assert response.status_code == 200
    assert "speakers" in response.context["adminform"].form.errors
