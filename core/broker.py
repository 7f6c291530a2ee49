"""Celery's Redis transport, with one Redis client per connection pool instead of one per
message sent.

kombu builds a new `redis.Redis` for every message it publishes, and redis-py fills a table
of some five hundred reply handlers each time: a quarter of the time a registration spends
asking for its e-mail (as `core.cache` does for the cache). A client is thread-safe and holds
no connection of its own; its pool does, and is made afresh when kombu drops it after an
error, which makes a new client too."""

from kombu.transport import redis


class Channel(redis.Channel):
    _reused_client = None

    def _create_client(self, asynchronous=False):
        if asynchronous:  # the worker's own connection for waiting on its queues, made once
            return super()._create_client(asynchronous=True)
        client = self._reused_client
        if client is None or client.connection_pool is not self.pool:
            client = self._reused_client = super()._create_client()
        return client


class Transport(redis.Transport):
    Channel = Channel
