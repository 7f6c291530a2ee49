import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from events.models import Event, Room, Session, Theme
from speakers.models import Speaker

PARIS = ZoneInfo("Europe/Paris")
EVENT_DATE = dt.date(2027, 6, 8)


def at(hhmm: str, day: dt.date = EVENT_DATE) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=PARIS)


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
    registration_opens_at = dt.datetime(2026, 9, 1, 10, 0, tzinfo=PARIS)
    registration_closes_at = dt.datetime(2027, 6, 5, 18, 0, tzinfo=PARIS)
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
    accepted_terms_at = factory.LazyFunction(lambda: at("10:00", dt.date(2026, 10, 1)))
    confirmed_at = factory.LazyFunction(lambda: at("10:00", dt.date(2026, 10, 1)))


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.Invitee"

    event = factory.SubFactory(EventFactory)
    first_name = "Inès"
    last_name = factory.Sequence(lambda n: f"Invitée{n}")
    email = factory.Sequence(lambda n: f"invitee{n}@client.example")
    organisation = "Mutuelle Exemple"
    category = "client"
