from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from events.models import Session


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
