"""The header's links that depend on who is logged in, beyond "My registration": the desk
for those who may check people in, the speaker area for speakers.

Working them out takes three queries (the person's permissions, their groups', their
speaker profile), on every page a logged-in person opens; so they are kept in the cache for
a minute, and dropped at once when the person's groups, permissions or speaker profile
change. What no signal tells here (a permission given to a whole group) shows within the
minute; the views behind the links check the permission themselves, so a link shown a
moment too long opens nothing."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from core.cache import forget, kept
from day.checkin import CHECK_IN_PERMISSION
from speakers.models import Speaker

KEPT_SECONDS = 60


@dataclass(frozen=True)
class PersonalLinks:
    check_in: bool = False
    speaker_area: bool = False


def key_of(user_id) -> str:
    return f"personal-links:{user_id}"


def worked_out(user) -> PersonalLinks:
    return PersonalLinks(
        check_in=user.has_perm(CHECK_IN_PERMISSION),
        speaker_area=Speaker.objects.filter(user_id=user.pk).exists(),
    )


def personal_links_of(user) -> PersonalLinks:
    if not user.is_authenticated:
        return PersonalLinks()
    return kept(key_of(user.pk), lambda: worked_out(user), KEPT_SECONDS)


def forget_links_of(user_ids) -> None:
    forget([key_of(user_id) for user_id in user_ids if user_id is not None])


User = get_user_model()


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def user_changed(sender, instance, **kwargs):
    forget_links_of([instance.pk])  # is_active, is_superuser


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def groups_or_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # user.groups.add(group): this user
        if action.startswith("post_"):
            forget_links_of([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): whoever was in it
        forget_links_of(instance.user_set.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove"}:  # group.user_set.add(user): those named
        forget_links_of(pk_set)


@receiver(pre_save, sender=Speaker)
def speaker_about_to_change(sender, instance, **kwargs):
    # A profile given to someone else: the previous person loses the link.
    if instance.pk is not None:
        previous = Speaker.objects.filter(pk=instance.pk).exclude(user_id=instance.user_id)
        forget_links_of(previous.values_list("user_id", flat=True))


@receiver(post_save, sender=Speaker)
@receiver(post_delete, sender=Speaker)
def speaker_changed(sender, instance, **kwargs):
    forget_links_of([instance.user_id])
