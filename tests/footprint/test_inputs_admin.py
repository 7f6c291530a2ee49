"""Organisers enter what only they know of the event's footprint (hosting, the venue's
energy, the sign-in sheets printed) in the back office, with help for each figure."""

import pytest
from django.urls import reverse

from footprint.measured import digital_and_paper
from footprint.models import FootprintInputs
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_page() -> str:
    return reverse("admin:footprint_footprintinputs_add")


def test_an_organiser_enters_the_hosting_the_venue_and_the_sheets(organiser_client, organiser):
    event = EventFactory()
    page = organiser_client.get(add_page()).content.decode()
    assert "Servers or virtual machines that run the site" in page
    assert "French grid" in page and "A4 pages actually printed" in page
    response = organiser_client.post(
        add_page(),
        {
            "event": event.pk,
            "hosting_servers": "2",
            "hosting_hours": "100",
            "venue_kwh": "100",
            "sign_in_sheet_pages": "",
        },
    )
    assert response.status_code == 302
    inputs = FootprintInputs.objects.get()
    assert (inputs.hosting_servers, inputs.hosting_hours, inputs.venue_kwh, inputs.updated_by) == (
        2,
        100,
        100,
        organiser,
    )
    measured = digital_and_paper(event)
    assert measured.digital.parts[3][0] == "Hosting (2 servers × 100 hours)"
    assert measured.venue.declared.kg == pytest.approx(5.2)
    change = reverse("admin:footprint_footprintinputs_change", args=[inputs.pk])
    organiser_client.post(
        change, {"event": event.pk, "hosting_servers": "", "hosting_hours": "100", "venue_kwh": "100"}
    )
    assert digital_and_paper(event).digital.parts[3][0] == "Hosting: not entered by the organisers"


def test_a_wrong_figure_is_explained_and_what_was_typed_is_kept(organiser_client):
    event = EventFactory()
    response = organiser_client.post(add_page(), {"event": event.pk, "hosting_servers": "-1", "venue_kwh": "beaucoup"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a number." in page
    assert 'value="beaucoup"' in page
    assert FootprintInputs.objects.count() == 0


def test_other_staff_cannot_open_the_inputs(client):
    client.force_login(UserFactory(is_staff=True, totp=True))
    assert client.get(add_page()).status_code == 403


def test_the_dashboard_links_to_the_inputs(organiser_client):
    EventFactory()
    page = organiser_client.get(reverse("admin:registrations_registration_dashboard")).content.decode()
    assert reverse("admin:footprint_footprintinputs_changelist") in page
