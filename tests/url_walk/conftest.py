import logging

import pytest
from django.contrib.auth.models import Group

from accounts.roles import ACCUEIL_GROUP
from tests.factories import EventFactory, UserFactory
from tests.url_walk.world import make_world


@pytest.fixture
def world(organisers_group):
    return make_world()


@pytest.fixture
def quiet_logs():
    """Thousands of refused requests would each log a warning."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def desk_client(client, organisers_group):
    EventFactory()
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client.force_login(staff)
    return client
