"""Speakers' invitations to their area, and changes to their profiles."""

import datetime as dt
import secrets
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.site import site_url
from mail.outbox import queue_email
from speakers.models import Speaker, SpeakerInvitation
from speakers.photos import process_photo


class InvitationError(DomainError):
    def __init__(self, message: str, *, code: str, invitation: SpeakerInvitation | None = None):
        super().__init__(message, code=code)
        self.invitation = invitation


def invite_speaker(speaker: Speaker, *, sent_by, now: dt.datetime | None = None) -> SpeakerInvitation:
    """Send the speaker a link to their area, valid 14 days and usable once. A new
    invitation replaces the earlier ones still pending. The e-mail leaves through the outbox;
    the token itself is never stored, only its hash."""
    if not speaker.email:
        raise InvitationError(_("%(speaker)s has no e-mail address.") % {"speaker": speaker}, code="no_email")
    if speaker.user_id:
        raise InvitationError(_("%(speaker)s already has access.") % {"speaker": speaker}, code="already_linked")
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        speaker.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        invitation = SpeakerInvitation.objects.create(
            speaker=speaker,
            email=speaker.email,
            token_hash=SpeakerInvitation.hash_token(token),
            expires_at=now + SpeakerInvitation.VALID_FOR,
            sent_by=sent_by,
        )
        context = {
            "speaker": speaker,
            "invitation": invitation,
            "link": site_url(reverse("speakers:invitation", kwargs={"token": token})),
        }
        # The message carries the link, so it is rendered now and erased once sent.
        with translation.override("fr"):
            queue_email(
                recipient=speaker.email,
                kind="speaker_invitation",
                subject=" ".join(render_to_string("speakers/email/invitation_subject.txt", context).split()),
                body_text=render_to_string("speakers/email/invitation.txt", context),
            )
    return invitation


def find_invitation(token: str, *, now: dt.datetime | None = None) -> SpeakerInvitation:
    """The invitation a link's token names, if it can still be used; otherwise an error that
    says why and what to do."""
    now = now or timezone.now()
    invitation = (
        SpeakerInvitation.objects.select_related("speaker")
        .filter(token_hash=SpeakerInvitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), code="unknown")
    if invitation.accepted_at:
        raise InvitationError(_("This invitation link has already been used."), code="used", invitation=invitation)
    if invitation.revoked_at:
        raise InvitationError(
            _("This invitation link was replaced by a newer one."), code="replaced", invitation=invitation
        )
    if invitation.expires_at <= now:
        raise InvitationError(_("This invitation link has expired."), code="expired", invitation=invitation)
    return invitation


def accept_invitation(token: str, *, user, now: dt.datetime | None = None) -> Speaker:
    """Link `user`'s account to the invited speaker's profile; the link is then used up."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = find_invitation(token, now=now)
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:  # accepted meanwhile, by a second click
            raise InvitationError(_("This invitation link has already been used."), code="used")
        speaker = Speaker.objects.select_for_update().get(pk=invitation.speaker_id)
        if speaker.user_id and speaker.user_id != user.pk:
            raise InvitationError(_("This speaker profile is already linked to another account."), code="taken")
        other = Speaker.objects.filter(user=user).exclude(pk=speaker.pk).first()
        if other is not None:
            raise InvitationError(
                _("Your account is already linked to the profile of %(speaker)s.") % {"speaker": other},
                code="already_a_speaker",
            )
        speaker.user = user
        speaker.save(update_fields=["user"])
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
    return speaker


def invitation_state(speaker: Speaker) -> str:
    """ "Not invited", "Invited on …" or "Accepted on …", for the organisers' list."""
    invitations = list(speaker.invitations.all())  # prefetched by the admin
    accepted = next((i for i in invitations if i.accepted_at), None)
    if accepted:
        return _("Accepted on %(date)s") % {"date": f"{timezone.localtime(accepted.accepted_at):%d/%m/%Y}"}
    if speaker.user_id:
        return _("Has access")
    if invitations:
        latest = max(invitations, key=lambda i: i.created_at)
        return _("Invited on %(date)s") % {"date": f"{timezone.localtime(latest.created_at):%d/%m/%Y}"}
    return _("Not invited")


@transaction.atomic
def update_profile(speaker: Speaker, changes: dict, *, user) -> Speaker:
    """Save a speaker's own changes (or an organiser's), remembering who made them."""
    for field, value in changes.items():
        setattr(speaker, field, value)
    speaker.updated_by = user
    speaker.save()
    return speaker


@transaction.atomic
def replace_photo(speaker: Speaker, upload, *, user) -> Speaker:
    """Check and re-encode an uploaded photo, then put it in place of the old one.

    Raises PhotoError with a message for the person when the file is refused."""
    processed = process_photo(upload)
    old_files = [field.name for field in (speaker.photo, speaker.photo_small) if field]
    name = uuid.uuid4().hex
    speaker.photo.save(f"{name}.webp", ContentFile(processed.large), save=False)
    speaker.photo_small.save(f"{name}-small.webp", ContentFile(processed.small), save=False)
    speaker.updated_by = user
    speaker.save()
    storage = speaker.photo.storage
    transaction.on_commit(lambda: [storage.delete(old) for old in old_files])
    return speaker


@transaction.atomic
def remove_photo(speaker: Speaker, *, user) -> Speaker:
    old_files = [field.name for field in (speaker.photo, speaker.photo_small) if field]
    speaker.photo = speaker.photo_small = ""
    speaker.updated_by = user
    speaker.save()
    storage = Speaker._meta.get_field("photo").storage
    transaction.on_commit(lambda: [storage.delete(old) for old in old_files])
    return speaker
