"""A seat passed to a colleague of the same organisation."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrations.models.seats import Registration


class SeatTransfer(models.Model):
    """A confirmed person gives their seat to a colleague, who accepts with their own account
    before `expires_at`; until then the seat stays the giver's. The link's token is never
    stored, only its hash."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the colleague")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("seat given by")
    )
    first_name = models.CharField(_("colleague's first name"), max_length=100)
    last_name = models.CharField(_("colleague's last name"), max_length=100)
    email = models.EmailField(_("colleague's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("accepted or closed at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    new_registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_from",
        verbose_name=_("colleague's registration"),
    )

    class Meta:
        verbose_name = _("seat transfer")
        verbose_name_plural = _("seat transfers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=Q(status="pending"), name="one_pending_transfer_per_registration"
            )
        ]

    def __str__(self):
        return f"{self.registration.full_name} → {self.first_name} {self.last_name}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
