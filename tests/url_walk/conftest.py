import logging

import pytest

from tests.factories import EventFactory
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
def desk_client(desk):
    """The check-in desk (`desk`), the event published."""
    EventFactory()
    return desk
