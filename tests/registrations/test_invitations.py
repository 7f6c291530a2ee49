"""Inviting clients, partners and suppliers: lists, links, modes, reserved seats, colleagues."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from registrations import invitations
from registrations.holds import hold_seat_for_colleague, release_lapsed_seats
from registrations.models import Invitee, OutgoingEmail, Registration, SeatHold, SeatReservation
from registrations.services import RegistrationError, register_attendee, seat_counts
from tests.factories import PARIS, EventFactory, InviteeFactory, RegistrationFactory, UserFactory
from tests.registrations.conftest import OPEN, details

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "une phrase de passe assez longue"

CSV = (
    "Prénom;Nom;E-mail;Société;Catégorie;Langue\n"
    "Inès;Garnier;ines@client.example;Mutuelle Exemple;client;fr\n"
    "John;Smith;john@partner.example;Partner Ltd;partenaire;en\n"
    "Bad;Address;not-an-address;Exemple;client;fr\n"
    "Odd;Category;odd@example.org;Exemple;vip;fr\n"
    "Inès;Doublon;INES@client.example;Mutuelle Exemple;client;fr\n"
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def event(db):
    return EventFactory(capacity=10)


@pytest.fixture
def organiser_client(client, organisers_group):
    from django.core.management import call_command

    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    client.login(email="orga@example.org", password="correct horse battery")
    return client


def csv_file(text=CSV, encoding="utf-8"):
    return SimpleUploadedFile("invites.csv", text.encode(encoding), content_type="text/csv")


# --- Lists ----------------------------------------------------------------------------------


def test_preview_shows_each_rows_problem_and_saves_nothing(event):
    rows = invitations.parse_invitees(csv_file(), event=event)
    assert [(row.line, row.problems) for row in rows if row.problems] == [
        (4, ["“not-an-address” is not a valid e-mail address"]),
        (5, ["unknown category “vip” (client, partner, supplier, press or other)"]),
        (6, ["same e-mail address as line 2"]),
    ]
    assert [
        (row.values["email"], row.values["category"], row.values["language"], row.action)
        for row in rows
        if row.is_valid
    ] == [
        ("ines@client.example", "client", "fr", "add"),
        ("john@partner.example", "partner", "en", "add"),
    ]
    assert Invitee.objects.count() == 0


def test_import_is_idempotent_and_reports_what_it_did(event):
    valid = [row.values for row in invitations.parse_invitees(csv_file(), event=event) if row.is_valid]
    assert vars(invitations.import_invitees(event, valid)) == {"added": 2, "updated": 0, "skipped": 0}
    assert vars(invitations.import_invitees(event, valid)) == {"added": 0, "updated": 0, "skipped": 2}
    changed = [dict(valid[0], organisation="Mutuelle Renommée"), valid[1]]
    assert vars(invitations.import_invitees(event, changed)) == {"added": 0, "updated": 1, "skipped": 1}
    assert Invitee.objects.count() == 2


def test_excel_files_and_windows_csv_are_read(event):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["first name", "last name", "email", "organisation", "category", "language"])
    sheet.append(["Zoé", "Ngô", "zoe@supplier.example", "Fournisseur & Fils", "supplier", "en"])
    output = io.BytesIO()
    workbook.save(output)
    rows = invitations.parse_invitees(SimpleUploadedFile("list.xlsx", output.getvalue()), event=event)
    assert rows[0].values | {"line": rows[0].line} == {
        "first_name": "Zoé",
        "last_name": "Ngô",
        "email": "zoe@supplier.example",
        "organisation": "Fournisseur & Fils",
        "category": "supplier",
        "language": "en",
        "line": 2,
    }
    rows = invitations.parse_invitees(csv_file(CSV.replace(";", ","), encoding="cp1252"), event=event)
    assert rows[0].values["first_name"] == "Inès"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF-1.4", "Please send a CSV file or an Excel workbook (.xlsx)."),
        ("list.csv", b"", "The submitted file is empty."),
        ("list.csv", b"name;mail\nA;a@example.org\n", "These columns are missing from the first line"),
        ("list.xlsx", b"not a workbook", "This Excel file cannot be read."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(organiser_client, event, name, content, message):
    response = organiser_client.post(
        reverse("admin:registrations_invitee_import"), {"event": event.pk, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_organiser_imports_through_a_preview(organiser_client, event):
    url = reverse("admin:registrations_invitee_import")
    preview = organiser_client.post(url, {"event": event.pk, "file": csv_file()}).content.decode()
    assert "will add 2, update 0 and leave 0 unchanged" in preview
    assert "3 lines have a problem and will be skipped." in preview
    assert Invitee.objects.count() == 0
    done = organiser_client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "Import done: 2 added, 0 updated, 0 unchanged." in done
    organiser_client.post(url, {"event": event.pk, "file": csv_file()})
    done = organiser_client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "Import done: 0 added, 0 updated, 2 unchanged." in done


# --- Sending ----------------------------------------------------------------------------------


@pytest.fixture
def invitees(event):
    return [
        Invitee.objects.create(
            event=event,
            first_name="Inès",
            last_name="Garnier",
            email="ines@client.example",
            organisation="Mutuelle Exemple",
            category="client",
            language="fr",
        ),
        Invitee.objects.create(
            event=event,
            first_name="John",
            last_name="Smith",
            email="john@partner.example",
            organisation="Partner Ltd",
            category="partner",
            language="en",
        ),
    ]


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S*invitation/\S+/)", message.body).group(1)


def test_invitations_go_once_in_each_language_after_a_preview(organiser_client, invitees):
    changelist = reverse("admin:registrations_invitee_changelist")
    form = {"action": "send_invitations", "_selected_action": [i.pk for i in invitees]}
    preview = organiser_client.post(changelist, form).content.decode()
    assert "2 e-mails will be sent." in preview and "You are invited to Tech For Climate" in preview
    assert mail.outbox == []
    organiser_client.post(changelist, form | {"confirmed": "yes"})
    organiser_client.post(changelist, form | {"confirmed": "yes"})
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("ines@client.example", "Vous êtes invité·e à Tech For Climate le 8 juin"),
        ("john@partner.example", "You are invited to Tech For Climate on 8 June"),
    ]
    token = invitees[0].token
    assert link_in(mail.outbox[0]).endswith(f"/{token}/") or link_in(mail.outbox[1]).endswith(f"/{token}/")
    assert "Garnier" not in link_in(mail.outbox[0]) and "@" not in link_in(mail.outbox[0])


def test_reminders_go_only_to_those_without_an_answer_and_once(invitees):
    invitations.send_invitations(Invitee.objects.all())
    invitations.decline_invitation(invitees[1])
    assert invitations.send_invitation_reminders(Invitee.objects.all()) == 1
    assert invitations.send_invitation_reminders(Invitee.objects.all()) == 0
    assert OutgoingEmail.objects.filter(kind="invitation_reminder").get().recipient == "ines@client.example"


def test_following_the_link_takes_one_short_form(client, invitees):
    invitations.send_invitations(Invitee.objects.filter(pk=invitees[0].pk))
    link = link_in(mail.outbox[-1])
    page = client.get(link).content.decode()
    assert "Welcome, Inès" in page or "Bienvenue, Inès" in page
    # The address was vouched for by the link: signing up needs no confirmation e-mail.
    response = client.post(
        "/en/accounts/signup/", {"email": "ines@client.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == "/inscription/"
    form = client.get("/en/register/").context["form"]
    assert {name: form.initial[name] for name in ("first_name", "last_name", "organisation", "category")} == {
        "first_name": "Inès",
        "last_name": "Garnier",
        "organisation": "Mutuelle Exemple",
        "category": "client",
    }
    client.post(
        "/en/register/",
        {
            "first_name": "Inès",
            "last_name": "Garnier",
            "organisation": "Mutuelle Exemple",
            "job_title": "DSI",
            "category": "client",
            "accept_terms": "on",
        },
    )
    invitee = Invitee.objects.get(pk=invitees[0].pk)
    assert invitee.answer == "registered"
    assert invitee.registration.user.email == "ines@client.example"


def test_declining_from_the_link(client, invitees):
    response = client.post(f"/en/invitation/{invitees[1].token}/", {"decline": "1"})
    assert "Thank you for letting us know" in response.content.decode()
    assert Invitee.objects.get(pk=invitees[1].pk).answer == "declined"


def test_a_made_up_invitation_link_is_refused(client, event):
    response = client.get("/en/invitation/made-up-token/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


# --- Registration modes -----------------------------------------------------------------------


def test_invitation_only_event_refuses_registrations_without_a_link(client, event):
    event.registration_mode = "invitation"
    event.save()
    user = UserFactory(verified=True)
    client.force_login(user)
    page = client.get("/en/register/").content.decode()
    assert "Registration is by invitation" in page and event.contact_email in page
    with pytest.raises(RegistrationError) as caught:
        register_attendee(event, user=user, details=details(), now=OPEN)
    assert caught.value.code == "invitation_required"


def test_an_invitation_serves_one_person(event, invitees):
    event.registration_mode = "invitation"
    event.save()
    first = register_attendee(event, user=UserFactory(), details=details(), invitee=invitees[0], now=OPEN)
    assert first.is_confirmed
    with pytest.raises(RegistrationError) as caught:
        register_attendee(event, user=UserFactory(), details=details(), invitee=invitees[0], now=OPEN)
    assert caught.value.code == "invitation_used"


# --- Reserved seats ---------------------------------------------------------------------------


def register_as(event, category, now=OPEN):
    return register_attendee(event, user=UserFactory(), details=details(category=category), now=now)


def test_reserved_seats_wait_for_their_category_then_return_to_the_pool(event):
    event.capacity = 5
    event.save()
    until = dt.datetime(2027, 1, 1, tzinfo=PARIS)
    SeatReservation.objects.create(event=event, category="partner", seats=2, until=until)
    clients = [register_as(event, "client") for _ in range(4)]
    assert [r.status for r in clients] == ["confirmed"] * 3 + ["waitlisted"]
    partners = [register_as(event, "partner") for _ in range(3)]
    assert [r.status for r in partners] == ["confirmed", "confirmed", "waitlisted"]
    assert Registration.objects.confirmed().count() == 5

    # A partner's seat that frees up goes to the next partner, not to the client first in line.
    from registrations.services import cancel_registration

    cancel_registration(partners[0], now=OPEN)
    assert Registration.objects.get(pk=partners[2].pk).status == "confirmed"
    assert Registration.objects.get(pk=clients[3].pk).status == "waitlisted"


def test_unused_reserved_seats_return_to_the_pool_after_their_date(event):
    event.capacity = 3
    event.save()
    until = dt.datetime(2027, 1, 1, tzinfo=PARIS)
    SeatReservation.objects.create(event=event, category="press", seats=2, until=until)
    clients = [register_as(event, "client") for _ in range(3)]
    assert [r.status for r in clients] == ["confirmed", "waitlisted", "waitlisted"]
    assert release_lapsed_seats(now=until + dt.timedelta(minutes=1)) == 2
    assert Registration.objects.confirmed().count() == 3
    assert seat_counts(event, until + dt.timedelta(minutes=1)).free == 0


# --- A colleague ------------------------------------------------------------------------------


def test_assistant_holds_a_seat_the_colleague_confirms_it(client, event):
    assistant = RegistrationFactory(event=event, organisation="Mutuelle Exemple")
    hold = hold_seat_for_colleague(
        event,
        held_by=assistant.user,
        first_name="Paul",
        last_name="Martin",
        email="paul@client.example",
        organisation="Mutuelle Exemple",
        category="client",
        now=OPEN,
    )
    assert seat_counts(event, OPEN).total_taken == 2
    message = mail.outbox[-1]
    assert (message.to, message.subject) == (["paul@client.example"], "A seat at Tech For Climate is held for you")
    link = re.search(r"https?://[^/\s]+(/\S+/)\s*$", message.body.strip()).group(1)
    assert "Paul" in client.get(link).content.decode()
    client.post("/en/accounts/signup/", {"email": "paul@client.example", "password1": PASSWORD, "password2": PASSWORD})
    assert client.get("/en/register/").context["form"].initial["first_name"] == "Paul"
    client.post(
        "/en/register/",
        {
            "first_name": "Paul",
            "last_name": "Martin",
            "organisation": "Mutuelle Exemple",
            "job_title": "Chargé de mission",
            "category": "client",
            "accept_terms": "on",
        },
    )
    hold.refresh_from_db()
    assert (hold.status, hold.registration.status, hold.registration.user.email) == (
        "confirmed",
        "confirmed",
        "paul@client.example",
    )
    assert seat_counts(event, OPEN).total_taken == 2


def test_a_held_seat_is_kept_even_when_the_event_fills_meanwhile(event):
    event.capacity = 2
    event.save()
    assistant = RegistrationFactory(event=event)
    hold = hold_seat_for_colleague(
        event,
        held_by=assistant.user,
        first_name="Paul",
        last_name="Martin",
        email="paul@client.example",
        organisation="X",
        category="client",
        now=OPEN,
    )
    assert register_as(event, "client").status == "waitlisted"
    colleague = UserFactory(email="paul@client.example")
    registration = register_attendee(event, user=colleague, details=details(), hold=hold, now=OPEN)
    assert registration.status == "confirmed"
    assert Registration.objects.confirmed().count() == 2


def test_a_lapsed_hold_releases_its_seat_to_the_waiting_list(event):
    event.capacity = 2
    event.save()
    assistant = RegistrationFactory(event=event)
    hold = hold_seat_for_colleague(
        event,
        held_by=assistant.user,
        first_name="Paul",
        last_name="Martin",
        email="paul@client.example",
        organisation="X",
        category="client",
        now=OPEN,
    )
    waiting = register_as(event, "client")
    assert waiting.status == "waitlisted"
    later = hold.held_until + dt.timedelta(minutes=1)
    assert release_lapsed_seats(now=later) == 1
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert SeatHold.objects.get(pk=hold.pk).status == "expired"


def test_no_hold_for_someone_registered_or_when_full(event):
    event.capacity = 1
    event.save()
    assistant = RegistrationFactory(event=event)
    with pytest.raises(RegistrationError) as caught:
        hold_seat_for_colleague(
            event,
            held_by=assistant.user,
            first_name="A",
            last_name="B",
            email="x@example.org",
            organisation="X",
            category="client",
            now=OPEN,
        )
    assert caught.value.code == "full"
    with pytest.raises(RegistrationError) as caught:
        hold_seat_for_colleague(
            event,
            held_by=assistant.user,
            first_name="A",
            last_name="B",
            email=assistant.user.email.upper(),
            organisation="X",
            category="client",
            now=OPEN,
        )
    assert caught.value.code == "already_registered"


def test_follow_up_counts_per_category_and_lists_clients_without_anyone(organiser_client, event, invitees):
    Invitee.objects.create(
        event=event,
        first_name="C",
        last_name="D",
        email="c@other.example",
        organisation="Autre Client SA",
        category="client",
    )
    invitations.send_invitations(Invitee.objects.all())
    invitations.decline_invitation(invitees[1])
    register_attendee(
        event, user=UserFactory(), details=details(organisation="Mutuelle Exemple"), invitee=invitees[0], now=OPEN
    )
    follow_up = invitations.follow_up(event)
    assert dict(follow_up["by_category"]["Client"]) == {"invited": 2, "registered": 1, "no_answer": 1}
    assert dict(follow_up["by_category"]["Partner"]) == {"invited": 1, "declined": 1}
    assert follow_up["clients_without_anyone"] == ["Autre Client SA"]
    page = organiser_client.get(reverse("admin:registrations_invitee_follow_up")).content.decode()
    assert "Autre Client SA" in page


def test_each_answer_filter_of_the_admin_shows_exactly_the_invitees_in_that_state(organiser_client, event):
    now = dt.datetime(2026, 10, 1, 10, 0, tzinfo=PARIS)

    def invitee(name, *, invited=True, declined=False, status=None):
        person = InviteeFactory(
            event=event, first_name=name, invited_at=now if invited else None, declined_at=now if declined else None
        )
        if status:
            person.registration = RegistrationFactory(event=event, status=status, queued_at=now)
            person.save()
        return person

    people = {
        "not invited": invitee("nobody", invited=False),
        "no answer": invitee("silent"),
        "registered": invitee("coming", status="confirmed"),
        "waiting": invitee("queued", status="waitlisted"),
        "declined": invitee("declined", declined=True),
    }
    cancelled = invitee("changed-mind", status="cancelled")
    expected = {state: {person.pk} for state, person in people.items()} | {
        "declined": {people["declined"].pk, cancelled.pk}
    }
    for state, pks in expected.items():
        response = organiser_client.get("/en/admin/registrations/invitee/", {"answer": state})
        assert {row.pk for row in response.context["cl"].result_list} == pks, state
        assert {row.answer for row in response.context["cl"].result_list} == {state}
