"""Seats and workshop places: registrations, their waiting lists, workshop bookings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session
from mail.models import OutgoingEmail


def ahead_of(queued_at, pk) -> Q:
    """Those ahead of an entry in a waiting list, which is ordered by the time people joined
    it, then by id for those who joined at the same instant. Takes values or OuterRefs."""
    return Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=pk)


def position_in_line(entry, line) -> int:
    """`entry`'s place in `line`, a waiting list."""
    return line.filter(ahead_of(entry.queued_at, entry.pk)).count() + 1


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def holding_a_seat(self):
        """Those a seat is counted for: confirmed, or offered a seat not yet taken."""
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.OFFERED])

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "pk")

    def category_to_verify(self):
        """Self-declared categories an organiser has still to confirm or correct, of people
        still in (neither cancelled nor refused)."""
        return self.filter(category_vouched=False).exclude(
            status__in=[Registration.Status.CANCELLED, Registration.Status.REFUSED]
        )

    def awaiting_approval(self):
        """Open registrations an organiser has still to approve, in the order they came."""
        return self.filter(status=Registration.Status.AWAITING_APPROVAL).order_by("created_at", "pk")

    def with_place_in_line(self):
        """Annotate `place_in_line` (None unless waiting) in the same query, for lists of
        registrations that would otherwise count once per row."""
        ahead = (
            Registration.objects.filter(event=models.OuterRef("event"), status=Registration.Status.WAITLISTED)
            .filter(ahead_of(models.OuterRef("queued_at"), models.OuterRef("pk")))
            .order_by()
            .values("event")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            place_in_line=models.Case(
                models.When(
                    status=Registration.Status.WAITLISTED,
                    then=Coalesce(models.Subquery(ahead, output_field=models.IntegerField()), 0) + 1,
                ),
                default=None,
            )
        )


class Registration(models.Model):
    """One person's registration for the event: a seat, or a place on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        # A freed seat offered to the next in line in the last days: held for them until
        # `offer_expires_at`, counted as taken.
        OFFERED = "offered", _("Seat offered")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    class Category(models.TextChoices):
        CLIENT = "client", _("Client")
        PARTNER = "partner", _("Partner")
        SUPPLIER = "supplier", _("Supplier")
        PRESS = "press", _("Press")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    # Empty only for a walk-in registered at the door without an e-mail address: they have
    # no account, get no e-mail and are checked in at once.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("account"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    # Given by an invitation or confirmed by an organiser: only then may the person take a
    # seat reserved for their category. A self-declared category takes general seats.
    category_vouched = models.BooleanField(_("category vouched for"), default=False)
    dietary_requirements = models.CharField(
        _("dietary requirements"),
        max_length=300,
        blank=True,
        help_text=_("For example vegetarian, vegan, gluten-free, allergies."),
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"), max_length=1000, blank=True, help_text=_("Anything that would make the day easier.")
    )
    accepted_terms_at = models.DateTimeField(_("terms accepted at"))
    photo_consent = models.BooleanField(_("agrees to appear in photos"), default=False)
    photo_consent_changed_at = models.DateTimeField(_("photo consent given or withdrawn at"), null=True, blank=True)
    news_opt_in = models.BooleanField(_("wants news from Constellation"), default=False)
    news_opt_in_changed_at = models.DateTimeField(_("news consent given or withdrawn at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    queued_at = models.DateTimeField(
        _("joined the waiting list at"), null=True, blank=True, help_text=_("Orders the waiting list.")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("seat offered until"), null=True, blank=True)
    offer_lapsed_at = models.DateTimeField(
        _("offer lapsed at"), null=True, blank=True, help_text=_("An offer not taken in time: not offered again.")
    )
    list_closed_told_at = models.DateTimeField(_("told the waiting list closed at"), null=True, blank=True)
    reconfirmation_sent_at = models.DateTimeField(_("asked to reconfirm at"), null=True, blank=True)
    reconfirmation_reminded_at = models.DateTimeField(_("reminded to reconfirm at"), null=True, blank=True)
    reconfirmed_at = models.DateTimeField(_("reconfirmed at"), null=True, blank=True)
    freed_at = models.DateTimeField(
        _("seat freed at"),
        null=True,
        blank=True,
        help_text=_("Freed from the reconfirmation e-mail or by an organiser."),
    )
    # Paperless by default (issue 19): the code on the phone is the badge; only those who
    # ask get one printed in the print runs.
    wants_printed_badge = models.BooleanField(_("wants a printed badge"), default=False)
    # The person an organisation's footprint statement is sent to (marked by the organisers).
    is_organisation_contact = models.BooleanField(_("contact of their organisation"), default=False)
    is_walk_in = models.BooleanField(
        _("registered at the door"), default=False, help_text=_("A walk-in, registered by the staff on the day.")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by (staff)"),
    )
    feedback_requested_at = models.DateTimeField(_("asked for feedback at"), null=True, blank=True)
    # Part of the badge code: a seat passed to a colleague makes the old badge invalid.
    badge_version = models.PositiveSmallIntegerField(_("badge version"), default=1)
    # Its e-mails (confirmation, waiting list, workshops, reminder), deleted with it.
    emails = GenericRelation(OutgoingEmail, related_query_name="registration")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        permissions = [("check_in", _("Can check attendees in at the door"))]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_account_per_event"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(queued_at__isnull=False), name="waitlisted_has_a_queue_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False, queued_at__isnull=False),
                name="offered_has_an_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("registrations:mine")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_come_in(self) -> bool:
        """Checked in at the door, asked of the database (a cached `check_in` may be stale
        under a lock)."""
        return Registration.objects.filter(pk=self.pk, check_in__isnull=False).exists()

    @property
    def is_offered(self) -> bool:
        return self.status == self.Status.OFFERED

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.AWAITING_APPROVAL

    @property
    def is_refused(self) -> bool:
        return self.status == self.Status.REFUSED

    @property
    def seat_category(self) -> str:
        """The category whose reserved seats this person may take: none ("") unless an
        invitation or an organiser vouched for it."""
        return self.category if self.category_vouched else ""

    def waiting_list_position(self) -> int | None:
        """1 for the next person to get a seat; None when not waiting."""
        if not self.is_waitlisted:
            return None
        return position_in_line(self, Registration.objects.waiting().filter(event_id=self.event_id))


class WorkshopBookingQuerySet(models.QuerySet):
    def booked(self):
        return self.filter(status=WorkshopBooking.Status.BOOKED)

    def waiting(self):
        return self.filter(status=WorkshopBooking.Status.WAITLISTED).order_by("queued_at", "pk")

    def active(self):
        return self.exclude(status=WorkshopBooking.Status.CANCELLED)


class WorkshopBooking(models.Model):
    """A confirmed attendee's place in a workshop, or on that workshop's waiting list."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="bookings",
        limit_choices_to={"kind": Session.Kind.WORKSHOP},
        verbose_name=_("workshop"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    queued_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkshopBookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop booking")
        verbose_name_plural = _("workshop bookings")
        ordering = ["session__start"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_booking_per_workshop"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(queued_at__isnull=False),
                name="waitlisted_booking_has_a_queue_time",
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name} — {self.session.title}"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    def waiting_list_position(self) -> int | None:
        if not self.is_waitlisted:
            return None
        return position_in_line(self, WorkshopBooking.objects.waiting().filter(session_id=self.session_id))
