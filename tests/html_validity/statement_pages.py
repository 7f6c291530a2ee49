"""The organisation's statement as its contact sees it on "My registration", and the
e-mail that carries it (its HTML part is checked with the others')."""

from django.test import Client

from footprint.models import TravelDeclaration
from footprint.statement_delivery import send_statement, statement_contact
from footprint.statements import organisation_key, statement_for
from tests.factories import CheckInFactory, RegistrationFactory, UserFactory
from tests.html_validity.documents import Documents, url


def visit_statement_pages(docs: Documents, lang: str, programme) -> None:
    event = programme["event"]
    organisation = f"Vélo & Fils ({lang})"
    contact = RegistrationFactory(
        event=event, organisation=organisation, is_organisation_contact=True, user=UserFactory(language=lang)
    )
    CheckInFactory(registration=contact)  # someone came: there is something to state
    TravelDeclaration.objects.create(registration=contact, town="", distance_km=12, mode="bike_walk", meal="vegan")
    client = Client()
    client.force_login(contact.user)
    page = docs.fetch(client, url(lang, "registrations:mine")).content.decode()
    assert url(lang, "footprint:my_statement_pdf") in page
    statement = statement_for(event, organisation_key(organisation))
    send_statement(event, statement, statement_contact(event, organisation), sent_by=None)
