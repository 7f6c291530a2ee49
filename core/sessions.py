"""Sessions read from the cache, kept in the database (Django's `cached_db`), that go on
working when the cache is away: the database stays the truth.

A logged-in page reads its session on every request; from Redis that is a round trip
instead of a query. Two things differ from `cached_db`:
- no cache error reaches the visitor: a session is then read from and written to the
  database alone (`cached_db` guards only some of its calls);
- a copy is kept at most CACHE_SECONDS, so that a session deleted while the cache was
  unreachable (a log-out) cannot be read back from it for longer than that once it
  answers again."""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, **expiry) -> int:
        return min(CACHE_SECONDS, self.get_expiry_age(**expiry))

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception as error:
            logger.warning("A session could not be read from the cache: %s", error)
            return self._load_from_database(cache_it=False)
        if data is None:
            return self._load_from_database(cache_it=True)
        return data

    def _load_from_database(self, *, cache_it: bool):
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        if cache_it:
            self._set_in_cache(data, self._cache_seconds(expiry=stored.expire_date))
        return data

    def save(self, must_create=False):
        # The database first (cached_db's order): a failed write leaves no copy behind.
        super(cached_db.SessionStore, self).save(must_create)
        self._set_in_cache(self._session, self._cache_seconds())

    def _set_in_cache(self, data, seconds: int) -> None:
        try:
            self._cache.set(self.cache_key, data, seconds)
        except Exception as error:
            logger.warning("A session could not be written to the cache: %s", error)

    def exists(self, session_key):
        # Asked when a new key is made: the database knows every session there is.
        return super(cached_db.SessionStore, self).exists(session_key)

    def delete(self, session_key=None):
        super(cached_db.SessionStore, self).delete(session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception as error:
            logger.error("A deleted session stays in the cache for at most %s s: %s", CACHE_SECONDS, error)
