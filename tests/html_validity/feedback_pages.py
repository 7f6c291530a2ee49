"""The day-after feedback pages behind the e-mail's link: the form, its errors, the saved
answers with their thank-you, the closed page, an altered link, someone else's link; and a
speaker's results once the event is over."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from feedback import services
from tests.factories import CheckInFactory, RegistrationFactory, SpeakerFactory, UserFactory
from tests.html_validity.documents import Documents, url


def visit_feedback_pages(docs: Documents, lang: str, programme) -> None:
    event, opening = programme["event"], programme["opening"]
    registration = RegistrationFactory(
        event=event, user=UserFactory(language=lang), feedback_requested_at=timezone.now() - dt.timedelta(days=1)
    )
    CheckInFactory(registration=registration)
    registration.bookings.create(session=programme["workshops"]["repair"], status="booked")
    page = url(lang, "feedback:answer", token=services.feedback_token(registration))
    client = Client()
    docs.fetch(client, page)
    rating, comment = f"rating_{opening.pk}", f"comment_{opening.pk}"
    docs.fetch(
        client, page, {rating: "7", comment: "Très <clair>", "day_comment": "Plus de pauses"}, method="post", status=400
    )
    docs.fetch(client, page, {rating: "4", comment: "Très clair", "day_rating": "5"}, method="post", flash=True)
    docs.fetch(client, page[:-3] + "xx/", status=400)
    stranger = Client()
    stranger.force_login(UserFactory(language=lang))
    docs.fetch(stranger, page, status=403)
    registration.feedback_requested_at = timezone.now() - dt.timedelta(days=services.ANSWER_DAYS + 1)
    registration.save()
    docs.fetch(client, page)  # closed: what was answered

    # A speaker's results, once the event is over.
    speaker = SpeakerFactory(user=UserFactory(language=lang))
    opening.speakers.add(speaker)
    client = Client()
    client.force_login(speaker.user)
    held_on = event.date
    event.date = timezone.localdate() - dt.timedelta(days=1)
    event.save()
    try:
        docs.fetch(client, url(lang, "speakers:area"))
        docs.fetch(client, url(lang, "speakers:feedback"))
    finally:
        event.date = held_on
        event.save()
    opening.speakers.remove(speaker)
