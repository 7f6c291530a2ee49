import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from events.models import Session
from footprint.page_views import counter as page_view_counter
from mail.models import OutgoingEmail
from tests.calendars import DAYS
from tests.edition import edition_moment
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    WorkshopBookingFactory,
    at,
    workshop_in_its_room,
)
from tests.second_factor import add_authenticator_app


def pytest_configure(config):
    from events import editions

    # A page of one edition that reads a row of another fails its test.
    editions.guard_the_editions()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate-limit counters live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()
    # Messages are compared in English; pages choose their language from the URL. Content
    # created with a plain `title=` is French, the reference, as well (django-modeltranslation
    # would otherwise give it to the active language only); tests of the translations name
    # `title_fr` / `title_en`. (Its `auto_populate()` context manager resets the mode on exit.)
    monkeypatch.setattr("modeltranslation.settings.AUTO_POPULATE", "default")
    # Page views are written only when a test asks (never in the middle of a query count),
    # and none is left in memory for the next test or for the flush at exit.
    settings.PAGE_VIEWS_FLUSH_SECONDS = None
    # A test may move the clock months ahead (the `clock` fixture): the people it logged in
    # beforehand stay logged in.
    settings.SESSION_COOKIE_AGE = 10 * 366 * 24 * 3600
    with translation.override("en"):
        yield
    page_view_counter.clear()


class Clock:
    """The suite's one clock (time-machine's): every caller of the time in this process (views,
    services, templates, the cache's expiry) reads the moment it is moved to."""

    def __init__(self, traveller):
        self.traveller = traveller

    def move_to(self, moment: dt.datetime | str, *, event=None, tick: bool = False) -> dt.datetime:
        """`moment`, or the moment of the edition it names (tests.edition.edition_moment) of
        `event` or of the factories' edition; the clock stands still there unless `tick`."""
        if isinstance(moment, str):
            moment = edition_moment(moment, event)
        self.traveller.move_to(moment, tick=tick)
        return moment


@pytest.fixture
def clock(time_machine):
    return Clock(time_machine)


@pytest.fixture
def organiser(organisers_group):
    # Staff need a second factor before the back office opens.
    user = UserFactory(is_staff=True, totp=True)
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    return user


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind `admin_client`), with the second factor staff need."""
    add_authenticator_app(admin_user)
    return admin_user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def staff(organisers_group):
    """Sam Accueil, of the check-in staff (the Accueil group: the desk's one permission)."""
    user = UserFactory(first_name="Sam", last_name="Accueil", verified=True)
    user.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    return user


@pytest.fixture
def desk(client, staff):
    """`client` at the check-in desk, logged in as `staff`."""
    client.force_login(staff)
    return client


@pytest.fixture
def event(db, request):
    """The factories' event with 3 seats, or as many as the test module's EVENT_CAPACITY."""
    return EventFactory(capacity=getattr(request.module, "EVENT_CAPACITY", 3))


@pytest.fixture
def workshop(event):
    """A workshop of 2 places in a room of 2, at 11:00 on the event's day."""
    room = RoomFactory(event=event, capacity=2)
    return SessionFactory(
        event=event, room=room, kind=Session.Kind.WORKSHOP, capacity=2, start=at("11:00"), end=at("12:00")
    )


@pytest.fixture
def logged_in_person(client):
    """A person with no registration nor role, logged in on `client`, the event published."""
    EventFactory()
    user = UserFactory()
    client.force_login(user)
    return user


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL's row locks and real concurrency: they run in
    the PostgreSQL pass of `./dev.sh test` and are skipped, loudly, on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of ./dev.sh test")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, used as the site's mail server."""
    from tests.mailserver import SMTPServer

    with SMTPServer() as server:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
            }
        }
        yield server


@pytest.fixture
def organisers_group(db):
    """The staff groups (Organisers, Accueil) as the data migrations make them. Transactional
    tests empty the database after each test, data migrations included, so they ask again."""
    import importlib
    import pkgutil

    from django.apps import apps

    import accounts.migrations

    for module_info in pkgutil.iter_modules(accounts.migrations.__path__):
        module = importlib.import_module(f"accounts.migrations.{module_info.name}")
        if hasattr(module, "grant"):
            module.grant(apps, None)
    return Group.objects.get(name=ORGANISERS_GROUP)


@pytest.fixture
def event_with_known_numbers():
    """Known numbers: 10 seats, 4 confirmed (2 clients, 1 partner, 1 press), 2 waiting,
    1 cancelled; a workshop of 3 places with 2 booked and 1 waiting; 1 e-mail pending, 1 failed."""
    event = EventFactory(capacity=10)
    confirmed = [
        RegistrationFactory(
            event=event,
            category="client",
            first_name="Élodie",
            last_name="Hérault",
            organisation="Société Générale d'Écologie",
            dietary_requirements="Végétarien",
        ),
        RegistrationFactory(event=event, category="client", dietary_requirements=" végétarien "),
        RegistrationFactory(event=event, category="partner", accessibility_needs="Fauteuil roulant"),
        RegistrationFactory(event=event, category="press"),
    ]
    for _ in range(2):
        RegistrationFactory(event=event, status="waitlisted", queued_at=at("10:00"), confirmed_at=None)
    RegistrationFactory(event=event, status="cancelled", confirmed_at=None)
    workshop = workshop_in_its_room(event, "11:00", "12:00", capacity=3, title="Réparer")
    for registration in confirmed[:2]:
        WorkshopBookingFactory(registration=registration, session=workshop, status="booked")
    WorkshopBookingFactory(registration=confirmed[2], session=workshop, status="waitlisted", queued_at=at("10:00"))
    OutgoingEmail.objects.create(recipient="a@example.org", kind="confirmed", status="pending")
    OutgoingEmail.objects.create(recipient="b@example.org", kind="confirmed", status="failed")
    return event


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def event_on_each_day(request):
    """An event on each day of tests.calendars.DAYS (summer, winter, the two days the clocks
    change), with a night session that spans 02:00–03:00, when the clocks change on the two
    days they do."""
    day = request.param
    event = EventFactory(
        date=day,
        registration_opens_at=at("10:00", day - dt.timedelta(days=90)),
        registration_closes_at=at("18:00", day - dt.timedelta(days=1)),
    )
    room = RoomFactory(event=event)
    sessions = [
        ("hackathon", Session.Kind.PLENARY, "01:00", "04:00"),
        ("ouverture", Session.Kind.PLENARY, "09:00", "10:00"),
        ("reparer", Session.Kind.WORKSHOP, "11:00", "12:00"),
        ("dejeuner", Session.Kind.LUNCH, "12:30", "14:00"),
        ("donnees", Session.Kind.WORKSHOP, "14:00", "15:00"),
    ]
    for slug, kind, start, end in sessions:
        SessionFactory(
            event=event, room=room, kind=kind, slug=slug, capacity=10, start=at(start, day), end=at(end, day)
        )
    return event
