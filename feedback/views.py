"""The day-after feedback: the attendee's page behind the e-mail's signed link (no login), and
each speaker's results for their own sessions in the speaker area, once the event is over.

The link is personal: it edits only the registration it names, and someone logged in as
another person is refused (a forwarded link is not a way to answer for someone else)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core import charts
from events import editions
from feedback import services
from registrations.models import Registration
from speakers.area_views import own_speaker_or_404

RATING_CHOICES = [(rating, str(rating)) for rating in services.RATINGS]


class FeedbackForm(forms.Form):
    """A rating (1 to 5, optional) and a comment per session, then the day's rating and what
    to change. A comment needs its session's rating."""

    day_rating = forms.TypedChoiceField(
        label=gettext_lazy("Your rating of the day as a whole"),
        choices=RATING_CHOICES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    day_comment = forms.CharField(
        label=gettext_lazy("What should we change for the next edition?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for session in sessions:
            self.fields[f"rating_{session.pk}"] = forms.TypedChoiceField(
                label=session.title, choices=RATING_CHOICES, coerce=int, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{session.pk}"] = forms.CharField(
                label=_("Your comment on “%(session)s” (optional)") % {"session": session.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self):
        cleaned = super().clean()
        for session in self.sessions:
            rating = f"rating_{session.pk}"
            has_comment = cleaned.get(f"comment_{session.pk}", "").strip()
            # A rating refused already says so; a missing one is asked for.
            if has_comment and rating not in self.errors and cleaned.get(rating) in (None, ""):
                self.add_error(rating, _("Choose a rating to go with your comment."))
        return cleaned

    def rows(self):
        return [(session, self[f"rating_{session.pk}"], self[f"comment_{session.pk}"]) for session in self.sessions]

    def answers(self) -> services.Answers:
        data = self.cleaned_data
        sessions = {
            session.pk: (data[f"rating_{session.pk}"], data[f"comment_{session.pk}"].strip())
            for session in self.sessions
            if data.get(f"rating_{session.pk}") not in (None, "")
        }
        day_rating = data.get("day_rating")
        return services.Answers(
            sessions=sessions,
            day_rating=None if day_rating in (None, "") else day_rating,
            day_comment=data.get("day_comment", "").strip(),
        )

    @staticmethod
    def initial_from(answers: services.Answers) -> dict:
        initial = {"day_rating": answers.day_rating, "day_comment": answers.day_comment}
        for session_id, (rating, comment) in answers.sessions.items():
            initial |= {f"rating_{session_id}": rating, f"comment_{session_id}": comment}
        return initial


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    registration_id = services.read_feedback_token(token)
    registration = None
    if registration_id is not None:
        with editions.every_edition():  # the link names its registration, of whichever edition
            registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return render(request, "feedback/invalid.html", status=400)
    if moved := editions.elsewhere(request, registration.event):
        return moved
    if request.user.is_authenticated and request.user.pk != registration.user_id:
        return render(request, "feedback/not_yours.html", status=403)
    sessions = list(services.sessions_for(registration))
    answers = services.answers_of(registration)
    is_open = services.is_open(registration)
    form = FeedbackForm(
        request.POST if request.method == "POST" and is_open else None,
        sessions=sessions,
        initial=FeedbackForm.initial_from(answers),
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.save_answers(registration, form.answers())
            except services.FeedbackError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Thank you! Your answers are saved: you can still change them below."))
                return redirect("feedback:answer", token=token)
        status = 400
    context = {
        "registration": registration,
        "event": registration.event,
        "form": form,
        "is_open": is_open,
        "closes_at": services.closes_at(registration),
        "summary": [(session, answers.sessions.get(session.pk)) for session in sessions],
        "answers": answers,
    }
    return render(request, "feedback/answer.html", context, status=status)


def result_charts(results):
    """Each result with its distribution drawn as bars, for the results' templates."""
    return [
        (
            result,
            charts.horizontal_bars(
                [charts.Bar(f"{rating}/5", count) for rating, count in result.distribution],
                title=_("Ratings of “%(session)s”, from 1 to 5")
                % {"session": result.session.title if result.session else _("The day as a whole")},
            ),
        )
        for result in results
    ]


@login_required
def speaker_results(request):
    """The answers about the speaker's own sessions at the current event, once it is over."""
    speaker = own_speaker_or_404(request)
    event = request.event
    if event is None or timezone.now() < event.ends_at:
        raise Http404("The event is not over yet.")
    sessions = services.speaker_sessions(speaker, event)
    if not sessions.exists():
        raise Http404("No session at the current event.")
    results = result_charts(services.session_results(sessions))
    return render(request, "feedback/results.html", {"speaker": speaker, "event": event, "results": results})
