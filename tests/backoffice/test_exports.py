"""The registration list as CSV and Excel (backoffice.exports, core.spreadsheets)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from backoffice import exports
from core import spreadsheets
from registrations.models import Registration
from tests.edition import EVENT_DATE
from tests.factories import CheckInFactory, RegistrationFactory, WorkshopBookingFactory, at

pytestmark = pytest.mark.django_db


def test_csv_export_reads_back_with_accents_and_honours_the_filters(organiser_client, event_with_known_numbers):
    url = reverse("admin:registrations_registration_export_csv")
    everyone = organiser_client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(everyone), delimiter=";"))
    assert len(rows) == 1 + 7
    assert rows[[r[1] for r in rows].index("Hérault")][:2] == ["Élodie", "Hérault"]
    assert "Société Générale d'Écologie" in everyone
    clients = organiser_client.get(url + "?status__exact=confirmed&category__exact=client").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(clients), delimiter=";"))) == 1 + 2
    # The two confirmed clients, and no one else.
    client_rows = list(csv.reader(io.StringIO(clients), delimiter=";"))[1:]
    assert [(row[5], row[6]) for row in client_rows] == [("Client", "Confirmed")] * 2
    assert "Hérault" in [row[1] for row in client_rows]


def test_excel_export_reads_back(organiser_client, event_with_known_numbers):
    response = organiser_client.get(reverse("admin:registrations_registration_export_xlsx") + "?dietary=yes")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("First name", "Last name", "E-mail")
    assert sorted(row[7] for row in rows[1:]) == [" végétarien ", "Végétarien"]
    assert any(row[:2] == ("Élodie", "Hérault") for row in rows)


def test_a_row_lists_only_the_workshops_booked_and_the_check_in_time(db):
    registration = RegistrationFactory(first_name="Inès", last_name="Garnier", photo_consent=True)
    WorkshopBookingFactory(registration=registration, session__title="Réparer")
    WorkshopBookingFactory(
        registration=registration, session__title="Low-tech", session__start=at("14:00"), session__end=at("15:00")
    )
    WorkshopBookingFactory(
        registration=registration,
        session__title="Attente",
        status="waitlisted",
        session__start=at("16:00"),
        session__end=at("17:00"),
    )
    WorkshopBookingFactory(
        registration=registration,
        session__title="Annulé",
        status="cancelled",
        session__start=at("17:00"),
        session__end=at("18:00"),
    )
    CheckInFactory(registration=registration, checked_in_at=at("08:47"))
    RegistrationFactory(event=registration.event, last_name="Absent")

    header, rows = exports.registration_table(Registration.objects.order_by("last_name"))

    row = dict(zip(header, rows[1], strict=True))
    assert (row["First name"], row["Last name"], row["Photos"], row["News"]) == ("Inès", "Garnier", "yes", "no")
    assert sorted(row["Workshops"].split("; ")) == ["Low-tech", "Réparer"]
    assert row["Checked in at"] == f"{EVENT_DATE} 08:47"
    assert dict(zip(header, rows[0], strict=True))["Checked in at"] == ""


def test_what_a_spreadsheet_would_run_is_written_as_text_in_both_formats():
    header, rows = ["Name", "Seats"], [['=HYPERLINK("http://x")', 3], ["-2+3", 1], ["Aurore", 2]]
    text = spreadsheets.as_csv(header, rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Name", "Seats"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["'-2+3", "1"],
        ["Aurore", "2"],
    ]
    sheet = load_workbook(io.BytesIO(spreadsheets.as_xlsx(header, rows, title="Inscriptions " * 4))).active
    assert sheet.title == ("Inscriptions " * 4)[:31]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Name", "Seats"], *rows]
    assert sheet["A2"].data_type == "s" and sheet["A1"].font.bold
