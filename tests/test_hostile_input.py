"""Hostile input: what a person types stays text, and cannot steer the PDF renderer."""

import io

import pytest
from pypdf import PdfReader

from registrations.badges import Badge, render_badges
from registrations.models import Registration
from techforclimate.pdf import ForbiddenResource, ProjectFilesOnly
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_markup_in_a_name_is_printed_as_text_on_the_badge(db):
    event = EventFactory()
    hostile = '<img src="http://127.0.0.1:9/steal"><link rel=stylesheet href="file:///etc/passwd">'
    pdf = render_badges([Badge(hostile, "Dupont", "Org", "client", "1.r1:x", event)])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<img" in text and "/etc/passwd" in text  # shown, not obeyed


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x", "https://example.org/a.css", "file:///etc/passwd", "ftp://example.org/f"]
)
def test_the_pdf_renderer_fetches_nothing_outside_the_projects_static_files(url):
    with pytest.raises(ForbiddenResource):
        ProjectFilesOnly().fetch(url)


def test_the_projects_own_stylesheet_is_allowed():
    from django.contrib.staticfiles import finders

    response = ProjectFilesOnly().fetch("file://" + finders.find("badges/badge.css"))
    assert b"Atkinson Hyperlegible" in response.read()


def test_extra_post_fields_change_nothing(client):
    event = EventFactory()
    other = UserFactory()
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.force_login(user)
    client.post(
        "/en/register/",
        {
            "first_name": "A",
            "last_name": "B",
            "organisation": "C",
            "job_title": "D",
            "category": "client",
            "accept_terms": "on",
            "status": "cancelled",
            "user": other.pk,
            "event": 999,
            "queued_at": "2020-01-01",
        },
    )
    registration = Registration.objects.get()
    assert (registration.user, registration.event, registration.status) == (user, event, "confirmed")


def test_the_admin_login_is_rate_limited_whatever_the_forwarded_for_header(client):
    from django.core.cache import cache

    from techforclimate.admin_login import MAX_FAILURES

    cache.clear()
    user = UserFactory(is_staff=True, email="orga@example.org")
    for attempt in range(MAX_FAILURES):
        response = client.post(
            "/en/admin/login/",
            {"username": "orga@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
        assert response.status_code == 200
    response = client.post(
        "/en/admin/login/",
        {"username": user.email, "password": "a-long-test-password"},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_registration_form_is_rate_limited_per_account(client):
    from django.core.cache import cache

    from registrations.views import REGISTRATION_POSTS_PER_MINUTE

    cache.clear()
    EventFactory()
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.force_login(user)
    statuses = [client.post("/en/register/", {}).status_code for _ in range(REGISTRATION_POSTS_PER_MINUTE + 1)]
    assert statuses == [200] * REGISTRATION_POSTS_PER_MINUTE + [429]
    other = UserFactory()
    other.emailaddress_set.create(email=other.email, verified=True, primary=True)
    client.force_login(other)
    assert client.post("/en/register/", {}).status_code == 200  # counted per account
