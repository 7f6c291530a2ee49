"""Every PDF the site renders is counted by day and kind (documents, pages, kilobytes), for
the event's digital footprint, without the renderers knowing the footprint."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pdf import pdf_rendered
from day.badges import badge_for_registration, render_badges
from footprint.models import DocumentsGenerated
from tests.factories import RegistrationFactory, workshop_in_its_room

pytestmark = pytest.mark.django_db


def counts() -> dict[str, tuple[int, int]]:
    return {row.kind: (row.documents, row.pages) for row in DocumentsGenerated.objects.all()}


def test_an_attendee_downloading_their_badge_counts_one_badge_pdf(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    client.get("/en/my-registration/badge.pdf")
    client.get("/en/my-registration/badge.pdf")
    row = DocumentsGenerated.objects.get()
    assert (row.date, row.kind, row.documents, row.pages) == (timezone.localdate(), "badge", 2, 2)
    assert row.kilobytes > 2  # two PDFs of at least a kilobyte each


def test_each_kind_is_counted_apart_with_its_pages():
    registrations = RegistrationFactory.create_batch(3)
    badges = [badge_for_registration(registration) for registration in registrations]
    render_badges(badges, kind="badge_print_run")
    render_badges(badges[:1])
    assert counts() == {"badge_print_run": (1, 3), "badge": (1, 1)}


def test_sign_in_sheets_from_the_admin_are_counted(organiser_client):
    workshop = workshop_in_its_room(RegistrationFactory().event, "10:00", "11:00", capacity=10)
    organiser_client.post(
        reverse("admin:events_session_changelist"), {"action": "sign_in_sheets", "_selected_action": [workshop.pk]}
    )
    assert counts() == {"sign_in_sheets": (1, 1)}


def test_a_pdf_is_still_given_when_a_count_fails():
    def broken(sender, **kwargs):
        raise RuntimeError("the counter is gone")

    pdf_rendered.connect(broken)
    try:
        pdf = render_badges([badge_for_registration(RegistrationFactory())])
    finally:
        pdf_rendered.disconnect(broken)
    assert pdf.startswith(b"%PDF")
    assert counts() == {"badge": (1, 1)}
