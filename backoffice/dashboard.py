"""The figures of the organisers' reports (the dashboard, the catering page), each in a
fixed number of queries."""

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from core.translated_admin import missing_english
from day.models import DeskBadgePrint
from day.paperless import BadgeCounts
from events.models import Event, Session, Theme
from mail.models import OutgoingEmail
from registrations.models import Registration, SeatHold, WorkshopBooking
from registrations.services import seat_counts
from speakers.models import Speaker


def dashboard(event: Event, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    registrations = Registration.objects.filter(event=event)
    by_status = dict(registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    confirmed = by_status.get(Registration.Status.CONFIRMED, 0)
    attendance = attendance_per_category(event)
    by_category = {line.category: line.confirmed + line.walk_ins for line in attendance["lines"]}
    per_day = Counter(
        dict(
            registrations.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
            .values_list("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
    )
    first_day = timezone.localtime(event.registration_opens_at).date()
    last_day = min(timezone.localdate(now), event.date)
    days = [first_day + dt.timedelta(days=offset) for offset in range(max((last_day - first_day).days + 1, 0))]
    workshops = (
        Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP)
        .annotate(
            # Distinct: bookings and attendances are two joins of the same row.
            booked=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.BOOKED), distinct=True),
            waiting=Count("bookings", filter=Q(bookings__status=WorkshopBooking.Status.WAITLISTED), distinct=True),
            attended=Count("attendances", distinct=True),
            attended_unbooked=Count("attendances", filter=~Q(attendances__booking="booked"), distinct=True),
        )
        .order_by("start", "room__position")
    )
    emails = dict(
        OutgoingEmail.objects.filter(status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "event": event,
        "capacity": event.capacity,
        "confirmed": confirmed,
        "waiting": by_status.get(Registration.Status.WAITLISTED, 0),
        "cancelled": by_status.get(Registration.Status.CANCELLED, 0),
        "held": SeatHold.objects.filter(event=event, status=SeatHold.Status.PENDING, held_until__gt=now).count(),
        "seats_left": seat_counts(event, now).free,
        "by_category": [(label, by_category.get(value, 0)) for value, label in Registration.Category.choices],
        "per_day": [(day, per_day.get(day, 0)) for day in days],
        "workshops": list(workshops),
        "emails_pending": emails.get(OutgoingEmail.Status.PENDING, 0),
        "emails_failed": emails.get(OutgoingEmail.Status.FAILED, 0),
        "is_event_day": timezone.localdate(now) == event.date,
        "checked_in": attendance["total"].came + attendance["total"].walk_ins,
        "answers": answers_per_category(event),
        "english_missing": english_missing(event),
        "attendance": attendance,
        "badges": badge_counts(event),
    }


# --- The day: who came ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryAttendance:
    """One category's show rate of the day: the registered people who were checked in, and,
    of those who had not reconfirmed, the share who came — the rate the caterer's forecast
    uses, next to the event's setting. Walk-ins came by definition: counted apart."""

    category: str
    label: str
    confirmed: int
    came: int
    not_reconfirmed: int
    not_reconfirmed_came: int
    walk_ins: int
    expected_rate: int | None  # %, the event's setting (None on the total line)

    @property
    def show_rate(self) -> int | None:
        return round(100 * self.came / self.confirmed) if self.confirmed else None

    @property
    def not_reconfirmed_rate(self) -> int | None:
        return round(100 * self.not_reconfirmed_came / self.not_reconfirmed) if self.not_reconfirmed else None


def attendance_per_category(event: Event) -> dict:
    """Per category and in all, in one query: {"lines": [...], "total": CategoryAttendance}."""
    registered = Q(is_walk_in=False)
    came = Q(check_in__isnull=False)
    not_reconfirmed = registered & Q(reconfirmed_at__isnull=True)
    rows = (
        Registration.objects.confirmed()
        .filter(event=event)
        .values("category")
        .annotate(
            confirmed=Count("pk", filter=registered),
            came=Count("pk", filter=registered & came),
            not_reconfirmed=Count("pk", filter=not_reconfirmed),
            not_reconfirmed_came=Count("pk", filter=not_reconfirmed & came),
            walk_ins=Count("pk", filter=Q(is_walk_in=True)),
        )
        .order_by()
    )
    found = {row.pop("category"): row for row in rows}
    zero = dict.fromkeys(["confirmed", "came", "not_reconfirmed", "not_reconfirmed_came", "walk_ins"], 0)
    lines = [
        CategoryAttendance(
            category=value, label=str(label), expected_rate=event.show_rate_for(value), **found.get(value, zero)
        )
        for value, label in Registration.Category.choices
    ]
    total = CategoryAttendance(
        category="", label="", expected_rate=None, **{name: sum(getattr(line, name) for line in lines) for name in zero}
    )
    return {"lines": lines, "total": total}


def catering(event: Event | None) -> dict:
    """What the caterer and the venue need: the confirmed attendees' dietary requirements,
    counted alike however they were typed, and their accessibility needs."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    requirements = Counter(
        " ".join(text.split()).lower() for text in confirmed.values_list("dietary_requirements", flat=True)
    )
    without = requirements.pop("", 0)
    return {
        "total": confirmed.count(),
        "without": without,
        "dietary": requirements.most_common(),
        "accessibility": confirmed.exclude(accessibility_needs="").order_by("last_name"),
        "lunches": lunch_count(event) if event is not None else None,
    }


# --- Translations --------------------------------------------------------------------------------


# The event's own texts, in the order of its admin page.
EVENT_TEXTS = ["tagline", "description", "practical_information", "footprint_actions"]


@dataclass(frozen=True)
class EnglishMissing:
    """What is written in French and not yet in English: the event's sessions, the speakers
    and the themes (as the admin's "English missing" filter finds them), and the names of
    the event's own texts."""

    sessions: int
    speakers: int
    themes: int
    event_texts: list[str]

    @property
    def total(self) -> int:
        return self.sessions + self.speakers + self.themes + len(self.event_texts)


def english_missing(event: Event) -> EnglishMissing:
    """In one query (three counts as subqueries); the event's texts are read from `event`."""
    counts = Event.objects.filter(pk=event.pk).values_list(
        count_of(Session.objects.filter(event=event).filter(missing_english(Session))),
        count_of(Speaker.objects.filter(missing_english(Speaker))),
        count_of(Theme.objects.filter(missing_english(Theme))),
    )
    event_texts = [
        str(Event._meta.get_field(field).verbose_name) for field in EVENT_TEXTS if is_missing_in_english(event, field)
    ]
    sessions, speakers, themes = counts.get()
    return EnglishMissing(sessions=sessions, speakers=speakers, themes=themes, event_texts=event_texts)


def count_of(queryset):
    """The number of rows of `queryset`, as a subquery of another query."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row for the whole subquery.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


def is_missing_in_english(instance, field: str) -> bool:
    """The row-by-row twin of `missing_english`, for one row already read."""
    return bool(getattr(instance, f"{field}_fr", None)) and not getattr(instance, f"{field}_en", None)


# --- Reconfirmation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryAnswers:
    """The answers to the reconfirmation e-mail of one category's people."""

    category: str
    label: str
    reconfirmed: int = 0
    not_answered: int = 0  # confirmed and not reconfirmed, asked or not yet
    asked: int = 0  # of those not answered, the ones already asked
    freed: int = 0  # freed from the e-mail or released by an organiser


def answers_per_category(event: Event) -> list[CategoryAnswers]:
    """Reconfirmed, not answered and freed, per category, in one query."""
    confirmed = Q(status=Registration.Status.CONFIRMED)
    rows = (
        Registration.objects.filter(event=event)
        .values("category")
        .annotate(
            reconfirmed=Count("pk", filter=confirmed & Q(reconfirmed_at__isnull=False)),
            not_answered=Count("pk", filter=confirmed & Q(reconfirmed_at__isnull=True)),
            asked=Count("pk", filter=confirmed & Q(reconfirmed_at__isnull=True, reconfirmation_sent_at__isnull=False)),
            freed=Count("pk", filter=Q(status=Registration.Status.CANCELLED, freed_at__isnull=False)),
        )
        .order_by()
    )
    found = {row.pop("category"): row for row in rows}
    return [
        CategoryAnswers(category=value, label=str(label), **found.get(value, {}))
        for value, label in Registration.Category.choices
    ]


@dataclass(frozen=True)
class LunchLine:
    """One category's share of the lunches: reconfirmed + not answered × show rate."""

    category: str
    label: str
    reconfirmed: int
    not_answered: int
    show_rate: int  # %, the event's setting
    measured_rate: int | None  # %, at the past edition, when it had check-ins

    @property
    def expected(self) -> Decimal:
        return self.reconfirmed + Decimal(self.not_answered * self.show_rate) / 100


def lunch_count(event: Event) -> dict:
    """The lunches to order, per category with its arithmetic, and the rates measured at the
    latest earlier edition with check-ins (checked in / confirmed), in three queries."""
    past = past_edition_with_check_ins(event)
    measured = measured_show_rates(past) if past is not None else {}
    lines = [
        LunchLine(
            category=answers.category,
            label=answers.label,
            reconfirmed=answers.reconfirmed,
            not_answered=answers.not_answered,
            show_rate=event.show_rate_for(answers.category),
            measured_rate=measured.get(answers.category),
        )
        for answers in answers_per_category(event)
    ]
    exact = sum((line.expected for line in lines), Decimal(0))
    return {
        "lines": lines,
        "reconfirmed": sum(line.reconfirmed for line in lines),
        "not_answered": sum(line.not_answered for line in lines),
        "exact": exact,
        "total": math.ceil(exact),
        "past_edition": past,
    }


def past_edition_with_check_ins(event: Event) -> Event | None:
    return (
        Event.objects.filter(date__lt=event.date, registrations__check_in__isnull=False)
        .order_by("-date")
        .distinct()
        .first()
    )


def measured_show_rates(past: Event) -> dict[str, int]:
    """Per category, the share (%) of the confirmed people of `past` who were checked in."""
    rows = (
        Registration.objects.confirmed()
        .filter(event=past, is_walk_in=False)
        .values_list("category")
        .annotate(confirmed=Count("pk"), came=Count("check_in"))
        .order_by()
    )
    return {category: round(100 * came / confirmed) for category, confirmed, came in rows if confirmed}


# --- Badges: on paper or on a phone ---------------------------------------------------------------


def badge_counts(event: Event) -> BadgeCounts:
    """In one query (four counts as subqueries), whatever the number of attendees."""
    confirmed = Registration.objects.confirmed().filter(event=event)
    printed = Exists(DeskBadgePrint.objects.filter(registration=OuterRef("pk")))
    asked, at_desk, on_phone, desk_prints = (
        Event.objects.filter(pk=event.pk)
        .values_list(
            count_of(confirmed.filter(wants_printed_badge=True)),
            count_of(confirmed.filter(printed, wants_printed_badge=False)),
            count_of(confirmed.filter(~printed, wants_printed_badge=False)),
            count_of(DeskBadgePrint.objects.filter(registration__in=confirmed)),
        )
        .get()
    )
    # A desk print for someone who asked is a second paper badge, as is every print after the first.
    return BadgeCounts(asked=asked, printed_at_desk=at_desk, reprints=desk_prints - at_desk, on_phone=on_phone)
