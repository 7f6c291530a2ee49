"""Invite-driven seats: reserved seats per category, invitees, seats held for colleagues."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event
from mail.models import OutgoingEmail
from registrations.models.seats import Registration


class SeatReservation(models.Model):
    """Seats held for one category (say 60 for partners) out of the general pool until a
    date; after it, the seats that category did not use return to the pool."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reservations", verbose_name=_("event"))
    category = models.CharField(_("category"), max_length=20, choices=Registration.Category.choices)
    seats = models.PositiveIntegerField(_("seats"))
    until = models.DateTimeField(_("held until"))
    released_at = models.DateTimeField(_("unused seats returned at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("seat reservation")
        verbose_name_plural = _("seat reservations")
        constraints = [models.UniqueConstraint(fields=["event", "category"], name="one_reservation_per_category")]

    def __str__(self):
        return f"{self.get_category_display()}: {self.seats}"


class InviteeQuerySet(models.QuerySet):
    def awaiting_answer(self):
        return self.filter(invited_at__isnull=False, registration__isnull=True, declined_at__isnull=True)

    def with_answer(self):
        """Annotate `answer_state`, an `Invitee.Answer`: the one rule for the admin's list
        and filter, the follow-up figures and the invitation page."""
        Answer, Status = Invitee.Answer, Registration.Status
        return self.annotate(
            answer_state=models.Case(
                models.When(registration__status=Status.CONFIRMED, then=models.Value(Answer.REGISTERED)),
                models.When(registration__status=Status.WAITLISTED, then=models.Value(Answer.WAITING)),
                models.When(
                    Q(declined_at__isnull=False) | Q(registration__status=Status.CANCELLED),
                    then=models.Value(Answer.DECLINED),
                ),
                models.When(invited_at__isnull=False, then=models.Value(Answer.NO_ANSWER)),
                default=models.Value(Answer.NOT_INVITED),
                output_field=models.CharField(),
            )
        )


class Invitee(models.Model):
    """Someone organisers invite: a client, a partner, a supplier. Their link carries a
    random token and nothing about them."""

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    class Answer(models.TextChoices):
        NOT_INVITED = "not invited", _("Not invited yet")
        NO_ANSWER = "no answer", _("No answer")
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("event"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Registration.Category.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FR)
    token = models.CharField(max_length=64, unique=True, editable=False)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitee",
        verbose_name=_("registration"),
    )
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True, editable=False)
    # Passed to a colleague: this invitation is closed, the colleague's is `passed_to`.
    passed_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="passed_from",
        verbose_name=_("passed to"),
    )
    passed_at = models.DateTimeField(_("passed on at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    emails = GenericRelation(OutgoingEmail, related_query_name="invitee")

    objects = InviteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["organisation", "last_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "event", name="one_invitee_per_address_per_event"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.organisation})"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The personal link of the invitation e-mail."""
        return reverse("registrations:invitation", kwargs={"token": self.token})

    @property
    def answer(self) -> "Invitee.Answer":
        """Read from `InviteeQuerySet.with_answer()`'s annotation (one query if the invitee
        was loaded without it)."""
        if not hasattr(self, "answer_state"):
            self.answer_state = Invitee.objects.with_answer().values_list("answer_state", flat=True).get(pk=self.pk)
        return Invitee.Answer(self.answer_state)


class SeatHold(models.Model):
    """A seat an assistant holds for a colleague, until the colleague confirms with their own
    account or the hold lapses and the seat returns."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the colleague")
        CONFIRMED = "confirmed", _("Confirmed by the colleague")
        EXPIRED = "expired", _("Lapsed")

    HOLD_FOR = dt.timedelta(days=3)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="holds", verbose_name=_("event"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("held by")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Registration.Category.choices)
    # True when the holder's own category was vouched for and is the one given: only then
    # does the hold (and the colleague's seat) come from that category's reserved seats.
    category_vouched = models.BooleanField(_("category vouched for"), default=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    held_until = models.DateTimeField(_("held until"))
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hold",
        verbose_name=_("registration"),
    )
    created_at = models.DateTimeField(_("held at"), auto_now_add=True)
    emails = GenericRelation(OutgoingEmail, related_query_name="hold")

    class Meta:
        verbose_name = _("seat held for a colleague")
        verbose_name_plural = _("seats held for colleagues")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The link the colleague receives to take the held seat."""
        return reverse("registrations:hold", kwargs={"token": self.token})

    def is_active(self, now: dt.datetime) -> bool:
        return self.status == self.Status.PENDING and self.held_until > now


# No account needs more than the room holds.
MOST_SEATS_HELD = 500


class HoldAllowance(models.Model):
    """How many seats one account may hold for colleagues at an event, where an organiser
    raised it above `HoldAllowance.DEFAULT` (an assistant registering a whole team)."""

    # Enough for a manager and a few colleagues; more is the organisers' decision.
    DEFAULT = 3

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="hold_allowances", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    seats = models.PositiveSmallIntegerField(
        _("seats it may hold for colleagues"), validators=[MaxValueValidator(MOST_SEATS_HELD)]
    )

    class Meta:
        verbose_name = _("allowance of seats held for colleagues")
        verbose_name_plural = _("allowances of seats held for colleagues")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_hold_allowance_per_account"),
            models.CheckConstraint(condition=Q(seats__lte=MOST_SEATS_HELD), name="hold_allowance_at_most_the_room"),
        ]

    def __str__(self):
        return f"{self.user}: {self.seats}"
