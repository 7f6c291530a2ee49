"""The pages of each kind of person signed in: attendee, speaker, check-in staff."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from day.badges import badge_for_registration, badge_for_speaker
from day.models import DeskBadgePrint
from registrations.views import REGISTRATION_POSTS_PER_MINUTE
from speakers.services import invite_speaker
from tests.edition import days_ago
from tests.factories import InviteeFactory, RegistrationFactory, SpeakerFactory, UserFactory
from tests.forms import REGISTRATION_FORM, SPEAKER_PROFILE_FORM
from tests.html_validity.documents import Documents, last_email, path_in, picture, seat_held_for, url

FORM = REGISTRATION_FORM | {"accessibility_needs": "Fauteuil roulant\nAccès de plain-pied"}
TRIP = {"town": "Lyon", "distance_km": "", "mode": "plane", "car_occupants": "1", "return_trip": "on", "meal": "meat"}
PROFILE = SPEAKER_PROFILE_FORM


def visit_attendee_pages(docs: Documents, lang: str, programme) -> None:
    event, workshops = programme["event"], programme["workshops"]
    client = Client()
    user = UserFactory(email=f"aurore-{lang}@example.org", verified=True, language=lang)
    client.force_login(user)
    mine, register = url(lang, "registrations:mine"), url(lang, "registrations:register")
    docs.fetch(client, mine)  # not registered yet
    docs.fetch(client, register)
    docs.fetch(client, register, {"first_name": "Aurore"}, method="post")
    docs.fetch(client, register, FORM, method="post", flash=True)
    docs.fetch(client, register, flash=True)  # already registered

    def book(name):
        return url(lang, "registrations:book", session_id=workshops[name].pk)

    docs.fetch(client, book("repair"), method="post", flash=True)
    docs.fetch(client, book("data"), method="post", flash=True)  # overlaps: an error message
    docs.fetch(client, book("full"), method="post", flash=True)  # full: its waiting list
    docs.fetch(
        client, url(lang, "registrations:cancel_booking", session_id=workshops["full"].pk), method="post", flash=True
    )
    declare = url(lang, "footprint:declare")
    docs.fetch(client, declare)  # the trip form's own page
    docs.fetch(client, declare, TRIP | {"town": "Lyyyon"}, method="post", status=400)
    docs.fetch(client, declare, TRIP, method="post", flash=True)
    docs.fetch(client, declare, TRIP | {"mode": "bike_walk", "town": "", "distance_km": "3"}, method="post", flash=True)
    edit = url(lang, "registrations:edit")
    docs.fetch(client, edit)
    docs.fetch(client, edit, FORM | {"last_name": "", "category": "vip"}, method="post")
    docs.fetch(client, edit, FORM | {"dietary_requirements": "sans gluten"}, method="post", flash=True)
    phone_badge = url(lang, "day:phone_badge")
    docs.fetch(client, phone_badge)
    colleague = url(lang, "registrations:colleague")
    docs.fetch(client, colleague)
    docs.fetch(client, colleague, {"email": "pas une adresse"}, method="post")
    docs.fetch(
        client,
        colleague,
        {
            "first_name": "Paul",
            "last_name": "Collègue",
            "email": f"paul-{lang}@example.org",
            "organisation": "Mines & Métaux",
            "category": "partner",
        },
        method="post",
        flash=True,
    )
    delete = url(lang, "accounts:delete")
    docs.fetch(client, delete)
    docs.fetch(client, delete, method="post", status=400)
    cancel = url(lang, "registrations:cancel")
    docs.fetch(client, cancel)
    docs.fetch(client, cancel, method="post", flash=True)  # and "My registration", cancelled
    docs.fetch(client, phone_badge, status=404)  # no badge without a confirmed seat
    docs.fetch(client, register)  # registering again
    docs.fetch(client, delete, {"confirm": "yes"}, method="post", flash=True)

    # On the waiting list for the event.
    waiting = RegistrationFactory(event=event, status="waitlisted", queued_at=days_ago(30))
    client = Client()
    client.force_login(waiting.user)
    docs.fetch(client, mine)

    # An address not verified yet cannot register.
    client = Client()
    client.force_login(UserFactory(language=lang))
    docs.fetch(client, register)

    # Sending the form too often: our own rate limit's page.
    client = Client()
    client.force_login(UserFactory(verified=True, language=lang))
    for _ in range(REGISTRATION_POSTS_PER_MINUTE):
        assert client.post(register, {}).status_code == 200
    docs.fetch(client, register, method="post", status=429)

    # Following personal links when signed in: the form, filled in from the invitation or the hold.
    invitee = InviteeFactory(
        event=event, first_name="Léa", last_name="Invitée", email=f"lea-{lang}@client.example", language=lang
    )
    client = Client()
    client.force_login(UserFactory(email=invitee.email, verified=True, language=lang))
    docs.fetch(client, url(lang, "registrations:invitation", token=invitee.token), follow=True)
    hold = seat_held_for(event, lang, "Max")
    client = Client()
    client.force_login(UserFactory(email=hold.email, verified=True, language=lang))
    docs.fetch(client, url(lang, "registrations:hold", token=hold.token), follow=True)

    # Someone else's check-in desk: forbidden.
    docs.fetch(client, url(lang, "day:check_in"), status=403)


def visit_speaker_pages(docs: Documents, lang: str, programme) -> None:
    speaker = programme["speakers"][0] if lang == "fr" else programme["speakers"][1]
    user = UserFactory(language=lang)
    speaker.user = user
    speaker.save()
    client = Client()
    client.force_login(user)
    area = url(lang, "speakers:area")
    edit = url(lang, "speakers:edit", slug=speaker.slug)
    photo = url(lang, "speakers:photo", slug=speaker.slug)
    docs.fetch(client, area)
    docs.fetch(client, edit)
    docs.fetch(client, edit, PROFILE | {"preview": "1"}, method="post")
    docs.fetch(
        client,
        edit,
        PROFILE
        | {
            "save": "1",
            "website": "javascript:alert(1)",
            "links-0-url": "not a url",
            "bio_fr": "x" * 1501,
            "bio_en": "x" * 1501,
        },
        method="post",
    )
    docs.fetch(client, edit, PROFILE | {"save": "1"}, method="post", flash=True)
    docs.fetch(client, edit)  # with a saved link, which can be deleted
    docs.fetch(client, photo, {"photo": SimpleUploadedFile("notes.txt", b"not a picture")}, method="post", status=400)
    docs.fetch(client, photo, {"photo": picture()}, method="post", flash=True)  # the area, with the photo
    docs.fetch(client, speaker.get_absolute_url())
    docs.fetch(client, photo, {"remove": "1"}, method="post", flash=True)

    # Accepting an invitation, signed in.
    invited = SpeakerFactory(email=f"accepting-{lang}@example.org")
    invite_speaker(invited, sent_by=None)
    link = path_in(last_email("speaker_invitation", invited.email).body_text, "/invitation/")
    client = Client()
    client.force_login(UserFactory(language=lang))
    docs.fetch(client, link)
    docs.fetch(client, link, method="post", flash=True)
    docs.fetch(client, link, status=410)  # used


def visit_check_in_desk(docs: Documents, lang: str, programme) -> None:
    event = programme["event"]
    staff = UserFactory(first_name="Sam", last_name="Accueil", language=lang)
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client = Client()
    client.force_login(staff)
    desk = url(lang, "day:check_in")
    registration = RegistrationFactory(event=event, first_name="Inès", last_name=f"Garnier-{lang}")
    registration.bookings.create(session=programme["workshops"]["repair"], status="booked")
    other = RegistrationFactory(event=event, first_name="Inès", last_name=f"Martin-{lang}")
    RegistrationFactory(event=event, first_name="Inès", last_name=f"Annulée-{lang}", status="cancelled")
    docs.fetch(client, desk)
    docs.fetch(client, desk, {"q": "Inès"})
    docs.fetch(client, desk, {"q": "personne"})
    docs.fetch(client, desk + "?q=In%C3%A8s", {"registration": other.pk}, method="post")
    DeskBadgePrint.objects.create(registration=other, printed_by=staff)  # "Print again", "printed once"
    docs.fetch(client, desk, {"q": "Inès"})  # one checked in
    token = badge_for_registration(registration).token
    docs.fetch(client, desk, {"token": token}, method="post")
    docs.fetch(client, desk, {"token": token}, method="post")  # already checked in
    docs.fetch(client, desk, {"token": token[:-2] + "xx"}, method="post")
    docs.fetch(client, desk, {"token": badge_for_speaker(programme["speakers"][0], event).token}, method="post")
    # Organisers have the desk too, and the back office's link in the header.
    organiser = UserFactory(is_staff=True, language=lang)
    organiser.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    client = Client()
    client.force_login(organiser)
    docs.fetch(client, desk)
    docs.fetch(client, url(lang, "home"))
