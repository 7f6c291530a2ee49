"""Invitation links bound to their address: only the account whose verified address is the
invited one accepts it; anyone else sees whom it was sent to (masked) and may pass it on to
a colleague of the same organisation; a closed or used invitation serves nobody else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mail.models import OutgoingEmail
from registrations import invitations
from registrations.models import Invitee, Registration
from registrations.services import RegistrationError, cancel_registration, register_attendee
from tests.edition import OPEN
from tests.factories import InviteeFactory, UserFactory
from tests.registering import details

pytestmark = pytest.mark.django_db
EVENT_CAPACITY = 10

# New strings are translated when the translations are merged: the pages' language is
# checked on <html lang>, and their words in English.


def url(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def invitee(event):
    return InviteeFactory(
        event=event,
        first_name="Jeanne",
        last_name="Martin",
        email="jeanne.martin@client.fr",
        organisation="Client SA",
        category="partner",
        language="fr",
    )


def registration_post(**overrides):
    values = {
        "first_name": "Jeanne",
        "last_name": "Martin",
        "organisation": "Client SA",
        "job_title": "DSI",
        "category": "partner",
        "accept_terms": "on",
    }
    return values | overrides


def test_masked_address_keeps_the_first_letter_and_the_domain():
    assert invitations.masked_address("jeanne.martin@client.fr") == "j•••@client.fr"


# --- Who may accept ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_invited_account_is_taken_to_the_registration_form(client, invitee, lang):
    client.force_login(UserFactory(email="Jeanne.Martin@CLIENT.fr", verified=True))
    response = client.get(url(lang, "registrations:invitation", token=invitee.token))
    assert response.status_code == 302
    assert response["Location"] == url(lang, "registrations:register")
    client.post(url(lang, "registrations:register"), registration_post())
    assert Invitee.objects.get(pk=invitee.pk).registration.user.email == "Jeanne.Martin@CLIENT.fr"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_someone_elses_link_is_refused_with_the_masked_address(client, invitee, lang):
    other = UserFactory(email="paul@client.fr", verified=True)
    client.force_login(other)
    response = client.get(url(lang, "registrations:invitation", token=invitee.token))
    page = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{lang}">' in page
    assert lang == "fr" or "This invitation is not yours" in page
    assert "j•••@client.fr" in page
    assert "jeanne.martin@client.fr" not in page
    # Nothing remembered for the registration form, which refuses the invitation all the same.
    client.post(url(lang, "registrations:register"), registration_post())
    assert not Registration.objects.filter(user=other, category_vouched=True).exists()
    assert Invitee.objects.get(pk=invitee.pk).registration is None


def test_an_unverified_address_is_refused(client, invitee):
    user = UserFactory(email="jeanne.martin@client.fr")
    user.emailaddress_set.create(email=user.email, verified=False, primary=True)
    client.force_login(user)
    response = client.get(url("en", "registrations:invitation", token=invitee.token))
    assert response.status_code == 403
    with pytest.raises(RegistrationError) as caught:
        register_attendee(invitee.event, user=user, details=details(), invitee=invitee, now=OPEN)
    assert caught.value.code == "invitation_other_address"


def test_a_second_address_of_the_account_counts_only_once_verified(invitee):
    user = UserFactory(email="jeanne.perso@example.org", verified=True)
    address = user.emailaddress_set.create(email="jeanne.martin@client.fr", verified=False)
    with pytest.raises(RegistrationError):
        register_attendee(invitee.event, user=user, details=details(), invitee=invitee, now=OPEN)
    address.verified = True
    address.save()
    registration = register_attendee(invitee.event, user=user, details=details(), invitee=invitee, now=OPEN)
    assert (registration.category, registration.category_vouched) == ("partner", True)


def test_logging_in_with_another_account_after_following_the_link_leads_back_to_the_explanation(client, invitee):
    client.get(url("en", "registrations:invitation", token=invitee.token))  # logged out: remembered
    client.force_login(UserFactory(email="paul@client.fr", verified=True))
    response = client.get(url("en", "registrations:register"))
    assert response["Location"] == url("en", "registrations:invitation", token=invitee.token)


def test_an_anonymous_visitor_is_asked_to_log_in_or_sign_up(client, invitee):
    page = client.get(url("en", "registrations:invitation", token=invitee.token)).content.decode()
    assert "Create my account" in page
    assert reverse("account_login") in page or "/accounts/login/" in page


def test_a_second_account_is_refused_even_after_the_first_cancels(client, invitee):
    first = UserFactory(email="jeanne.martin@client.fr", verified=True)
    registration = register_attendee(invitee.event, user=first, details=details(), invitee=invitee, now=OPEN)
    cancel_registration(registration, now=OPEN)
    # The first account gives the address up; a second account adds it and verifies it.
    first.emailaddress_set.all().delete()
    second = UserFactory(email="jeanne.martin.2@client.fr", verified=True)
    second.emailaddress_set.create(email="jeanne.martin@client.fr", verified=True)
    with pytest.raises(RegistrationError) as caught:
        register_attendee(invitee.event, user=second, details=details(), invitee=invitee, now=OPEN)
    assert caught.value.code == "invitation_used"
    client.force_login(second)
    response = client.get(url("en", "registrations:invitation", token=invitee.token))
    assert response.status_code == 403
    assert "already been used" in response.content.decode()
    assert "Pass this invitation" not in response.content.decode()
    # The first account, with the address back, may come back with it.
    second.emailaddress_set.filter(email="jeanne.martin@client.fr").delete()
    first.emailaddress_set.create(email="jeanne.martin@client.fr", verified=True)
    again = register_attendee(invitee.event, user=first, details=details(), invitee=invitee, now=OPEN)
    assert again.pk == registration.pk and not again.is_cancelled


def test_the_invitation_gives_the_category_whatever_is_posted(client, invitee):
    client.force_login(UserFactory(email="jeanne.martin@client.fr", verified=True))
    client.get(url("en", "registrations:invitation", token=invitee.token))
    form = client.get(url("en", "registrations:register")).context["form"]
    assert form.fields["category"].disabled
    client.post(url("en", "registrations:register"), registration_post(category="client"))
    registration = Invitee.objects.get(pk=invitee.pk).registration
    assert (registration.category, registration.category_vouched) == ("partner", True)


# --- Passing it on ------------------------------------------------------------------------------


def jeanne():
    return UserFactory(email="jeanne.martin@client.fr", verified=True)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_passing_an_invitation_on_to_a_colleague(client, invitee, lang):
    client.force_login(jeanne())
    client.get(url(lang, "registrations:invitation", token=invitee.token))
    register_page = client.get(url(lang, "registrations:register")).content.decode()
    answer = url(lang, "registrations:invitation_answer", token=invitee.token)
    assert answer in register_page
    response = client.post(
        answer, {"pass_on": "1", "first_name": "Paul", "last_name": "Durand", "email": "paul.durand@client.fr"}
    )
    assert response.status_code == 302
    first = Invitee.objects.get(pk=invitee.pk)
    colleague = first.passed_to
    assert (colleague.email, colleague.organisation, colleague.category, colleague.language) == (
        "paul.durand@client.fr",
        "Client SA",
        "partner",
        "fr",
    )
    assert colleague.token != first.token and first.passed_at is not None
    email = OutgoingEmail.objects.get(kind="invitation", recipient="paul.durand@client.fr")
    assert email.about == colleague
    # The colleague's own link now works for Paul; the first one is closed.
    paul = UserFactory(email="paul.durand@client.fr", first_name="Paul", last_name="Durand", verified=True)
    client.force_login(paul)
    assert client.get(colleague.get_absolute_url())["Location"].endswith(url(lang, "registrations:register"))
    client.post(url(lang, "registrations:register"), registration_post(first_name="Paul", category="client"))
    registration = Invitee.objects.get(pk=colleague.pk).registration
    assert (registration.user, registration.category, registration.category_vouched) == (paul, "partner", True)


def test_a_colleague_holding_the_forwarded_link_cannot_pass_it_on_or_decline_it(client, invitee):
    client.force_login(UserFactory(email="paul@client.fr", verified=True))
    page = client.get(url("en", "registrations:invitation", token=invitee.token))
    assert page.status_code == 403 and "ask them" in page.content.decode()
    answer = url("en", "registrations:invitation_answer", token=invitee.token)
    passing = {"pass_on": "1", "first_name": "Paul", "last_name": "D", "email": "paul@client.fr"}
    assert client.post(answer, passing).status_code == 403
    assert client.post(answer, {"decline": "1"}).status_code == 403
    assert client.post(url("en", "registrations:invitation", token=invitee.token), passing).status_code == 403
    invitee.refresh_from_db()
    assert (invitee.passed_to, invitee.declined_at) == (None, None)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_closed_invitation_is_refused_and_says_it_was_passed_on(client, invitee, lang):
    invitations.pass_on_invitation(invitee, first_name="Paul", last_name="Durand", email="paul@client.fr", now=OPEN)
    jeanne = UserFactory(email="jeanne.martin@client.fr", verified=True)
    client.force_login(jeanne)
    response = client.get(url(lang, "registrations:invitation", token=invitee.token))
    assert response.status_code == 410
    assert f'<html lang="{lang}">' in response.content.decode()
    assert lang == "fr" or "This invitation was passed on" in response.content.decode()
    assert "p•••@client.fr" in response.content.decode()
    with pytest.raises(RegistrationError) as caught:
        register_attendee(
            invitee.event,
            user=jeanne,
            details=details(),
            invitee=invitee,
            now=OPEN,
        )
    assert caught.value.code == "invitation_passed_on"
    # Declining it does nothing either.
    client.post(url(lang, "registrations:invitation", token=invitee.token), {"decline": "1"})
    assert Invitee.objects.get(pk=invitee.pk).declined_at is None


def test_passing_on_twice_to_the_same_address_is_one_invitation(invitee):
    first = invitations.pass_on_invitation(invitee, first_name="Paul", last_name="D", email="paul@client.fr", now=OPEN)
    again = invitations.pass_on_invitation(invitee, first_name="Paul", last_name="D", email="PAUL@client.fr", now=OPEN)
    assert first == again
    assert OutgoingEmail.objects.filter(kind="invitation").count() == 1
    with pytest.raises(RegistrationError) as caught:
        invitations.pass_on_invitation(invitee, first_name="Zoé", last_name="D", email="zoe@client.fr", now=OPEN)
    assert caught.value.code == "invitation_passed_on"


@pytest.mark.parametrize(
    ("email", "code"),
    [("someone@gmail.com", "other_organisation"), ("already@client.fr", "already_invited")],
)
def test_passing_on_outside_the_organisation_or_to_someone_already_invited_is_refused(client, invitee, email, code):
    InviteeFactory(event=invitee.event, email="already@client.fr")
    with pytest.raises(RegistrationError) as caught:
        invitations.pass_on_invitation(invitee, first_name="A", last_name="B", email=email, now=OPEN)
    assert caught.value.code == code
    client.force_login(jeanne())
    response = client.post(
        url("en", "registrations:invitation_answer", token=invitee.token),
        {"pass_on": "1", "first_name": "A", "last_name": "B", "email": email},
    )
    assert response.status_code == 200 and caught.value.message in response.content.decode()
    assert Invitee.objects.get(pk=invitee.pk).passed_to is None


def test_an_invitation_used_or_of_an_event_that_forbids_it_cannot_be_passed_on(client, event, invitee):
    event.invitations_can_be_passed_on = False
    event.save()
    client.force_login(UserFactory(email="paul@client.fr", verified=True))
    page = client.get(url("en", "registrations:invitation", token=invitee.token)).content.decode()
    assert "j•••@client.fr" in page and "ask them" not in page
    owner = jeanne()
    client.force_login(owner)
    page = client.get(url("en", "registrations:invitation_answer", token=invitee.token)).content.decode()
    assert "I will not come" in page and "Pass this invitation" not in page
    with pytest.raises(RegistrationError) as caught:
        invitations.pass_on_invitation(invitee, first_name="A", last_name="B", email="paul@client.fr", now=OPEN)
    assert caught.value.code == "passing_on_not_allowed"
    event.invitations_can_be_passed_on = True
    event.save()
    register_attendee(event, user=owner, details=details(), invitee=invitee, now=OPEN)
    with pytest.raises(RegistrationError) as caught:
        invitations.pass_on_invitation(invitee, first_name="A", last_name="B", email="paul@client.fr", now=OPEN)
    assert caught.value.code == "invitation_used"


def test_organisers_see_both_invitations(organiser_client, invitee):
    colleague = invitations.pass_on_invitation(
        invitee, first_name="Paul", last_name="Durand", email="paul@client.fr", now=OPEN
    )
    page = organiser_client.get(reverse("admin:registrations_invitee_change", args=[invitee.pk])).content.decode()
    assert "Paul Durand" in page
    page = organiser_client.get(reverse("admin:registrations_invitee_change", args=[colleague.pk])).content.decode()
    assert "Jeanne Martin" in page
    listing = organiser_client.get("/en/admin/registrations/invitee/").content.decode()
    assert "Paul Durand" in listing


def test_passing_on_after_registration_closed_is_refused(invitee):
    with pytest.raises(RegistrationError) as caught:
        invitations.pass_on_invitation(
            invitee,
            first_name="A",
            last_name="B",
            email="paul@client.fr",
            now=invitee.event.registration_closes_at + dt.timedelta(minutes=1),
        )
    assert caught.value.code == "closed"
