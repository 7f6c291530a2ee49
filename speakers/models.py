import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BIO_MAX_LENGTH = 1500
# Below this a bio is flagged as incomplete to organisers.
BIO_MIN_COMPLETE = 200


def speaker_photo_path(speaker, filename):
    # A random name: the uploaded file name may carry personal data and is never trusted.
    return f"speakers/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Speaker(models.Model):
    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True, help_text=_("Optional, e.g. she/her."))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), max_length=BIO_MAX_LENGTH, blank=True)
    # Both re-encoded by the site (square WebP, no metadata): 400 px for the speaker's page,
    # 160 px for lists.
    photo = models.ImageField(_("photo"), upload_to=speaker_photo_path, blank=True)
    photo_small = models.ImageField(_("small photo"), upload_to=speaker_photo_path, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Private: where the invitation to the speaker area is sent.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker",
        verbose_name=_("account"),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("speakers:detail", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        return "".join(word[0] for word in self.name.split()[:2]).upper()

    @property
    def is_complete(self) -> bool:
        # The French bio, the reference (an English one is optional), as the admin's filter.
        return bool(self.photo) and len(self.bio_fr or "") >= BIO_MIN_COMPLETE

    @property
    def role(self) -> str:
        """ "Job title, organisation" as shown under the speaker's name."""
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


class SpeakerLink(models.Model):
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="links", verbose_name=_("speaker"))
    label = models.CharField(_("label"), max_length=50, help_text=_("For example LinkedIn, Mastodon, Bluesky."))
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class SpeakerInvitation(models.Model):
    """A link, valid for a limited time and usable once, that lets a speaker link their
    account to their profile. Only a hash of the token is stored."""

    VALID_FOR = timezone.timedelta(days=14)

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("speaker")
    )
    email = models.EmailField(_("sent to"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )

    class Meta:
        verbose_name = _("speaker invitation")
        verbose_name_plural = _("speaker invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.speaker} — {self.email}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
