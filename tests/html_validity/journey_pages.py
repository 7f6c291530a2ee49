"""The "Share my journey" page in each of its states, and the e-mail a message becomes."""

from django.test import Client

from footprint.models import TravelDeclaration
from tests.factories import RegistrationFactory, UserFactory
from tests.html_validity.documents import Documents, url


def sharing_attendee(event, lang: str, first_name: str, **trip):
    registration = RegistrationFactory(
        event=event, first_name=first_name, organisation="Rails & Co", user=UserFactory(language=lang)
    )
    fields = {"town": "Dijon (France)", "distance_km": 260, "mode": "tgv", "train_line": "gare_de_lyon"} | trip
    TravelDeclaration.objects.create(registration=registration, shares_journey=True, **fields)
    return registration


def visit_journey_pages(docs: Documents, lang: str, programme) -> None:
    event = programme["event"]
    page = url(lang, "footprint:journeys")
    mine = sharing_attendee(event, lang, "Noé")
    other = sharing_attendee(event, lang, "Iris", town="", distance_km=300)
    client = Client()
    client.force_login(mine.user)
    docs.fetch(client, page)  # one person on the same line
    docs.fetch(client, page, {"recipient": other.travel.pk, "body": ""}, method="post", status=400)
    docs.fetch(
        client, page, {"recipient": other.travel.pk, "body": "On se retrouve au train ?"}, method="post", flash=True
    )
    client.force_login(other.user)
    docs.fetch(client, page)  # with the message received
    docs.fetch(client, url(lang, "footprint:journey_block"), {"person": mine.travel.pk}, method="post", flash=True)
    client.force_login(mine.user)
    docs.fetch(client, page, {"recipient": other.travel.pk, "body": "Encore ?"}, method="post", status=400)
    docs.fetch(client, url(lang, "footprint:journey_sharing"), {"share": "no"}, method="post", flash=True)
    docs.fetch(client, url(lang, "footprint:journey_sharing"), {"share": "yes"}, method="post", flash=True)
    client.force_login(RegistrationFactory(event=event, user=UserFactory(language=lang)).user)
    docs.fetch(client, page)  # no trip declared
    client.force_login(UserFactory(language=lang))
    docs.fetch(client, page)  # not registered
