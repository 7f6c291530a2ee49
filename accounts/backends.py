"""The site's authentication backends: Django's and allauth's, with the logged-in person's
row read from the cache.

Every page a logged-in person opens reads their row, to know who they are and to check
that their session still matches their password; from Redis that is a round trip instead
of a query (and the connection's health check before it). The copy is dropped whenever the
row is saved or deleted (a password changed, an account deactivated: the next request reads
it afresh, so the session check and `is_active` are never older than the last save), and
is kept at most KEPT_SECONDS for what no signal tells (an `update()` of users)."""

import logging

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

KEPT_SECONDS = 300


def key_of(user_id) -> str:
    return f"users:{user_id}"


class UserFromTheCache:
    def get_user(self, user_id):
        try:
            user = cache.get(key_of(user_id))
        except Exception as error:  # the cache away: the database, as without it
            logger.warning("A user could not be read from the cache: %s", error)
            return super().get_user(user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                keep(user)
        return user if self.user_can_authenticate(user) else None


def keep(user) -> None:
    try:
        cache.set(key_of(user.pk), user, KEPT_SECONDS)
    except Exception as error:
        logger.warning("A user could not be kept in the cache: %s", error)


class ModelBackend(UserFromTheCache, backends.ModelBackend):
    """Django's: e-mail and password, the admin's log-in."""


class AuthenticationBackend(UserFromTheCache, AllauthBackend):
    """allauth's: its log-in flows (codes, e-mail)."""


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def forget_the_kept_copy(sender, instance, **kwargs):
    """Now, and once the change commits (a request in between would keep the old row)."""

    def drop():
        try:
            cache.delete(key_of(instance.pk))
        except Exception as error:
            logger.error("A changed user stays in the cache for at most %s s: %s", KEPT_SECONDS, error)

    drop()
    transaction.on_commit(drop)
