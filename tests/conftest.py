import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts.roles import ORGANISERS_GROUP
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate-limit counters live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()
    # Messages are compared in English; pages choose their language from the URL.
    with translation.override("en"):
        yield


@pytest.fixture
def organiser(organisers_group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


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
