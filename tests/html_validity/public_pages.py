"""The pages anyone reaches: the public site, personal links, allauth's account pages, the
pages answered without a view, and the same pages once the event changes."""

import datetime as dt

from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.views import defaults

from events.models import Session
from registrations.models import SeatHold
from speakers.services import invite_speaker
from tests.factories import InviteeFactory, SpeakerFactory, UserFactory
from tests.forms import PASSWORD
from tests.html_validity.documents import LANGUAGES, Documents, last_email, path_in, seat_held_for, url


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
    invited = Client()
    invited.force_login(UserFactory(email=invitee.email, verified=True))
    answer = url(lang, "registrations:invitation_answer", token=invitee.token)
    docs.fetch(invited, answer)
    docs.fetch(invited, answer, {"decline": "1"}, method="post")
    docs.fetch(client, url(lang, "registrations:invitation", token="made-up"), status=404)
    hold = seat_held_for(event, lang, "Jean")
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
