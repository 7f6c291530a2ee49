"""The day after: each checked-in person with an account gets, the morning after the event, one
e-mail with a signed link (no login) to rate the sessions they attended and the day as a whole.

The link names the registration, signed with the site's secret and a salt of its own: an altered
link is refused. Answers can be changed for 14 days after the e-mail (`ANSWER_DAYS`); following
the link again edits the same answers (one per person and session), never adds more.

The results (per session: answers, distribution, comments) carry no names: organisers see every
session's, each speaker their own sessions' once the event is over."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Session
from feedback.models import DayFeedback, SessionFeedback
from registrations.emails import EmailKind, queue_registration_email
from registrations.errors import RegistrationError
from registrations.models import Registration, WorkshopBooking

SALT = "techforclimate.feedback"
# The answers can be changed for this long after the e-mail asking for them.
ANSWER_DAYS = 14
# The signature outlives the window: the window is what closes the page.
LINK_MAX_AGE = dt.timedelta(days=120)
# The sweep asks about events held at most this many days ago (a beat down for a few days
# still asks; an old event imported later is not surveyed out of the blue).
LOOK_BACK_DAYS = 7
RATINGS = range(1, 6)


class FeedbackError(RegistrationError):
    """An answer the feedback rules refuse."""


# --- The link ------------------------------------------------------------------------------------


def feedback_token(registration: Registration) -> str:
    return signing.dumps([registration.pk], salt=SALT, compress=False)


def read_feedback_token(token: str) -> int | None:
    """The registration a genuine link names, or None for anything altered or garbled."""
    try:
        (pk,) = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
        return int(pk)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def closes_at(registration: Registration) -> dt.datetime | None:
    """When the answers stop being changeable: 14 days after the e-mail (None: never asked)."""
    if registration.feedback_requested_at is None:
        return None
    return registration.feedback_requested_at + dt.timedelta(days=ANSWER_DAYS)


def is_open(registration: Registration, now: dt.datetime | None = None) -> bool:
    deadline = closes_at(registration)
    return deadline is not None and (now or timezone.now()) < deadline


# --- Who is asked, about what --------------------------------------------------------------------


def to_ask(event: Event):
    """Those of `event` who were checked in, have an account, and were not asked yet."""
    return Registration.objects.filter(
        event=event, check_in__isnull=False, user__isnull=False, feedback_requested_at__isnull=True
    ).select_related("user")


def sessions_for(registration: Registration):
    """The sessions a person is asked about: the plenaries, and the workshops they were
    scanned into or had booked (not the coffee or the lunch)."""
    workshops = Q(kind=Session.Kind.WORKSHOP) & (
        Q(attendances__registration=registration)
        | Q(bookings__registration=registration, bookings__status=WorkshopBooking.Status.BOOKED)
    )
    return (
        Session.objects.filter(event_id=registration.event_id)
        .filter(Q(kind=Session.Kind.PLENARY) | workshops)
        .distinct()
        .order_by("start", "title_fr", "pk")
    )


def events_to_survey(today: dt.date):
    return Event.objects.published().filter(date__lt=today, date__gte=today - dt.timedelta(days=LOOK_BACK_DAYS))


def send_feedback_requests(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """The morning after each event, ask each checked-in person once (a second run, or a
    run the next morning, sends nothing to those already asked)."""
    now = now or timezone.now()
    asked = 0
    for event in events_to_survey(today):
        for registration in to_ask(event):
            asked += ask_once(registration, now=now)
    return asked


def ask_once(registration: Registration, *, now: dt.datetime) -> bool:
    """Date the request and queue the e-mail in one transaction, under the registration's row
    lock, only if nobody dated it first."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("user").get(pk=registration.pk)
        )
        if registration.feedback_requested_at is not None or registration.user is None:
            return False
        registration.feedback_requested_at = now
        registration.save(update_fields=["feedback_requested_at", "updated_at"])
        queue_registration_email(
            registration,
            EmailKind.FEEDBACK,
            dedupe_key=f"{EmailKind.FEEDBACK}:{registration.pk}",
            links={"feedback_url": ("feedback:answer", [feedback_token(registration)])},
        )
    return True


# --- The answers ---------------------------------------------------------------------------------


@dataclass
class Answers:
    """What a person answered: {session id: (rating, comment)} and the day's."""

    sessions: dict[int, tuple[int, str]] = field(default_factory=dict)
    day_rating: int | None = None
    day_comment: str = ""


def answers_of(registration: Registration) -> Answers:
    answers = Answers(
        sessions={
            answer.session_id: (answer.rating, answer.comment)
            for answer in SessionFeedback.objects.filter(registration=registration)
        }
    )
    day = DayFeedback.objects.filter(registration=registration).first()
    if day is not None:
        answers.day_rating, answers.day_comment = day.rating, day.comment
    return answers


def check_rating(rating) -> None:
    if rating is not None and rating not in RATINGS:
        raise FeedbackError(_("A rating goes from 1 to 5."), code="rating_out_of_range")


def save_answers(registration: Registration, answers: Answers, *, now: dt.datetime | None = None) -> Answers:
    """Record (or change) a person's answers while the window is open: one answer per person and
    session, only about the sessions they are asked about; the same answers again change nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes two tabs saving at once update the same answers, one after the other.
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not is_open(registration, now):
            raise FeedbackError(_("The feedback for this event is closed."), code="closed")
        allowed = set(sessions_for(registration).values_list("pk", flat=True))
        for session_id, (rating, comment) in answers.sessions.items():
            check_rating(rating)
            if session_id not in allowed:
                raise FeedbackError(_("You are not asked about this session."), code="not_asked")
            SessionFeedback.objects.update_or_create(
                registration=registration, session_id=session_id, defaults={"rating": rating, "comment": comment}
            )
        check_rating(answers.day_rating)
        if answers.day_rating is not None or answers.day_comment:
            DayFeedback.objects.update_or_create(
                registration=registration,
                defaults={"rating": answers.day_rating, "comment": answers.day_comment},
            )
    return answers_of(registration)


# --- The results, without names ------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """The answers about one session (or the day, `session` None): no names."""

    session: Session | None
    count: int
    distribution: list[tuple[int, int]]  # (rating, how many), 1 to 5
    comments: list[str]

    @property
    def average(self) -> float | None:
        if not self.count:
            return None
        return round(sum(rating * number for rating, number in self.distribution) / self.count, 1)


def result_of(session, answers) -> Result:
    ratings = Counter(rating for rating, _comment in answers if rating is not None)
    return Result(
        session=session,
        count=sum(ratings.values()),
        distribution=[(rating, ratings[rating]) for rating in RATINGS],
        comments=[comment for _rating, comment in answers if comment.strip()],
    )


def session_results(sessions) -> list[Result]:
    """Per session of `sessions` (talks only), its answers."""
    sessions = list(sessions.filter(kind__in=Session.TALK_KINDS).order_by("start", "title_fr", "pk"))
    answers: dict[int, list] = {session.pk: [] for session in sessions}
    rows = SessionFeedback.objects.filter(session__in=sessions).order_by("created_at", "pk")
    for session_id, rating, comment in rows.values_list("session_id", "rating", "comment"):
        answers[session_id].append((rating, comment))
    return [result_of(session, answers[session.pk]) for session in sessions]


def day_result(event: Event) -> Result:
    rows = DayFeedback.objects.filter(registration__event=event).order_by("created_at", "pk")
    return result_of(None, list(rows.values_list("rating", "comment")))


def speaker_sessions(speaker, event: Event):
    return Session.objects.filter(event=event, speakers=speaker)


def export_rows(event: Event):
    """The CSV's rows: session, rating, comment, the day answered; nothing about the person."""
    rows = (
        SessionFeedback.objects.filter(session__event=event)
        .select_related("session")
        .order_by("session__start", "session__pk", "created_at", "pk")
    )
    for answer in rows:
        yield [answer.session.title, answer.rating, answer.comment, timezone.localdate(answer.created_at)]
    day_label = _("The day as a whole")
    for answer in DayFeedback.objects.filter(registration__event=event).order_by("created_at", "pk"):
        yield [day_label, answer.rating or "", answer.comment, timezone.localdate(answer.created_at)]
