"""A personal link vouches for its own address only: someone who follows a forwarded
invitation, hold or seat-transfer link and signs up with another address gets an ordinary
account (their own address, to verify by e-mail), never the address the link was sent to."""

import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from registrations.holds import hold_seat_for_colleague
from registrations.transfers import offer_seat_transfer
from tests.edition import OPEN
from tests.factories import InviteeFactory, RegistrationFactory, UserFactory
from tests.forms import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
EVENT_CAPACITY = 10
INVITED = "paul@client.example"


def last_link() -> str:
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return urlparse(url).path


def invitation_link(event) -> str:
    invitee = InviteeFactory(event=event, email=INVITED, first_name="Paul", organisation="Client SA")
    return invitee.get_absolute_url()


def hold_link(event) -> str:
    colleague = RegistrationFactory(event=event, organisation="Client SA", user__email="anne@client.example")
    hold_seat_for_colleague(
        event,
        held_by=colleague.user,
        first_name="Paul",
        last_name="Martin",
        email=INVITED,
        organisation="Client SA",
        category="client",
        now=OPEN,
    )
    return last_link()


def transfer_link(event) -> str:
    giver = RegistrationFactory(event=event, user=UserFactory(email="anne@client.example", verified=True))
    offer_seat_transfer(giver, first_name="Paul", last_name="Martin", email=INVITED, now=OPEN)
    return last_link()


LINKS = {"invitation": invitation_link, "hold": hold_link, "seat transfer": transfer_link}


def sign_up(client, email):
    client.post("/en/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def addresses() -> set[tuple[str, str, bool]]:
    return set(EmailAddress.objects.values_list("user__email", "email", "verified"))


@pytest.mark.parametrize("kind", LINKS)
def test_a_forwarded_link_vouches_for_nothing_another_address_signs_up_with(client, event, kind):
    link = LINKS[kind](event)
    before = addresses()
    assert client.get(link).status_code == 200
    sign_up(client, "mallory@elsewhere.example")
    new = addresses() - before
    assert new == {("mallory@elsewhere.example", "mallory@elsewhere.example", False)}
    assert not EmailAddress.objects.filter(email__iexact=INVITED).exists()
    # Mallory must verify her own address first; the link's page still refuses her account.
    assert mail.outbox[-1].to == ["mallory@elsewhere.example"]


@pytest.mark.parametrize("kind", LINKS)
def test_the_person_the_link_was_sent_to_signs_up_without_a_verification_email(client, event, kind):
    link = LINKS[kind](event)
    client.get(link)
    sent = len(mail.outbox)
    sign_up(client, "Paul@Client.example")
    assert EmailAddress.objects.filter(email__iexact=INVITED, verified=True).count() == 1
    assert len(mail.outbox) == sent  # no verification e-mail: the link proved the address


def test_the_invited_address_stays_free_for_its_owner_after_a_stranger_followed_the_link(client, event):
    link = invitation_link(event)
    client.get(link)
    sign_up(client, "mallory@elsewhere.example")
    client.logout()
    client.get(link)
    sign_up(client, INVITED)
    owner = EmailAddress.objects.get(email__iexact=INVITED)
    stranger = EmailAddress.objects.get(email="mallory@elsewhere.example").user
    assert (owner.user.email, owner.verified) == (INVITED, True)
    assert owner.user != stranger and stranger.email == "mallory@elsewhere.example"
