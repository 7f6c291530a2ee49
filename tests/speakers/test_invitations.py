import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from speakers.models import Speaker, SpeakerInvitation
from speakers.services import invite_speaker
from tests.factories import SpeakerFactory, UserFactory
from tests.forms import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def speaker():
    return SpeakerFactory(name="Valérie Cabanes", slug="valerie-cabanes", email="valerie@example.org")


def invitation_link() -> str:
    message = next(m for m in reversed(mail.outbox) if "speaker area" in m.subject)
    return re.search(r"https?://[^/\s]+(/\S+/invitation/\S+/)", message.body).group(1)


def test_organiser_invites_then_the_speaker_signs_up_and_lands_in_their_area(client, speaker, organisers_group):
    from django.core.management import call_command

    from tests.second_factor import add_authenticator_app_to

    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    add_authenticator_app_to("orga@example.org")  # staff need a second factor before the back office opens
    organiser = client.__class__()
    organiser.login(email="orga@example.org", password="correct horse battery")
    organiser.post(
        reverse("admin:speakers_speaker_changelist"), {"action": "send_invitation", "_selected_action": [speaker.pk]}
    )
    assert "Invited on" in organiser.get(reverse("admin:speakers_speaker_changelist")).content.decode()
    link = invitation_link()
    assert mail.outbox[-1].to == ["valerie@example.org"]

    # The speaker follows the link, signs up, verifies the address, and comes back to accept.
    page = client.get(link).content.decode()
    assert "Welcome, Valérie Cabanes" in page
    client.post("/en/accounts/signup/", {"email": "valerie@example.org", "password1": PASSWORD, "password2": PASSWORD})
    confirm = re.search(r"https?://[^/]+(/\S+/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    response = client.post(confirm)
    assert response["Location"] == link
    response = client.post(link)
    assert response["Location"] == "/en/speaker-area/"
    speaker.refresh_from_db()
    assert speaker.user.email == "valerie@example.org"
    assert "Accepted on" in organiser.get(reverse("admin:speakers_speaker_changelist")).content.decode()

    # The link is used up.
    page = client.get(link)
    assert page.status_code == 410
    assert "This invitation link has already been used." in page.content.decode()


def test_an_existing_account_logs_in_and_accepts(client, speaker):
    invite_speaker(speaker, sent_by=None)
    link = invitation_link()
    user = UserFactory(email="autre@example.org", password=PASSWORD, verified=True)
    client.get(link)
    response = client.post("/en/accounts/login/", {"login": "autre@example.org", "password": PASSWORD})
    assert response["Location"] == link
    client.post(link)
    assert Speaker.objects.get(pk=speaker.pk).user == user


def test_an_expired_link_says_so_and_how_to_get_a_new_one(client, speaker):
    invite_speaker(speaker, sent_by=None, now=timezone.now() - dt.timedelta(days=15))
    response = client.get(invitation_link())
    assert response.status_code == 410
    page = response.content.decode()
    assert "This invitation link has expired." in page
    assert "write to the organisers" in page


def test_a_new_invitation_replaces_the_old_link(client, speaker):
    invite_speaker(speaker, sent_by=None)
    old = invitation_link()
    invite_speaker(speaker, sent_by=None)
    assert "replaced by a newer one" in client.get(old).content.decode()
    assert client.get(invitation_link()).status_code == 200


def test_a_made_up_link_is_refused(client, db):
    response = client.get("/en/speakers/invitation/not-a-real-token/")
    assert response.status_code == 410
    assert "This invitation link is not valid." in response.content.decode()


def test_only_a_hash_of_the_token_is_kept(speaker):
    invite_speaker(speaker, sent_by=None)
    token = invitation_link().rstrip("/").rsplit("/", 1)[1]
    invitation = SpeakerInvitation.objects.get()
    assert invitation.token_hash == SpeakerInvitation.hash_token(token) and token not in invitation.token_hash
    from mail.models import OutgoingEmail

    assert OutgoingEmail.objects.get(kind="speaker_invitation").body_text == ""  # erased once sent


def test_speaker_without_an_address_is_not_invited(client, organisers_group):
    from django.core.management import call_command

    from tests.second_factor import add_authenticator_app_to

    SpeakerFactory(email="")
    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    add_authenticator_app_to("orga@example.org")
    client.login(email="orga@example.org", password="correct horse battery")
    selected = list(Speaker.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:speakers_speaker_changelist"),
        {"action": "send_invitation", "_selected_action": selected},
        follow=True,
    )
    assert "has no e-mail address" in response.content.decode()
    assert SpeakerInvitation.objects.count() == 0


def test_an_account_cannot_take_two_speaker_profiles(client, speaker):
    user = UserFactory(password=PASSWORD, verified=True)
    SpeakerFactory(user=user)
    invite_speaker(speaker, sent_by=None)
    link = invitation_link()
    client.force_login(user)
    response = client.post(link)
    assert response.status_code == 409
    assert "already linked to the profile of" in response.content.decode()
    assert Speaker.objects.get(pk=speaker.pk).user is None
