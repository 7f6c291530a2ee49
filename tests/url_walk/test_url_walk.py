"""No parameter ever causes a server error.

Every URL pattern of the project, for every role, is sent GET and POST requests with hostile
values in every parameter the view reads. The parameters are found two ways: the keys the
view looks up in `request.GET` / `request.POST` while answering a first, plain request (the
QueryDict is watched), and the names of the fields and links of the page it returned (the
admin's filters, forms and actions). Path parameters get hostile values too. Any 5xx answer,
or an exception escaping the view, is a failure listing what was sent.

The values and the watching are in hostile.py, the objects and roles in world.py (the
`world` fixture in conftest.py), the URL patterns in routes.py, the requests in walker.py."""

import re

import pytest
from django.urls import get_resolver

from day.models import BadgePrintRun
from events import editions
from tests.factories import EventFactory, RegistrationFactory
from tests.url_walk.hostile import HOSTILE_PATH_VALUES
from tests.url_walk.routes import fill, is_stock_admin_view, real_path_values, route_parameters, walk
from tests.url_walk.walker import Walk

pytestmark = [pytest.mark.django_db, pytest.mark.walk]


def test_no_parameter_of_any_url_causes_a_server_error(client, world, quiet_logs):
    walk_ = Walk(client, world)
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 150  # the walk sees the whole project, admin included
    for route, pattern in routes:
        real = real_path_values(route, pattern, world)
        url = fill(route, real)
        for role in world.roles:
            if not walk_.attack(role, url, stock_admin=is_stock_admin_view(pattern)):
                continue  # turned away at the door (or walked already): so would hostile paths be
            for name in route_parameters(route):
                for value in HOSTILE_PATH_VALUES[:3] if is_stock_admin_view(pattern) else HOSTILE_PATH_VALUES:
                    hostile_url = fill(route, real | {name: value})
                    walk_.send(role, "get", hostile_url)
                    walk_.send(role, "post", hostile_url)
    print(
        f"\nURL walk: {len(routes)} URL patterns, {len(walk_.parameters)} (URL, parameter) pairs, "
        f"{walk_.requests} requests"
    )
    failures = sorted(set(walk_.failures))
    assert failures == [], "\n".join(failures)


def test_every_page_of_both_editions_answers_with_its_own_rows(client, world, quiet_logs):
    """Each edition's pages (its URLconf: /2026/…, /en/2026/…), for every role, with the
    other edition's rows in the database: a page that read one of them would fail here
    (events.editions' guard), as would any 5xx."""
    walk_ = Walk(client, world)
    for edition in (world, world.past):
        routes = [
            (route, pattern)
            for route, pattern in walk(get_resolver(editions.urlconf_of(edition.event)).url_patterns)
            if f"{edition.event.edition}/" in route
        ]
        assert len(routes) > 150, edition.event  # the edition's pages, its back office included
        for route, pattern in routes:
            url = fill(route, real_path_values(route, pattern, edition))
            for role in world.roles:
                walk_.send(role, "get", url)
                if not is_stock_admin_view(pattern):
                    walk_.send(role, "post", url)
    print(f"\nBoth editions: {walk_.requests} requests")
    failures = sorted(set(walk_.failures))
    assert failures == [], "\n".join(failures)


# The defects the walk found, each as a person would meet it.


@pytest.mark.parametrize("registration", ["abc", "١٢٣x", "9" * 5000, "-1", "a\x00b"])
def test_a_malformed_registration_posted_to_the_desk_is_a_message_not_an_error(desk_client, registration):
    response = desk_client.post("/en/check-in/", {"registration": registration})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_malformed_search_at_the_desk_is_a_message_not_an_error(desk_client):
    response = desk_client.get("/en/check-in/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("shift", ["²³", "9" * 5000, "-5", "101", "abc"])
def test_an_impossible_share_on_the_dashboard_is_a_form_error_and_the_default(organiser_client, shift):
    EventFactory()
    response = organiser_client.get("/en/admin/registrations/registration/dashboard/", {"shift": shift})
    assert response.status_code == 200
    assert response.context["shift_percent"] == 50
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("export", ["export.csv", "export.xlsx"])
def test_an_export_with_a_filter_the_list_does_not_have_goes_back_to_the_list(organiser_client, export):
    response = organiser_client.get(f"/en/admin/registrations/registration/{export}", {"no_such_filter": "1"})
    assert (response.status_code, response["Location"]) == (302, "/en/admin/registrations/registration/?e=1")


def test_an_action_on_a_selection_that_is_not_ids_shows_a_message(organiser_client):
    RegistrationFactory()
    response = organiser_client.post(
        "/en/admin/registrations/registration/",
        {"action": "resend_confirmation", "_selected_action": ["abc"], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection is not valid" in response.content.decode()


def test_a_missing_badge_pdf_is_not_found(organiser_client):
    run = BadgePrintRun.objects.create(
        event=EventFactory(), source="confirmed", status=BadgePrintRun.Status.READY, file="gone.pdf"
    )
    response = organiser_client.get(f"/en/admin/day/badgeprintrun/{run.pk}/download/")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/en/invitation/a%00b/", "/en/register/colleague/a%00b/"])
def test_a_link_token_with_a_nul_byte_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_french_and_english_urls_take_the_same_parameters_with_the_same_converters():
    """The walk runs in English; a translated route must not loosen a converter."""
    from django.utils import translation

    def converters():
        return [re.findall(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", route) for route, _ in walk(get_resolver().url_patterns)]

    english = converters()
    with translation.override("fr"):
        french = converters()
    assert french == english
