"""A slip in a figure the footprint computes with (a sign too many, Wh typed for kWh) is
refused where it is typed, with what to check, and by the database; a row that holds one
anyway (written before the bounds existed, or by hand) is counted as not entered, and the
public page and the dashboard say so instead of failing, in both languages."""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from footprint import totals
from footprint.models import (
    MAX_CAR_OCCUPANTS,
    MAX_HOSTING_HOURS,
    MAX_SIGN_IN_SHEET_PAGES,
    MAX_VENUE_KWH,
    FootprintInputs,
    TravelDeclaration,
)
from footprint.statements import organisation_statements
from tests.factories import EventFactory, RegistrationFactory
from tests.html import assert_valid_accessible_html

pytestmark = pytest.mark.django_db

TGV = {"distance_km": 400, "mode": "tgv", "meal": "vegan"}
MARKER = "Invalid entry, counted as not entered: %(entries)s"
NOT_NEGATIVE = "This figure cannot be negative."


@pytest.fixture
def event():
    """A published footprint: two attendees, one of whom declared a trip."""
    event = EventFactory(footprint_published=True)
    TravelDeclaration.objects.create(registration=RegistrationFactory(event=event), **TGV)
    RegistrationFactory(event=event)
    return event


def gettext_in(lang: str, message: str) -> str:
    with translation.override(lang):
        return gettext(message)


def in_language(lang: str, message: str, **params) -> str:
    """`message` as a page in `lang` shows it (its parameters escaped, as the page does)."""
    return gettext_in(lang, message) % {name: escape(value) for name, value in params.items()}


def pages(lang: str) -> list[str]:
    with translation.override(lang):
        return [reverse("footprint:public"), reverse("admin:registrations_registration_dashboard")]


def seen(client, url: str, lang: str | None = None) -> str:
    """The page as a person sees it: a server error is a 500 here, as in the browser, not an
    exception in the test. With `lang`, a site page's HTML is checked too."""
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if lang:
        assert_valid_accessible_html(response, lang)
    return response.content.decode()


@contextmanager
def checks_off(model):
    """Let a statement write what the table's CHECK constraints refuse, as a row written before
    they existed (or by hand) holds it: the only honest way to put such a row in front of the
    pages, since the database now refuses it. SQLite ignores CHECKs for the connection while
    asked; on PostgreSQL the table's CHECKs are dropped inside the test's transaction, whose
    rollback puts them back (the foreign keys' deferred checks are run first, since a table
    cannot be altered while they are pending)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
            return
        table = model._meta.db_table
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'", [table])
        checks, quote = [name for (name,) in cursor.fetchall()], connection.ops.quote_name
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in checks:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("typed", "field", "message", "limit"),
    [
        ({"venue_kwh": "-120"}, "venue_kwh", NOT_NEGATIVE, None),
        (
            {"venue_kwh": "20000000"},
            "venue_kwh",
            "At most %(limit_value)s kWh: check the unit, a meter may count in Wh.",
            MAX_VENUE_KWH,
        ),
        (
            {"hosting_servers": "2", "hosting_hours": "2000000000"},
            "hosting_hours",
            "At most %(limit_value)s hours, two years around the clock: the hours of each server, not all of them.",
            MAX_HOSTING_HOURS,
        ),
        (
            {"sign_in_sheet_pages": "250000"},
            "sign_in_sheet_pages",
            "At most %(limit_value)s pages: the A4 pages printed, not the names on them.",
            MAX_SIGN_IN_SHEET_PAGES,
        ),
    ],
)
def test_a_slip_in_the_inputs_is_refused_and_the_pages_stay_up(
    organiser_client, event, lang, typed, field, message, limit
):
    with translation.override(lang):
        add = reverse("admin:footprint_footprintinputs_add")
    response = organiser_client.post(add, {"event": event.pk} | typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert in_language(lang, message, **({"limit_value": str(limit)} if limit else {})) in page
    assert f'value="{typed[field]}"' in page  # what was typed is kept, to be corrected
    assert FootprintInputs.objects.count() == 0
    for url in pages("en") + pages("fr"):
        seen(organiser_client, url)


def test_a_slip_in_a_trip_is_refused_in_the_admin(admin_client, event):
    declaration = TravelDeclaration.objects.get()
    change = reverse("admin:footprint_traveldeclaration_change", args=[declaration.pk])
    fields = {"event": event.pk, "town": "", "mode": "car_thermal", "return_trip": "on", "meal": "vegan"}
    response = admin_client.post(change, fields | {"distance_km": "-400", "car_occupants": "12"})
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_NEGATIVE in page
    assert f"At most {MAX_CAR_OCCUPANTS} people in a car, the driver included." in page
    declaration.refresh_from_db()
    assert (declaration.distance_km, declaration.car_occupants) == (400, 1)


def test_the_database_refuses_a_figure_out_of_bounds(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        FootprintInputs.objects.create(event=event, venue_kwh=-120)
    with pytest.raises(IntegrityError), transaction.atomic():
        FootprintInputs.objects.create(event=event, hosting_hours=MAX_HOSTING_HOURS + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TravelDeclaration.objects.update(distance_km=-400)
    FootprintInputs.objects.create(event=event, venue_kwh=MAX_VENUE_KWH, hosting_hours=None)  # the bounds are in


@pytest.fixture
def slipped(event):
    """The event's inputs and the attendee's trip, holding slips the database now refuses."""
    FootprintInputs.objects.create(event=event, hosting_servers=2, hosting_hours=100, venue_kwh=100)
    with checks_off(FootprintInputs):
        FootprintInputs.objects.update(hosting_hours=10**9, venue_kwh=-120, sign_in_sheet_pages=10**7)
    with checks_off(TravelDeclaration):
        TravelDeclaration.objects.update(distance_km=-400)
    return event


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_row_holding_a_slip_is_counted_as_not_entered_and_marked(organiser_client, slipped, lang):
    public_url, dashboard_url = pages(lang)
    public, dashboard = seen(organiser_client, public_url, lang), seen(organiser_client, dashboard_url)
    entries = [
        gettext_in(lang, "venue's energy (kWh)"),
        gettext_in(lang, "hours of hosting"),
        gettext_in(lang, "sign-in sheet pages printed"),
        gettext_in(lang, "trip declarations (%(count)s)") % {"count": 1},
    ]
    for page in (public, dashboard):
        for entry in entries:
            assert in_language(lang, MARKER, entries=entry) in page
    assert "<dd>0 / 2</dd>" in public  # the attendee's trip counts as not declared
    for line in ("Venue's energy", "Hosting"):  # the dashboard's detail of the lines says so too
        label = in_language(lang, "%(line)s: invalid entry, counted as not entered", line=gettext_in(lang, line))
        assert label in dashboard


def test_the_figures_left_out_count_nothing_and_the_statements_still_add_up(slipped):
    whole = totals.event_lines(slipped)
    assert whole.line("venue").total.kg == 0
    assert whole.line("digital").parts[3][1].kg == 0  # the hosting
    assert (whole.came.declared, whole.came.invalid, whole.line("attendee_travel").total.kg) == (0, 1, 0)
    assert sum(statement.total_kg for statement in organisation_statements(slipped)) == pytest.approx(
        whole.line("attendee_travel").total.kg + whole.attendee_catering.kg
    )


@pytest.mark.parametrize("url", ["/en/my-registration/", "/mon-inscription/"])
def test_the_traveller_whose_trip_holds_a_slip_still_sees_their_registration(client, slipped, url):
    client.force_login(TravelDeclaration.objects.get().registration.user)
    seen(client, url)


def test_what_cannot_be_stored_is_found_out_of_bounds_too():
    """NaN never reaches SQLite (it stores NULL) and PostgreSQL's CHECK refuses it: shown on
    rows in memory."""
    assert FootprintInputs(venue_kwh=float("nan"), hosting_servers=3).invalid_fields() == ["venue_kwh"]
    assert FootprintInputs(venue_kwh=float("nan")).entered("venue_kwh") is None
    assert TravelDeclaration(distance_km=float("inf"), mode="tgv").has_invalid_entry
    assert TravelDeclaration(latitude=91, longitude=0, mode="tgv").has_invalid_entry
    assert not TravelDeclaration(distance_km=None, mode="tgv").has_invalid_entry
