"""The site's authentication backends: Django's and allauth's, with the logged-in person's
row read from the cache.

Every page a logged-in person opens reads their row, to know who they are and to check
that their session still matches their password; from Redis that is a round trip instead
of a query (and the connection's health check before it). The copy is dropped whenever the
row is saved or deleted (a password changed, an account deactivated: the next request reads
it afresh, so the session check and `is_active` are never older than the last save), and
is kept at most KEPT_SECONDS for what no signal tells (an `update()` of users)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.cache import forget, kept
from core.compiled import compiled_once

KEPT_SECONDS = 300


def key_of(user_id) -> str:
    return f"users:{user_id}"


class UserFromTheCache:
    def get_user(self, user_id):
        user = kept(key_of(user_id), lambda: user_row.first(user_id), KEPT_SECONDS)
        return user if self.user_can_authenticate(user) else None


@compiled_once(int)
def user_row(user_id: int):
    """The person's row, as Django's backends read it (compiled once: a rush of
    registrations reads a new person's row on every request)."""
    return get_user_model()._default_manager.filter(pk=user_id)


class ModelBackend(UserFromTheCache, backends.ModelBackend):
    """Django's: e-mail and password, the admin's log-in."""


class AuthenticationBackend(UserFromTheCache, AllauthBackend):
    """allauth's: its log-in flows (codes, e-mail)."""


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def forget_the_kept_copy(sender, instance, **kwargs):
    forget([key_of(instance.pk)])
