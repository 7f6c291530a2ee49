from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core import content_version
from events.models import Event, Room, Session, Theme
from speakers.models import Speaker


@receiver(m2m_changed, sender=Session.speakers.through)
def refuse_double_booked_speakers(sender, instance, action, reverse, pk_set, model, **kwargs):
    """Whatever path adds a speaker to a session (admin, shell, loader), a speaker is never
    in two overlapping sessions."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        # speaker.sessions.add(session, ...): check each session for this one speaker.
        for session in Session.objects.filter(pk__in=pk_set):
            session.validate_speakers([instance])
    else:
        instance.validate_speakers(list(model.objects.filter(pk__in=pk_set)))


def programme_changed(event_id: int | None = None) -> None:
    """Move the programme's version (one event's, or every event's for shared things like
    themes and speakers): the programme page's cached fragment is keyed by it."""
    events = Event.objects.all() if event_id is None else Event.objects.filter(pk=event_id)
    events.update(programme_changed_at=timezone.now())
    content_version.content_changed(content_version.EVENTS)  # the update sends no signal


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
@receiver(post_save, sender=Room)
@receiver(post_delete, sender=Room)
def agenda_item_changed(sender, instance, **kwargs):
    programme_changed(instance.event_id)


@receiver(post_delete, sender=Event)
def event_deleted(sender, instance, **kwargs):
    content_version.content_changed(content_version.EVENTS)


@receiver(post_save, sender=Event)
def event_changed(sender, instance, **kwargs):
    # The admin saves every field of the event, including a version it read before a
    # session changed: moving it again after the save means it can never go back.
    programme_changed(instance.pk)


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
@receiver(post_save, sender=Speaker)
@receiver(post_delete, sender=Speaker)
def shared_item_changed(sender, **kwargs):
    programme_changed()


@receiver(m2m_changed, sender=Session.speakers.through)
def speakers_of_a_session_changed(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        programme_changed(None if reverse else instance.event_id)
