import csv
import io
import threading
from concurrent.futures import ThreadPoolExecutor

import html5lib
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from footprint.models import StatementDelivery, TravelDeclaration
from footprint.statement_delivery import StatementError, send_statement, statement_contact
from footprint.statements import statement_for
from mail.models import OutgoingEmail
from mail.rendering import build_message
from tests.edition import EVENT_DATE, spelled
from tests.factories import CheckInFactory, EventFactory, InviteeFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/en/admin/registrations/registration/footprint-statements/"
SEND = LIST + "send/"
PDF = "/en/my-registration/footprint-statement.pdf"
CSV = "/en/my-registration/footprint-statement.csv"


def came(event, organisation, *, contact=False, language="en", named=False, first_name="Camille", **trip):
    registration = RegistrationFactory(
        event=event,
        organisation=organisation,
        first_name=first_name,
        is_organisation_contact=contact,
        user=UserFactory(language=language),
    )
    CheckInFactory(registration=registration)
    if trip:
        TravelDeclaration.objects.create(registration=registration, named_in_organisation_statement=named, **trip)
    return registration


@pytest.fixture
def event():
    event = EventFactory()
    came(event, "Acme", contact=True, first_name="Ada", distance_km=400, mode="plane", meal="meat", named=True)
    came(event, " Acme  ", first_name="Bea", distance_km=30, mode="tgv", meal="vegan")
    came(event, "Solo SARL")
    return event


def statements_emails():
    return OutgoingEmail.objects.filter(kind="footprint_statement")


def preview(client, *organisations, choice="selected"):
    return client.post(SEND, {"choice": choice, "organisation": list(organisations)})


def confirm(client, *organisations, choice="selected"):
    return client.post(SEND, {"choice": choice, "organisation": list(organisations), "confirmed": "yes"}, follow=True)


def ada(event):
    return event.registrations.get(first_name="Ada")


def test_the_list_shows_each_contact_and_who_has_none(organiser_client, event):
    page = organiser_client.get(LIST).content.decode()
    html5lib.HTMLParser(strict=True).parse(page)  # well-formed
    assert f"{ada(event).user.email} (marked as contact)" in page
    assert "no contact" in page
    assert page.count('name="organisation"') == 1  # only Acme can be sent; Solo SARL has no contact


def test_the_preview_shows_the_recipient_and_sends_nothing(organiser_client, event):
    response = preview(organiser_client, "acme")
    page = response.content.decode()
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True).parse(page)
    assert ada(event).user.email in page
    assert "the footprint statement of Acme" in page  # the subject
    assert "footprint-acme.pdf, footprint-acme.csv" in page
    assert "1 statement will be sent" in page
    assert not statements_emails().exists() and not StatementDelivery.objects.exists()


def test_confirming_queues_one_email_with_the_pdf_and_the_csv_to_the_contact(organiser_client, organiser, event):
    response = confirm(organiser_client, "acme")
    assert "1 statement sent." in response.content.decode()
    email = statements_emails().get()
    assert (email.recipient, email.language) == (ada(event).user.email, "en")
    delivery = StatementDelivery.objects.get()
    assert (delivery.organisation_key, delivery.recipient, delivery.sent_by, delivery.email) == (
        "acme",
        ada(event).user.email,
        organiser,
        email,
    )
    message = build_message(email)
    assert message.subject == f"{event.name}: the footprint statement of Acme"
    assert "2 people of Acme who came" in message.body
    assert [(name, kind) for name, _content, kind in message.attachments] == [
        ("footprint-acme.pdf", "application/pdf"),
        ("footprint-acme.csv", "text/csv"),
    ]
    pdf, table = message.attachments[0][1], message.attachments[1][1]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "Bea " not in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()  # she did not agree to be named
    rows = list(csv.reader(io.StringIO(table.lstrip("\ufeff")), delimiter=";"))
    assert [row[1][:4] for row in rows[1:]] == ["Ada ", "Othe"]  # Bea did not agree to be named
    page = organiser_client.get(LIST).content.decode()
    assert f"sent on {timezone.localtime(delivery.sent_at):%-d %B %Y %H:%M} to {ada(event).user.email}" in page


def test_a_second_send_is_refused_and_queues_nothing(organiser_client, event):
    confirm(organiser_client, "acme")
    response = confirm(organiser_client, "acme")  # a double click, or the back button
    assert "The statement of Acme was sent already: it is sent only once." in response.content.decode()
    assert statements_emails().count() == 1 and StatementDelivery.objects.count() == 1
    statement = statement_for(event, "acme")
    with pytest.raises(StatementError) as refused:
        send_statement(event, statement, statement_contact(event, "Acme"), sent_by=None)
    assert refused.value.code == "already_sent"
    assert statements_emails().count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_queue_one_email(organisers_group):
    event = EventFactory()
    came(event, "Acme", contact=True)
    start = threading.Barrier(2)

    def send():
        start.wait()
        try:
            return send_statement(event, statement_for(event, "acme"), statement_contact(event, "Acme"), sent_by=None)
        except StatementError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda _: send(), range(2)))
    assert sorted(o if isinstance(o, str) else "sent" for o in outcomes) == ["already_sent", "sent"]
    assert statements_emails().count() == 1 and StatementDelivery.objects.count() == 1


def test_send_all_not_yet_sent_leaves_out_those_sent(organiser_client, event):
    came(event, "Beta", contact=True)
    confirm(organiser_client, "acme")
    response = confirm(organiser_client, choice="all")
    page = response.content.decode()
    assert "1 statement sent." in page
    assert "Solo SARL has no contact: its statement cannot be sent." in page
    assert sorted(StatementDelivery.objects.values_list("organisation_key", flat=True)) == ["acme", "beta"]


def test_without_a_contact_the_statement_cannot_be_sent(organiser_client, event):
    page = preview(organiser_client, "solo sarl").content.decode()
    assert "No contact: this statement cannot be sent." in page
    assert 'name="confirmed"' not in page
    confirm(organiser_client, "solo sarl")
    assert not statements_emails().exists()
    assert statement_contact(event, "Solo SARL") is None


def test_the_inviting_address_when_no_attendee_is_marked(event):
    registration = came(event, "Mutuelle Exemple", language="fr")
    InviteeFactory(
        event=event,
        organisation="mutuelle  exemple",
        email=registration.user.email.upper(),
        registration=registration,
        invited_at=timezone.now(),
        language="en",
    )
    contact = statement_contact(event, "Mutuelle Exemple")
    assert (contact.email, contact.language, contact.marked) == (registration.user.email.upper(), "fr", False)
    # An invitation naming another organisation than the one they came for is not its address.
    other = came(event, "Gamma")
    InviteeFactory(event=event, organisation="Delta", registration=other, invited_at=timezone.now())
    assert statement_contact(event, "Gamma") is None
    # A marked attendee comes first.
    came(event, "Mutuelle Exemple", contact=True, first_name="Marc")
    assert statement_contact(event, "Mutuelle Exemple").marked is True


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", [spelled(EVENT_DATE, "fr"), "Avion", "déplacements professionnels"]),
        ("en", [spelled(EVENT_DATE), "Plane"]),
    ],
)
def test_the_email_is_in_the_contacts_language(organiser_client, event, language, words):
    came(event, "Epsilon", contact=True, language=language, distance_km=800, mode="plane", meal="meat", named=True)
    confirm(organiser_client, "epsilon")
    email = statements_emails().get()
    assert email.language == language
    message = build_message(email)
    pdf_text = PdfReader(io.BytesIO(message.attachments[0][1])).pages[0].extract_text()
    assert words[0] in message.body
    assert all(word in pdf_text for word in words[1:])


def test_statements_cannot_be_sent_before_there_is_anything_to_state(organiser_client):
    event = EventFactory()
    RegistrationFactory(event=event, organisation="Acme", is_organisation_contact=True)
    page = confirm(organiser_client, "acme").content.decode()
    assert "Statements can be sent once there is something to state" in page
    assert not statements_emails().exists()


def test_the_contact_downloads_the_statement_from_my_registration(client, event):
    client.force_login(ada(event).user)
    page = client.get("/en/my-registration/").content.decode()
    assert "Your organisation&#x27;s footprint statement" in page or "Your organisation's footprint statement" in page
    assert f'href="{PDF}"' in page and f'href="{CSV}"' in page
    pdf = client.get(PDF)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "Acme" and rows[1][1].startswith("Ada ")


def test_only_the_contact_of_that_organisation_downloads(client, event):
    bea = event.registrations.get(first_name="Bea")  # same organisation, not its contact
    other_contact = came(event, "Beta", contact=True)
    client.force_login(bea.user)
    assert "footprint-statement" not in client.get("/en/my-registration/").content.decode()
    assert client.get(PDF).status_code == 404
    assert client.get(CSV).status_code == 404
    client.force_login(other_contact.user)
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {"Beta"}  # their own organisation's, never Acme's
    client.logout()
    assert client.get(PDF).status_code == 302  # to the login page


def test_before_anyone_came_there_is_nothing_to_download(client):
    registration = RegistrationFactory(event=EventFactory(), is_organisation_contact=True)
    client.force_login(registration.user)
    assert "footprint-statement" not in client.get("/en/my-registration/").content.decode()
    assert client.get(PDF).status_code == 404


def test_organisers_mark_and_unmark_a_contact(organiser_client, event):
    bea = event.registrations.get(first_name="Bea")
    changelist = reverse("admin:registrations_registration_changelist")
    action = {"action": "mark_organisation_contact", "_selected_action": [bea.pk], "index": "0"}
    response = organiser_client.post(changelist, action, follow=True)
    assert "1 person marked as their organisation&#x27;s contact." in response.content.decode()
    bea.refresh_from_db()
    assert bea.is_organisation_contact is True
    organiser_client.post(changelist, action | {"action": "unmark_organisation_contact"})
    bea.refresh_from_db()
    assert bea.is_organisation_contact is False
    cancelled = RegistrationFactory(event=event, status="cancelled")
    organiser_client.post(changelist, action | {"_selected_action": [cancelled.pk]})
    cancelled.refresh_from_db()
    assert cancelled.is_organisation_contact is False  # only confirmed attendees can be contacts


def test_the_statements_list_costs_a_fixed_number_of_queries(organiser_client, event, django_assert_max_num_queries):
    confirm(organiser_client, "acme")
    with django_assert_max_num_queries(30) as few:
        organiser_client.get(LIST)
    for number in range(15):
        came(event, f"Organisation {number}", contact=number % 2 == 0, distance_km=20, mode="tgv", meal="vegan")
    with django_assert_max_num_queries(len(few)):
        page = organiser_client.get(LIST).content.decode()
    assert page.count('name="organisation"') == 8


def test_a_contact_who_changes_organisation_is_no_longer_its_contact(client, event):
    from registrations.forms import RegistrationDetailsForm

    registration = ada(event)
    client.force_login(registration.user)
    details = RegistrationDetailsForm(instance=registration).initial
    form = {name: value for name, value in details.items() if value not in (None, False)}
    client.post("/en/my-registration/edit/", form | {"organisation": " ACME "})
    registration.refresh_from_db()
    assert registration.is_organisation_contact is True  # the same organisation, typed otherwise
    client.post("/en/my-registration/edit/", form | {"organisation": "Beta"})
    registration.refresh_from_db()
    assert (registration.organisation, registration.is_organisation_contact) == ("Beta", False)
    assert client.get(CSV).status_code == 404


def test_the_organisers_pages_answer_in_french(organiser_client, event):
    french_list = "/admin/registrations/registration/footprint-statements/"  # French has no prefix
    assert organiser_client.get(french_list).status_code == 200
    page = organiser_client.post(french_list + "send/", {"choice": "all"})
    assert page.status_code == 200
    html5lib.HTMLParser(strict=True).parse(page.content.decode())
    assert not statements_emails().exists()
