from tests.integration.conftest import *  # noqa: F403 - the same real services as the integration tests
