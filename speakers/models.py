import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def speaker_photo_path(speaker, filename):
    # A random name: the uploaded file name may carry personal data and is never trusted.
    return f"speakers/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=speaker_photo_path, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("speakers:detail", kwargs={"slug": self.slug})

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
