import datetime as dt

import factory
from django.contrib.auth import get_user_model

from events.models import Event, Room, Session, Theme
from speakers.models import Speaker, SpeakerInvitation
from tests.edition import (  # noqa: F401 (PARIS and at are imported from here by many tests)
    EVENT_DATE,
    PARIS,
    REGISTRATION_CLOSES,
    REGISTRATION_OPENS,
    at,
    days_ago,
    in_days,
)
from tests.second_factor import add_authenticator_app


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("a-long-test-password")
    # Tests read e-mails in English; French e-mails have their own test.
    language = "en"

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """UserFactory(verified=True): the address is confirmed, as after the sign-up e-mail."""
        if create and extracted:
            self.emailaddress_set.create(email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """UserFactory(totp=True): the account has an authenticator app (secret
        tests.second_factor.TOTP_SECRET), as staff need before the back office opens."""
        if create and extracted:
            add_authenticator_app(self)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ["slug"]

    name = "Tech For Climate"
    slug = "tech-for-climate"
    tagline = "Une journée pour le climat"
    date = EVENT_DATE
    doors_open_at = dt.time(8, 30)
    closes_at = dt.time(18, 30)
    venue_name = "Espace George V"
    venue_address = "28 avenue George V, 75008 Paris"
    capacity = 350
    registration_opens_at = REGISTRATION_OPENS
    registration_closes_at = REGISTRATION_CLOSES
    is_published = True


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Salon {n}")
    capacity = 30
    position = factory.Sequence(int)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    position = factory.Sequence(int)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Intervenante {n}")
    slug = factory.Sequence(lambda n: f"intervenante-{n}")
    job_title = "Ingénieure"
    organisation = "Exemple"
    bio = "Une biographie."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    kind = Session.Kind.PLENARY
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    abstract = "Un résumé."
    theme = factory.SubFactory(ThemeFactory)
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    start = factory.LazyFunction(lambda: at("09:00"))
    end = factory.LazyFunction(lambda: at("10:00"))

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


def event_with_opening(*, lunch: bool = False, closing: bool = False, **fields) -> Event:
    """An event whose day opens with "Ouverture", a plenary in its Grand Auditorium from 09:00
    to 10:00: the day the attendee journeys and the e-mails' agendas are tested on. With
    `lunch`, the day's lunch follows (see `lunch_of`); with `closing`, it ends with "Clôture",
    a plenary in the same hall from 17:00 to 18:00."""
    event = EventFactory(**fields)
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350)

    def plenary(title, slug, start, end):
        SessionFactory(
            event=event, room=hall, kind=Session.Kind.PLENARY, title=title, slug=slug, start=at(start), end=at(end)
        )

    plenary("Ouverture", "ouverture", "09:00", "10:00")
    if lunch:
        lunch_of(event)
    if closing:
        plenary("Clôture", "cloture", "17:00", "18:00")
    return event


def lunch_of(event) -> Session:
    """The day's lunch, "Déjeuner" from 12:30 to 14:00, in no room and of no theme."""
    return SessionFactory(
        event=event,
        room=None,
        theme=None,
        kind=Session.Kind.LUNCH,
        title="Déjeuner",
        slug="dejeuner",
        start=at("12:30"),
        end=at("14:00"),
    )


def workshop_in_its_room(event, start: str, end: str, *, capacity: int, room_name: str | None = None, **fields):
    """A workshop from `start` to `end` (HH:MM on the factories' day) with `capacity` places, in a
    room of its own with as many seats (named `room_name`, or as the factory names rooms)."""
    room = RoomFactory(event=event, capacity=capacity, **({"name": room_name} if room_name else {}))
    return SessionFactory(
        event=event,
        room=room,
        kind=Session.Kind.WORKSHOP,
        start=at(start),
        end=at(end),
        capacity=capacity,
        **fields,
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration as the services would have left it (use the services to test rules)."""

    class Meta:
        model = "registrations.Registration"

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Exemple{n}")
    organisation = "Exemple SA"
    job_title = "Responsable RSE"
    category = "client"
    # Some weeks before the suite's moment, after registration opened.
    accepted_terms_at = factory.LazyFunction(lambda: days_ago(60))
    confirmed_at = factory.LazyFunction(lambda: days_ago(60))


def confirmed_registrations_in_bulk(event, count: int) -> list:
    """`count` new accounts, each with a confirmed registration to `event`, written in one
    query: data in volume for the dashboard's query counts and the benchmarks."""
    from registrations.models import Registration

    users = UserFactory.create_batch(count)
    return Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status="confirmed",
            first_name="A",
            last_name=str(i),
            organisation="O",
            job_title="J",
            category="client",
            accepted_terms_at=days_ago(60),
            confirmed_at=days_ago(60),
        )
        for i, user in enumerate(users)
    )


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.Invitee"

    event = factory.SubFactory(EventFactory)
    first_name = "Inès"
    last_name = factory.Sequence(lambda n: f"Invitée{n}")
    email = factory.Sequence(lambda n: f"invitee{n}@client.example")
    organisation = "Mutuelle Exemple"
    category = "client"


class WorkshopBookingFactory(factory.django.DjangoModelFactory):
    """A place in a workshop, written directly (book through the services to test the rules)."""

    class Meta:
        model = "registrations.WorkshopBooking"

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(
        SessionFactory, event=factory.SelfAttribute("..registration.event"), kind=Session.Kind.WORKSHOP
    )
    status = "booked"
    queued_at = factory.Maybe(
        factory.LazyAttribute(lambda booking: booking.status == "waitlisted"),
        yes_declaration=factory.LazyFunction(lambda: days_ago(60)),
        no_declaration=None,
    )


class SeatReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.SeatReservation"

    event = factory.SubFactory(EventFactory)
    category = "partner"
    seats = 2
    until = factory.LazyFunction(lambda: in_days(25, "00:00"))


class SeatHoldFactory(factory.django.DjangoModelFactory):
    """A seat held for a colleague, written directly (hold through `holds` to test the rules)."""

    class Meta:
        model = "registrations.SeatHold"

    event = factory.SubFactory(EventFactory)
    held_by = factory.SubFactory(UserFactory)
    first_name = "Paul"
    last_name = factory.Sequence(lambda n: f"Collègue{n}")
    email = factory.Sequence(lambda n: f"colleague{n}@client.example")
    organisation = "Mutuelle Exemple"
    category = "client"
    held_until = factory.LazyFunction(lambda: in_days(3))


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "backoffice.Announcement"

    event = factory.SubFactory(EventFactory)
    subject_fr = "Informations pratiques"
    body_fr = "Les portes ouvrent à 8 h 30."
    subject_en = "Practical information"
    body_en = "Doors open at 8:30."


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "day.CheckIn"

    registration = factory.SubFactory(RegistrationFactory)
    checked_in_at = factory.LazyAttribute(lambda check_in: at("08:45", check_in.registration.event.date))
    checked_in_by = factory.SubFactory(UserFactory)


class BadgePrintRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "day.BadgePrintRun"

    event = factory.SubFactory(EventFactory)
    source = "confirmed"
    status = "queued"


class TravelDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "footprint.TravelDeclaration"

    registration = factory.SubFactory(RegistrationFactory)
    distance_km = 10
    mode = "bike_walk"
    meal = "vegetarian"


class SpeakerLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "speakers.SpeakerLink"

    speaker = factory.SubFactory(SpeakerFactory)
    label = "Mastodon"
    url = factory.Sequence(lambda n: f"https://mastodon.example/@speaker{n}")


class SpeakerInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation whose link carries `token` (only its hash is stored, as by the services)."""

    class Meta:
        model = "speakers.SpeakerInvitation"

    class Params:
        token = factory.Sequence(lambda n: f"speaker-invitation-token-{n}")

    speaker = factory.SubFactory(SpeakerFactory, email=factory.Sequence(lambda n: f"speaker{n}@example.org"))
    email = factory.SelfAttribute("speaker.email")
    token_hash = factory.LazyAttribute(lambda invitation: SpeakerInvitation.hash_token(invitation.token))
    expires_at = factory.LazyFunction(lambda: in_days(14))
