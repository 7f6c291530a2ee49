"""A person's data: everything the platform holds about them, and its removal.

Removal anonymises rather than deletes where counts must survive (a registration still
counts in the attendance figures; a check-in in the day's total), and deletes the rest."""

import datetime as dt

from django.contrib.sessions.models import Session as WebSession
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.second_factor import reset_second_factor
from backoffice.emails import emails_of
from core.content_language import translations
from footprint.models import JourneyBlock, JourneyMessage, StatementDelivery, TravelDeclaration
from mail.models import OutgoingEmail
from registrations.models import Invitee, Registration
from registrations.services import cancel_registration
from speakers.models import Speaker

ANONYMOUS = "—"


def iso(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything about `user`, as the "Download my data" JSON file."""
    registrations = Registration.objects.filter(user=user).select_related("event").prefetch_related("bookings__session")
    emails = OutgoingEmail.objects.filter(recipient__iexact=user.email).order_by("created_at")
    speaker = Speaker.objects.filter(user=user).prefetch_related("links").first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
        "registrations": [registration_data(r) for r in registrations],
        "speaker_profile": None
        if speaker is None
        else {
            "name": speaker.name,
            "pronouns": speaker.pronouns,
            # Each language the speaker wrote (core.content_language: a missing one is "").
            "job_title": translations(speaker, "job_title"),
            "organisation": speaker.organisation,
            "bio": translations(speaker, "bio"),
            "website": speaker.website,
            "links": [{"label": link.label, "url": link.url} for link in speaker.links.all()],
            "has_photo": bool(speaker.photo),
        },
        "emails_sent": [
            {"kind": e.kind, "status": e.status, "created_at": iso(e.created_at), "sent_at": iso(e.sent_at)}
            for e in emails
        ],
    }


def registration_data(registration: Registration) -> dict:
    travel = TravelDeclaration.objects.filter(registration=registration).first()
    check_in = getattr(registration, "check_in", None)
    return {
        "event": registration.event.name,
        "event_date": iso(registration.event.date),
        "status": registration.status,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "organisation": registration.organisation,
        "job_title": registration.job_title,
        "category": registration.category,
        "dietary_requirements": registration.dietary_requirements,
        "accessibility_needs": registration.accessibility_needs,
        "wants_printed_badge": registration.wants_printed_badge,
        "registered_at": iso(registration.created_at),
        "consents": {
            "terms_accepted_at": iso(registration.accepted_terms_at),
            "photos": registration.photo_consent,
            "photos_changed_at": iso(registration.photo_consent_changed_at),
            "news": registration.news_opt_in,
            "news_changed_at": iso(registration.news_opt_in_changed_at),
        },
        "workshops": [
            {"title": b.session.title, "status": b.status, "booked_at": iso(b.created_at)}
            for b in registration.bookings.all()
        ],
        "travel": None
        if travel is None
        else {
            "town": travel.town,
            "distance_km": travel.distance_km,
            "mode": travel.mode,
            "car_occupants": travel.car_occupants,
            "return_trip": travel.return_trip,
            "meal": travel.meal,
            "train_line": travel.train_line,
            "shares_journey": travel.shares_journey,
            # What they wrote to others coming the same way (the others' words stay theirs).
            "journey_messages_sent": [
                {"to": m.recipient.registration.first_name, "sent_at": iso(m.created_at), "message": m.body}
                for m in JourneyMessage.objects.filter(sender=travel).select_related("recipient__registration")
            ],
        },
        "checked_in_at": iso(check_in.checked_in_at) if check_in else None,
    }


def anonymise_registration(registration: Registration, now: dt.datetime) -> None:
    registration.first_name, registration.last_name = ANONYMOUS, ""
    registration.organisation = registration.job_title = ""
    registration.dietary_requirements = registration.accessibility_needs = ""
    registration.photo_consent = registration.news_opt_in = False
    registration.anonymised_at = now
    registration.save()
    # The footprint keeps its numbers, not where the person came from.
    for travel in TravelDeclaration.objects.filter(registration=registration):
        travel.distance_km, travel.town, travel.latitude, travel.longitude = travel.straight_km, "", None, None
        travel.shares_journey = False
        travel.save()
        # "Share my journey" messages, sent or received, go with the person (and blocks).
        JourneyMessage.objects.filter(Q(sender=travel) | Q(recipient=travel)).delete()
        JourneyBlock.objects.filter(Q(blocker=travel) | Q(blocked=travel)).delete()
    emails_of(registration).update(
        recipient=f"anonymised-{registration.pk}@deleted.invalid", subject="", body_text="", body_html="", context={}
    )


@transaction.atomic
def delete_account(user, *, now: dt.datetime | None = None) -> None:
    """Remove a person: seats freed (the waiting list moves), registrations anonymised,
    e-mail log and invitations anonymised, speaker photo and texts removed, sessions
    ended, the authenticator app's secret and recovery codes deleted, the account made
    unusable. Counts (attendance, check-ins, footprint) remain."""
    now = now or timezone.now()
    email = user.email
    for registration in Registration.objects.filter(user=user):
        # A seat the person came in on stays taken: the check-in is a count that remains.
        if not registration.is_cancelled and not registration.has_come_in():
            cancel_registration(registration, now=now, notify=False)
            registration.refresh_from_db()
        anonymise_registration(registration, now)
    # A speaker's or organiser's own trip: its numbers stay in the footprint, not its town.
    for travel in TravelDeclaration.objects.filter(Q(speaker__user=user) | Q(organiser=user)):
        travel.distance_km, travel.town, travel.latitude, travel.longitude = travel.straight_km, "", None, None
        travel.save()
    StatementDelivery.objects.filter(recipient__iexact=email).update(
        recipient=f"anonymised-user-{user.pk}@deleted.invalid"
    )
    OutgoingEmail.objects.filter(recipient__iexact=email).update(
        recipient=f"anonymised-user-{user.pk}@deleted.invalid", subject="", body_text="", body_html="", context={}
    )
    for invitee in Invitee.objects.filter(email__iexact=email):
        invitee.first_name, invitee.last_name, invitee.organisation = ANONYMOUS, "", ""
        invitee.email = f"anonymised-invitee-{invitee.pk}@deleted.invalid"
        invitee.save()
    for speaker in Speaker.objects.filter(user=user):
        for image in (speaker.photo, speaker.photo_small):
            if image:
                image.delete(save=False)
        # The bio in every language: a plain `speaker.bio = ""` would clear the active one only.
        speaker.bio_fr = speaker.bio_en = ""
        speaker.pronouns, speaker.website, speaker.email = "", "", ""
        speaker.links.all().delete()
        speaker.user = None
        speaker.save()
    end_sessions(user)
    reset_second_factor(user)
    user.emailaddress_set.all().delete()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def end_sessions(user) -> None:
    for session in WebSession.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def anonymise_past_attendees(*, days: int, today: dt.date | None = None) -> int:
    """Anonymise the registrations of events that ended more than `days` days ago."""
    today = today or timezone.localdate()
    now = timezone.now()
    cutoff = today - dt.timedelta(days=days)
    registrations = Registration.objects.filter(event__date__lt=cutoff, anonymised_at__isnull=True)
    count = 0
    for registration in registrations.iterator():
        with transaction.atomic():
            anonymise_registration(registration, now)
        count += 1
    return count
