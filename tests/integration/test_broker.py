"""The site's Celery transport on a real Redis (core/broker.py): every message sent reaches
the queue through one Redis client, and sending goes on after Redis restarts."""

import pytest
import redis

from mail.tasks import task_send_email
from techforclimate.celery import app
from tests.integration.conftest import point_celery_at


@pytest.fixture
def publishing_to(private_redis, queue):
    point_celery_at(private_redis.url, queue)
    yield redis.Redis.from_url(private_redis.url)
    point_celery_at(None)


def test_messages_sent_one_after_another_share_one_redis_client(publishing_to, queue):
    with app.producer_or_acquire() as producer:
        channel = producer.channel
        for email_id in range(3):
            task_send_email.apply_async(kwargs={"email_id": email_id}, producer=producer)
        assert channel._create_client() is channel._create_client()
    assert publishing_to.llen(queue) == 3


def test_sending_goes_on_after_redis_restarts(publishing_to, private_redis, queue):
    task_send_email.delay(email_id=1)
    private_redis.stop()
    private_redis.start()  # same port, empty
    task_send_email.delay(email_id=2)
    assert publishing_to.llen(queue) == 1
