from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=OutgoingEmail.Status.PENDING)

    def about(self, source: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(source), object_id=source.pk)


class OutgoingEmail(models.Model):
    """One e-mail the platform owes someone, written in the same transaction as the change
    that calls for it. The row is the guard of "exactly once": whoever sends it first marks
    it sent, and every later attempt (a retried, duplicated or re-delivered task, the sweep)
    finds it sent and does nothing.

    What the e-mail is about (a registration, an invitation, an announcement…) is a generic
    reference, so that the outbox knows nothing of the apps that use it; each app gives the
    model it owns a `GenericRelation` to find its e-mails, and renders its own kinds."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("about (type)")
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    # What the renderer needs besides `about`: ids of other objects, figures of the moment.
    context = models.JSONField(_("context"), default=dict, blank=True)
    # Messages rendered by the request that asked for them (allauth's codes and links);
    # erased once sent so that no secret lingers in the database.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    dedupe_key = models.CharField(
        _("uniqueness key"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set for e-mails a person must get at most once, such as a reminder or an announcement."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The message as it left, for the event's digital footprint (the text itself may be erased).
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    attachment_bytes = models.PositiveIntegerField(_("attachments (bytes)"), null=True, blank=True, editable=False)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        # The table of the days when the outbox was part of registrations: kept, with its rows.
        db_table = "registrations_outgoingemail"
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="email_pending_due"),
            models.Index(fields=["content_type", "object_id"], name="email_about"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
