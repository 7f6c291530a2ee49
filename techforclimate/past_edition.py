"""Last year's edition for the demo site: the programme on the previous 8 June, a few
fictional attendees of three organisations who came (checked in, with their trips), so that
its programme, footprint page, feedback and statements have something to show; and one
demo attendee registered in both editions, to see "My registrations" list them.

Idempotent: people are found again by their address, rows by their registration."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from day.models import CheckIn
from events.loader import TECHFORCLIMATE_PROGRAMME, load_programme, programme_day
from events.models import Event
from events.selectors import current_event
from footprint.models import TravelDeclaration
from registrations.models import Registration

DEMO_ATTENDEE = "participante@techforclimate.test"
DEMO_PASSWORD = "demo-tech-for-climate"
# (first name, last name, organisation, category, distance in km, mode)
PAST_ATTENDEES = [
    ("Inès", "Martin", "Constellation", "partner", 4, "metro"),
    ("Hugo", "Bernard", "Constellation", "partner", 12, "bike_walk"),
    ("Léa", "Petit", "Horizon Cloud", "client", 460, "tgv"),
    ("Nathan", "Robert", "Horizon Cloud", "client", 460, "tgv"),
    ("Chloé", "Richard", "Verdure Data", "client", 35, "car_electric"),
    ("Lucas", "Durand", "Verdure Data", "client", 35, "car_electric"),
    ("Camille", "Leroy", "Verdure Data", "client", 8, "metro"),
]


@dataclass(frozen=True)
class PastEdition:
    event: Event
    attendees: int
    checked_in: int


@transaction.atomic
def load_past_edition(today: dt.date | None = None) -> PastEdition:
    current = current_event() or load_programme(today=today).event
    event = load_programme(day=programme_day(TECHFORCLIMATE_PROGRAMME, current.date.year - 1)).event
    event.footprint_published = True
    event.save(update_fields=["footprint_published"])
    desk = demo_person("accueil@techforclimate.test", "Accueil", "Démo")
    people = [
        demo_person(f"{first.lower()}.{last.lower()}@example.org".replace("è", "e").replace("é", "e"), first, last)
        for first, last, *_ in PAST_ATTENDEES
    ]
    for person, (_, _, organisation, category, km, mode) in zip(people, PAST_ATTENDEES, strict=True):
        registration = registered(event, person, organisation, category)
        CheckIn.objects.get_or_create(
            registration=registration,
            defaults={"checked_in_at": at(event.date, "08:50"), "checked_in_by": desk, "desk": "Accueil"},
        )
        TravelDeclaration.objects.get_or_create(
            registration=registration, defaults={"distance_km": km, "mode": mode, "town": "Paris"}
        )
    attendee = demo_person(DEMO_ATTENDEE, "Sacha", "Démo", password=DEMO_PASSWORD)
    for edition in (event, current):
        registered(edition, attendee, "Constellation", "client")
    CheckIn.objects.get_or_create(
        registration=Registration.objects.get(event=event, user=attendee),
        defaults={"checked_in_at": at(event.date, "09:05"), "checked_in_by": desk, "desk": "Accueil"},
    )
    return PastEdition(event, len(people) + 1, CheckIn.objects.filter(registration__event=event).count())


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


def demo_person(email: str, first_name: str, last_name: str, *, password: str | None = None):
    person, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, "language": "fr"}
    )
    if created:
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
        person.emailaddress_set.create(email=email, verified=True, primary=True)
    return person


def registered(event: Event, person, organisation: str, category: str) -> Registration:
    registration, _ = Registration.objects.get_or_create(
        event=event,
        user=person,
        defaults={
            "status": Registration.Status.CONFIRMED,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "organisation": organisation,
            "job_title": "Responsable RSE",
            "category": category,
            "accepted_terms_at": event.registration_opens_at,
            "confirmed_at": event.registration_opens_at,
        },
    )
    return registration
