"""registrations.approvals and its back office: a self-declared category takes only general
seats until an organiser confirms or corrects it (under the event lock, a confirmed person
staying confirmed); open registrations wait for an organiser's approval, decided in the
order they came, a refusal e-mailed with its reason; attendees never change their category."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mail.models import OutgoingEmail
from registrations import approvals
from registrations.emails import render_email
from registrations.models import Registration
from registrations.services import RegistrationError, register_attendee
from tests.edition import OPEN
from tests.factories import PARIS, SeatReservationFactory, UserFactory
from tests.registering import details, register_as, register_invited

pytestmark = pytest.mark.django_db
EVENT_CAPACITY = 3
CHANGELIST = "/en/admin/registrations/registration/"


@pytest.fixture
def partner_seats(event):
    """2 of the 3 seats reserved for partners: the general pool has 1."""
    return SeatReservationFactory(event=event, category="partner", seats=2, until=dt.datetime(2030, 1, 1, tzinfo=PARIS))


def status(registration):
    return Registration.objects.get(pk=registration.pk).status


# --- Categories --------------------------------------------------------------------------------


def test_a_self_declared_partner_takes_only_general_seats(event, partner_seats):
    first, second = register_as(event, "partner"), register_as(event, "partner")
    assert (first.status, first.category_vouched) == ("confirmed", False)
    assert second.status == "waitlisted"  # two partner seats free, but not for a self-declared partner
    assert register_invited(event, "partner").status == "confirmed"


def test_confirming_the_category_of_someone_waiting_gives_them_a_reserved_seat(event, partner_seats):
    register_as(event, "partner")
    waiting = register_as(event, "partner")
    updated = approvals.set_category(waiting, "partner", now=OPEN)
    assert (updated.status, updated.category_vouched) == ("confirmed", True)
    assert OutgoingEmail.objects.filter(registration=waiting, kind="promoted").count() == 1
    # A repeat changes nothing and tells nobody again.
    approvals.set_category(waiting, "partner", now=OPEN)
    assert OutgoingEmail.objects.filter(registration=waiting, kind="promoted").count() == 1


def test_a_confirmed_person_stays_confirmed_after_a_correction(event, partner_seats):
    partners = [register_invited(event, "partner"), register_invited(event, "partner")]
    client = register_as(event, "client")
    assert [status(r) for r in [*partners, client]] == ["confirmed"] * 3
    # Corrected to client: the general pool is already taken, the seat stays theirs.
    corrected = approvals.set_category(partners[0], "client", now=OPEN)
    assert (corrected.status, corrected.category, corrected.category_vouched) == ("confirmed", "client", True)
    assert Registration.objects.confirmed().count() == 3
    with pytest.raises(RegistrationError) as caught:
        approvals.set_category(partners[1], "vip", now=OPEN)
    assert caught.value.code == "unknown_category"


def test_an_attendee_cannot_change_their_category_from_change_my_details(client, event, partner_seats):
    registration = register_as(event, "client")
    client.force_login(registration.user)
    page = client.get("/en/my-registration/edit/")
    assert "category" not in page.context["form"].fields
    assert 'name="category"' not in page.content.decode()
    client.post(
        "/en/my-registration/edit/",
        {
            "first_name": "Camille",
            "last_name": "Autre",
            "organisation": "Exemple SA",
            "job_title": "DSI",
            "category": "partner",
        },
    )
    registration.refresh_from_db()
    assert (registration.last_name, registration.category, registration.category_vouched) == ("Autre", "client", False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_open_registration_still_lets_the_person_say_their_category(client, event, lang):
    client.force_login(UserFactory(verified=True))
    path = "/en/register/" if lang == "en" else "/inscription/"
    form = client.get(path).context["form"]
    assert not form.fields["category"].disabled


# --- The back office: categories ------------------------------------------------------------------


def test_the_category_to_verify_filter_lists_self_declared_people_still_in(organiser_client, event, partner_seats):
    declared = register_as(event, "partner")
    waiting = register_as(event, "client")
    register_invited(event, "partner")
    cancelled = register_as(event, "press")
    cancelled.status = "cancelled"
    cancelled.save()
    refused = register_as(event, "press")
    refused.status = "refused"
    refused.save()
    response = organiser_client.get(CHANGELIST, {"category_to_verify": "yes"})
    assert {row.pk for row in response.context["cl"].result_list} == {declared.pk, waiting.pk}


def test_the_confirm_category_action_goes_through_the_rules(organiser_client, event, partner_seats):
    register_as(event, "partner")
    waiting = register_as(event, "partner")
    organiser_client.post(CHANGELIST, {"action": "confirm_category", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.category_vouched) == ("confirmed", True)
    assert (
        not organiser_client.get(CHANGELIST, {"category_to_verify": "yes"})
        .context["cl"]
        .result_list.filter(pk=waiting.pk)
    )


def change_form_data(response):
    """What the admin's change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{key}": value for key, value in management.initial.items()}
    return data


def test_changing_the_category_in_the_change_form_vouches_for_it_and_moves_the_list(
    organiser_client, event, partner_seats
):
    register_as(event, "partner")
    waiting = register_as(event, "client")
    url = reverse("admin:registrations_registration_change", args=[waiting.pk])
    data = change_form_data(organiser_client.get(url))
    assert "category_vouched" not in data  # shown, not typed
    organiser_client.post(url, data | {"category": "partner", "category_vouched": "on"})
    waiting.refresh_from_db()
    assert (waiting.category, waiting.category_vouched, waiting.status) == ("partner", True, "confirmed")


# --- Approval of open registrations --------------------------------------------------------------


@pytest.fixture
def approval_event(event):
    event.open_registrations_need_approval, event.capacity = True, 1
    event.save()
    return event


def test_open_registrations_wait_for_approval_but_invitations_do_not(approval_event):
    assert register_as(approval_event, "client").status == "awaiting_approval"
    assert register_invited(approval_event, "client").status == "confirmed"


def test_approval_in_the_order_they_came(organiser_client, approval_event):
    first = register_as(approval_event, "client", now=OPEN)
    second = register_as(approval_event, "client", now=OPEN + dt.timedelta(minutes=1))
    Registration.objects.filter(pk=first.pk).update(created_at=OPEN)
    Registration.objects.filter(pk=second.pk).update(created_at=OPEN + dt.timedelta(minutes=1))
    listed = organiser_client.get(CHANGELIST, {"awaiting_approval": "yes"}).context["cl"].result_list
    assert [row.pk for row in listed] == [first.pk, second.pk]
    organiser_client.post(CHANGELIST, {"action": "approve", "_selected_action": [second.pk, first.pk]})
    assert (status(first), status(second)) == ("confirmed", "waitlisted")
    assert OutgoingEmail.objects.filter(registration=first, kind="confirmed").exists()
    assert OutgoingEmail.objects.filter(registration=second, kind="waitlisted").exists()
    # Approving again changes nothing.
    assert approvals.approve_registration(first).status == "confirmed"


def test_a_later_approval_does_not_pass_over_someone_waiting(approval_event):
    first = approvals.approve_registration(register_as(approval_event, "client"), now=OPEN)
    register_invited(approval_event, "client")  # on the waiting list: the only seat is taken
    assert first.is_confirmed
    late = approvals.approve_registration(register_as(approval_event, "client"), now=OPEN)
    assert late.status == "waitlisted"


def test_a_refusal_is_emailed_with_its_reason(approval_event):
    registration = register_as(approval_event, "client")
    with pytest.raises(RegistrationError) as caught:
        approvals.refuse_registration(registration, reason="   ")
    assert caught.value.code == "reason_required"
    refused = approvals.refuse_registration(registration, reason="Reserved for Constellation's clients.")
    assert (refused.status, refused.refusal_reason) == ("refused", "Reserved for Constellation's clients.")
    email = OutgoingEmail.objects.get(registration=registration, kind="refused")
    assert "Reserved for Constellation's clients." in render_email(email).text
    # Refused is final: neither a second refusal nor an approval changes it.
    assert approvals.approve_registration(refused).status == "refused"
    assert OutgoingEmail.objects.filter(registration=registration).exclude(kind="awaiting_approval").count() == 1


def test_the_refuse_action_asks_the_reason_first(organiser_client, approval_event):
    registration = register_as(approval_event, "client")
    form = {"action": "refuse", "_selected_action": [registration.pk]}
    page = organiser_client.post(CHANGELIST, form)
    assert "Refuse these registrations?" in page.content.decode()
    assert status(registration) == "awaiting_approval"
    again = organiser_client.post(CHANGELIST, form | {"confirmed": "yes", "reason": ""})
    assert again.context["form"].errors and status(registration) == "awaiting_approval"
    organiser_client.post(CHANGELIST, form | {"confirmed": "yes", "reason": "The day is for clients."})
    registration.refresh_from_db()
    assert (registration.status, registration.refusal_reason) == ("refused", "The day is for clients.")


def test_registering_again_while_awaiting_approval_changes_nothing(approval_event):
    registration = register_as(approval_event, "client")
    again = register_attendee(approval_event, user=registration.user, details=details(), now=OPEN)
    assert (again.pk, again.status) == (registration.pk, "awaiting_approval")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_my_registration_says_it_awaits_approval_then_why_it_was_refused(client, approval_event, lang):
    registration = register_as(approval_event, "client")
    client.force_login(registration.user)
    with translation.override(lang):
        page, cancel = reverse("registrations:mine"), reverse("registrations:cancel")
    waiting = client.get(page).content.decode()
    assert f'<html lang="{lang}">' in waiting
    assert 'class="status status-awaiting_approval"' in waiting
    assert "Register again" not in waiting and "Se réinscrire" not in waiting
    approvals.refuse_registration(registration, reason="Reserved for Constellation's clients this year.")
    refused = client.get(page).content.decode()
    assert 'class="status status-refused"' in refused
    assert "Reserved for Constellation&#x27;s clients this year." in refused
    assert cancel in waiting and cancel not in refused  # a refusal leaves nothing to cancel or change
