import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def is_a_table_of_rates(value) -> bool:
    """{"client": 80, …}: what `Event.show_rate_for` reads (JSON null, a list or a word
    once saved made the catering figures answer 500)."""
    return isinstance(value, dict) and all(
        isinstance(key, str)
        and key.isascii()
        and key.isidentifier()  # a category's name ("client"): no NUL, which PostgreSQL's jsonb refuses
        and len(key) <= 20
        and isinstance(rate, int)
        and not isinstance(rate, bool)
        and 0 <= rate <= 100
        for key, rate in value.items()
    )


# Badge pick-up the day before is usual; a week is the most any desk needs.
MAX_CHECK_IN_DAYS_BEFORE = 7


# An edition's part of its addresses (/2027/programme/): a year, and a word after it where a
# year has two editions. No other path of the site starts with a digit.
EDITION_PATTERN = r"\d{4}(?:-[a-z0-9]+)*"


def first_free(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… : the first that is not taken."""
    return next(key for key in [wanted, *(f"{wanted}-{n}" for n in range(2, 1000))] if key not in taken)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(models.Model):
    class Phase(models.TextChoices):
        """Where an edition stands at a moment: what its pages tell people."""

        BEFORE_OPENING = "before_opening", _("Registration not open yet")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")
        TODAY = "today", _("The day")
        OVER = "over", _("Over")

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Open: anyone with an account may register")
        INVITATION = "invitation", _("By invitation only: a registration needs an invitation link")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    edition = models.CharField(
        _("edition"),
        max_length=20,
        unique=True,
        blank=True,
        validators=[
            RegexValidator(f"^{EDITION_PATTERN}$", _("A year, as in 2027, or a year and a word: 2027-autumn."))
        ],
        help_text=_("The edition's part of its addresses, as in /2027/programme/. Left empty: the year of its date."),
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    practical_information = models.TextField(
        _("practical information"),
        blank=True,
        help_text=_("Getting there, accessibility, what to bring: shown on the home page."),
    )
    date = models.DateField(_("date"))
    doors_open_at = models.TimeField(_("doors open at"))
    closes_at = models.TimeField(_("closes at"))
    venue_name = models.CharField(_("venue name"), max_length=200)
    venue_address = models.CharField(_("venue address"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"), default=350)
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    is_published = models.BooleanField(_("published"), default=False)
    registration_mode = models.CharField(
        _("registration mode"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    programme_published = models.BooleanField(
        _("programme published"),
        default=True,
        help_text=_("Unticked, the programme, its sessions and its speakers stay a draft that only organisers see."),
    )
    footprint_published = models.BooleanField(
        _("publish the footprint page"),
        default=False,
        help_text=_("Show the public page with the event's estimated footprint and what was done to reduce it."),
    )
    footprint_actions = models.TextField(
        _("what we did to reduce the footprint"), blank=True, help_text=_("Shown on the public footprint page.")
    )
    # The rules of an invite-driven event (issue 17): who may take which seat, and when the
    # waiting list stops moving.
    open_registrations_need_approval = models.BooleanField(
        _("open registrations wait for approval"),
        default=False,
        help_text=_("A person who registers without an invitation takes a seat only once an organiser approves."),
    )
    invitations_can_be_passed_on = models.BooleanField(
        _("invitations can be passed to a colleague"),
        default=True,
        help_text=_("Someone who opens an invitation sent to a colleague may pass it to their own address."),
    )
    offers_start_days_before = models.PositiveSmallIntegerField(
        _("seat offers from (days before)"),
        default=7,
        help_text=_("Before this, a freed seat confirms the next person at once; from then on it is offered to them."),
    )
    offer_window_hours = models.PositiveSmallIntegerField(_("time to accept an offered seat (hours)"), default=24)
    check_in_opens_days_before = models.PositiveSmallIntegerField(
        _("check-in opens (days before)"),
        default=1,
        validators=[MaxValueValidator(MAX_CHECK_IN_DAYS_BEFORE)],
        help_text=_(
            "The desks check people in from midnight this many days before the event (1: badge pick-up the day "
            "before) until midnight at the end of the event's day."
        ),
    )
    promotion_cutoff_hours = models.PositiveSmallIntegerField(
        _("waiting list closes (hours before the doors open)"),
        default=24,
        help_text=_("After this, freed seats stay free for the door."),
    )
    reconfirmation_days_before = models.PositiveSmallIntegerField(
        _("ask attendees to reconfirm (days before)"), default=7
    )
    reconfirmation_reminder_days_before = models.PositiveSmallIntegerField(
        _("remind those who have not reconfirmed (days before)"), default=3
    )
    expected_show_rate = models.PositiveSmallIntegerField(
        _("expected show rate (%)"),
        default=85,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of those who did not reconfirm expected on the day, for the caterer's count."),
    )
    show_rates = models.JSONField(
        _("expected show rate per category (%)"),
        default=dict,
        blank=True,
        help_text=_('For example {"client": 80, "partner": 90}; other categories use the rate above.'),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        default="bonjour@techforclimate.fr",
        help_text=_("Shown to people who need an invitation or a new link."),
    )
    # Part of the programme page's cache key: every change to what the page shows moves it
    # (events/signals.py), so no server process can show a stale programme.
    programme_changed_at = models.DateTimeField(_("programme last changed at"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_in_opens_days_before__lte=MAX_CHECK_IN_DAYS_BEFORE),
                name="event_check_in_opens_at_most_a_week_before",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%Y})"

    def save(self, *args, **kwargs):
        if not self.edition and self.date:
            self.edition = self.free_edition_key()
        super().save(*args, **kwargs)

    def free_edition_key(self) -> str:
        """The year of the date, or the year and a number where another edition has it."""
        year = str(self.date.year)
        taken = Event.objects.exclude(pk=self.pk).filter(edition__startswith=year).values_list("edition", flat=True)
        return first_free(year, set(taken))

    def shows_programme_to(self, user) -> bool:
        """A programme in draft is the organisers' alone."""
        return self.programme_published or bool(getattr(user, "is_staff", False))

    def clean(self):
        errors = {}
        if self.doors_open_at and self.closes_at and self.closes_at <= self.doors_open_at:
            errors["closes_at"] = _("The event must close after its doors open.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if not is_a_table_of_rates(self.show_rates):
            errors["show_rates"] = _(
                'Write each category with a share from 0 to 100, for example {"client": 80}; {} for none.'
            )
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.doors_open_at, tzinfo=timezone.get_current_timezone())

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.closes_at, tzinfo=timezone.get_current_timezone())

    @property
    def check_in_opens_at(self) -> dt.datetime:
        day = self.date - dt.timedelta(days=self.check_in_opens_days_before)
        return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())

    @property
    def check_in_closes_at(self) -> dt.datetime:
        """The midnight that ends the event's day (the desks' list expires then too)."""
        return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time(), tzinfo=timezone.get_current_timezone())

    def is_check_in_open(self, moment: dt.datetime) -> bool:
        return self.check_in_opens_at <= moment < self.check_in_closes_at

    @property
    def promotion_cutoff(self) -> dt.datetime:
        """After this instant nobody is promoted from the waiting list."""
        return self.starts_at - dt.timedelta(hours=self.promotion_cutoff_hours)

    @property
    def offers_start(self) -> dt.datetime:
        """From this instant a freed seat is offered to the next person instead of given."""
        return self.starts_at - dt.timedelta(days=self.offers_start_days_before)

    def show_rate_for(self, category: str) -> int:
        """The expected show rate (%) of the people of `category` who did not reconfirm."""
        # A table saved before it was checked (`is_a_table_of_rates`) counts as not entered.
        rates = self.show_rates if is_a_table_of_rates(self.show_rates) else {}
        return int(rates.get(category, self.expected_show_rate))

    @property
    def is_invitation_only(self) -> bool:
        return self.registration_mode == self.RegistrationMode.INVITATION

    def is_registration_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.registration_opens_at <= now < self.registration_closes_at

    def phase(self, now: dt.datetime) -> "Event.Phase":
        if now >= self.ends_at:
            return self.Phase.OVER
        if now.astimezone(timezone.get_current_timezone()).date() == self.date:
            return self.Phase.TODAY
        if now < self.registration_opens_at:
            return self.Phase.BEFORE_OPENING
        if now < self.registration_closes_at:
            return self.Phase.OPEN
        return self.Phase.CLOSED


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of the room's column in the programme grid.")
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name_fr"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_room_name_per_event")]

    def __str__(self):
        return self.name

    def clean(self):
        # Its sessions are its event's: moved to another edition, the room would take them
        # into a programme they are not in.
        if self.pk and self.sessions.exclude(event_id=self.event_id).exists():
            raise ValidationError({"event": _("This room has sessions in its event: it cannot move to another.")})


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name


class SessionQuerySet(models.QuerySet):
    def for_programme(self):
        """Everything the programme shows, in a fixed number of queries."""
        return (
            self.select_related("room", "theme")
            .prefetch_related("speakers")
            .order_by("start", "room__position", "title_fr")  # the French title: the same order in every language
        )

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        WORKSHOP = "workshop", _("Workshop")
        WELCOME = "welcome", _("Welcome coffee")
        BREAK = "break", _("Break")
        LUNCH = "lunch", _("Lunch")
        NETWORKING = "networking", _("Networking")

    class Language(models.TextChoices):
        # The language the session is given in, not the language of its page.
        FRENCH = "fr", _("In French")
        ENGLISH = "en", _("In English")
        BILINGUAL = "bilingual", _("Bilingual")

    # Sessions with a speaker and an abstract; the others are slots in the day.
    TALK_KINDS = {Kind.PLENARY, Kind.WORKSHOP}

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.FRENCH)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("theme")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
        help_text=_("Leave empty for a slot that takes place across the venue (coffee, lunch)."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("workshop capacity"),
        null=True,
        blank=True,
        help_text=_("Workshops only. Leave empty to use the room's capacity."),
    )
    speakers = models.ManyToManyField(
        "speakers.Speaker", blank=True, related_name="sessions", verbose_name=_("speakers")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "room__position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_session_slug_per_event"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.is_workshop and self.capacity is None and self.room_id:
            self.capacity = self.room.capacity
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:session", kwargs={"slug": self.slug})

    @property
    def is_workshop(self) -> bool:
        return self.kind == self.Kind.WORKSHOP

    @property
    def is_talk(self) -> bool:
        return self.kind in self.TALK_KINDS

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        has_times = self.start is not None and self.end is not None
        if has_times and self.end <= self.start:
            add("end", _("A session must end after it starts."))
        if has_times and self.event_id and not (self.event.starts_at <= self.start and self.end <= self.event.ends_at):
            add(
                "start",
                _("A session must take place on the event day, between %(opens)s and %(closes)s.")
                % {"opens": f"{self.event.doors_open_at:%H:%M}", "closes": f"{self.event.closes_at:%H:%M}"},
            )
        if self.room_id and self.event_id and self.room.event_id != self.event_id:
            add("room", _("This room belongs to another event."))
        if self.kind in self.TALK_KINDS and not self.room_id:
            add("room", _("Plenaries and workshops need a room."))
        if self.is_workshop:
            if self.room_id and self.capacity is not None and self.capacity > self.room.capacity:
                add(
                    "capacity",
                    _("A workshop cannot hold more people than its room (%(room)s: %(capacity)s seats).")
                    % {"room": self.room.name, "capacity": self.room.capacity},
                )
        elif self.capacity is not None:
            add("capacity", _("Only workshops have their own capacity."))
        if has_times and self.room_id and self.end > self.start:
            clash = (
                Session.objects.filter(room_id=self.room_id)
                .overlapping(self.start, self.end)
                .exclude(pk=self.pk)
                .first()
            )
            if clash:
                add(
                    "room",
                    _("%(room)s is already used by “%(session)s” (%(start)s–%(end)s).")
                    % {
                        "room": self.room.name,
                        "session": clash.title,
                        "start": f"{timezone.localtime(clash.start):%H:%M}",
                        "end": f"{timezone.localtime(clash.end):%H:%M}",
                    },
                )
        if has_times and self.end > self.start:
            # A form passes the speakers being chosen; otherwise check the saved ones.
            speakers = getattr(self, "pending_speakers", None)
            if speakers is None and self.pk:
                speakers = self.speakers.all()
            self.validate_speakers(speakers or [], errors_to=errors)
        if errors:
            raise ValidationError(errors)

    def validate_speakers(self, speakers, *, errors_to: dict | None = None):
        """Refuse speakers who already speak in another session at an overlapping time.

        Called by `clean()` for the saved speakers, by the admin form for the speakers being
        chosen, and before every change of the speakers relation (see `events.signals`)."""
        clashes = (
            Session.objects.filter(speakers__in=list(speakers))
            .overlapping(self.start, self.end)
            .exclude(pk=self.pk)
            .prefetch_related("speakers")
            .distinct()
        )
        speaker_ids = {speaker.pk for speaker in speakers}
        messages = [
            _("%(speaker)s already speaks in “%(session)s” at that time.")
            % {"speaker": speaker.name, "session": clash.title}
            for clash in clashes
            for speaker in clash.speakers.all()
            if speaker.pk in speaker_ids
        ]
        if not messages:
            return
        if errors_to is None:
            raise ValidationError({"speakers": messages})
        errors_to.setdefault("speakers", []).extend(messages)
