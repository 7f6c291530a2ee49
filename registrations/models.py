import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session


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

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "pk")

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
        CANCELLED = "cancelled", _("Cancelled")

    class Category(models.TextChoices):
        CLIENT = "client", _("Client")
        PARTNER = "partner", _("Partner")
        SUPPLIER = "supplier", _("Supplier")
        PRESS = "press", _("Press")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("account")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
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


class Announcement(models.Model):
    """A message organisers send to every confirmed attendee, in French and English."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("event"))
    workshop = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        limit_choices_to={"kind": Session.Kind.WORKSHOP},
        verbose_name=_("only to the attendees of this workshop"),
        help_text=_("Leave empty to write to every confirmed attendee."),
    )
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    body_fr = models.TextField(_("message (French)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject_fr

    def recipients(self):
        """The confirmed attendees this announcement is for."""
        confirmed = Registration.objects.confirmed().filter(event_id=self.event_id)
        if self.workshop_id:
            confirmed = confirmed.filter(
                bookings__session_id=self.workshop_id, bookings__status=WorkshopBooking.Status.BOOKED
            )
        return confirmed

    def subject_in(self, language: str) -> str:
        return self.subject_en if language == "en" else self.subject_fr

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_fr


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=OutgoingEmail.Status.PENDING)


class OutgoingEmail(models.Model):
    """One e-mail the platform owes someone, written in the same transaction as the change
    that calls for it. The row is the guard of "exactly once": whoever sends it first marks
    it sent, and every later attempt (a retried, duplicated or re-delivered task, the sweep)
    finds it sent and does nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("workshop")
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("announcement"),
    )
    invitee = models.ForeignKey(
        "Invitee", on_delete=models.CASCADE, null=True, blank=True, related_name="emails", verbose_name=_("invitee")
    )
    hold = models.ForeignKey(
        "SeatHold", on_delete=models.CASCADE, null=True, blank=True, related_name="emails", verbose_name=_("held seat")
    )
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

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_pending_due")]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class CheckIn(models.Model):
    """An attendee's arrival at the door: recorded once, with the time and the staff member."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in", verbose_name=_("registration")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked in by")
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]

    def __str__(self):
        return f"{self.registration.full_name} — {self.checked_in_at:%H:%M}"


class BadgePrintRun(models.Model):
    """A batch of badges rendered into one PDF by a worker, for organisers to print."""

    class Source(models.TextChoices):
        SELECTED = "selected", _("Selected registrations")
        CONFIRMED = "confirmed", _("All confirmed attendees")
        SPEAKERS = "speakers", _("All speakers")
        ORGANISERS = "organisers", _("All organisers")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="badge_runs", verbose_name=_("event"))
    source = models.CharField(_("badges of"), max_length=20, choices=Source.choices, default=Source.CONFIRMED)
    registration_ids = models.JSONField(_("registrations"), default=list, blank=True)
    sheets = models.BooleanField(_("A4 sheets of four"), default=True, help_text=_("Otherwise one A6 page per badge."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("badges rendered"), default=0)
    total = models.PositiveIntegerField(_("badges"), default=0)
    file = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge print run")
        verbose_name_plural = _("badge print runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} (#{self.pk})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


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
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
