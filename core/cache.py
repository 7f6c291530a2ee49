"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of
some five hundred reply handlers each time: on a page that reads the cache three times,
that was more time than the round trips themselves. A client is thread-safe and holds no
connection of its own (its pool does, and a forked process gets a new pool), so one per
pool serves every call.

Also: `kept` and `forget`, what the site keeps in the cache for a while and drops when the
rows behind it change, without ever failing a request when Redis is away."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.cache.backends import redis
from django.db import transaction

logger = logging.getLogger(__name__)


class ReusedClients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients


def kept(key: str, work_out: Callable[[], Any], seconds: int) -> Any:
    """`work_out()`'s value, from the cache when it is there, kept there when it was not
    (a None is not kept). With the cache away, worked out each time: never an error."""
    try:
        value = cache.get(key)
    except Exception as error:
        logger.warning("%s could not be read from the cache: %s", key, error)
        return work_out()
    if value is None:
        value = work_out()
        if value is not None:
            try:
                cache.set(key, value, seconds)
            except Exception as error:
                logger.warning("%s could not be kept in the cache: %s", key, error)
    return value


def forget(keys: list[str]) -> None:
    """Drop `keys` now and again once the current transaction commits: a request served in
    between would keep the old value under them. With the cache away, what it kept goes
    with it: the error is logged."""

    def drop():
        try:
            cache.delete_many(keys)
        except Exception as error:
            logger.error("%s could not be dropped from the cache: %s", ", ".join(keys), error)

    if keys:
        drop()
        transaction.on_commit(drop)
