"""registrations.invitations: the lists, sending invitations and reminders, declining, the
follow-up; and what an invitation changes to registering (the event's registration mode)."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from mail.models import OutgoingEmail
from registrations import invitations
from registrations.models import Invitee
from registrations.services import RegistrationError, cancel_registration, register_attendee
from tests.edition import EVENT_DATE, OPEN, days_ago, spelled
from tests.factories import InviteeFactory, RegistrationFactory, UserFactory
from tests.forms import PASSWORD
from tests.registering import details

pytestmark = pytest.mark.django_db(transaction=True)
EVENT_CAPACITY = 10

CSV = (
    "Prénom;Nom;E-mail;Société;Catégorie;Langue\n"
    "Inès;Garnier;ines@client.example;Mutuelle Exemple;client;fr\n"
    "John;Smith;john@partner.example;Partner Ltd;partenaire;en\n"
    "Bad;Address;not-an-address;Exemple;client;fr\n"
    "Odd;Category;odd@example.org;Exemple;vip;fr\n"
    "Inès;Doublon;INES@client.example;Mutuelle Exemple;client;fr\n"
)


def csv_file(text=CSV, encoding="utf-8"):
    return SimpleUploadedFile("invites.csv", text.encode(encoding), content_type="text/csv")


def ines_on_the_list(event):
    """Inès Garnier of Mutuelle Exemple, invited in French: line 2 of CSV, as already imported."""
    return InviteeFactory(
        event=event,
        first_name="Inès",
        last_name="Garnier",
        email="ines@client.example",
        organisation="Mutuelle Exemple",
        category="client",
        language="fr",
    )


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


def test_rows_without_a_name_or_organisation_or_with_an_unknown_language_are_reported(event):
    text = (
        "first name;last name;email;organisation;category;language\n"
        ";Garnier;ines@client.example;;client;fr\n"
        "John;Smith;john@partner.example;Partner Ltd;partner;klingon\n"
        "Zoé;Ngô;zoe@supplier.example;Fournisseur;fournisseur;anglais\n"
    )
    rows = invitations.parse_invitees(csv_file(text), event=event)
    assert [row.problems for row in rows] == [
        ["the first name is missing", "the organisation is missing"],
        ["unknown language “klingon” (fr or en)"],
        [],
    ]
    assert (rows[2].values["category"], rows[2].values["language"]) == ("supplier", "en")


def test_an_invitee_already_on_the_list_is_updated_or_left_unchanged(event):
    ines_on_the_list(event)
    rows = invitations.parse_invitees(csv_file(), event=event)
    assert [(row.values["email"], row.action) for row in rows if row.is_valid] == [
        ("ines@client.example", "unchanged"),
        ("john@partner.example", "add"),
    ]
    renamed = invitations.parse_invitees(csv_file(CSV.replace("Inès;Garnier", "Inès;Garnier-Roy", 1)), event=event)
    assert renamed[0].action == "update"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n\n;;\n", "The file is empty."),
        (
            "first name;last name;email;organisation;category\n"
            + "A;B;a@example.org;O;client\n" * (invitations.MAX_ROWS + 1),
            f"The file has more than {invitations.MAX_ROWS} rows.",
        ),
    ],
    ids=["only-blank-lines", "too-many-rows"],
)
def test_a_file_with_nothing_to_import_or_too_much_is_refused_whole(event, text, message):
    with pytest.raises(invitations.InviteeFileError) as caught:
        invitations.parse_invitees(csv_file(text), event=event)
    assert caught.value.message == message
    assert Invitee.objects.count() == 0


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
        ines_on_the_list(event),
        InviteeFactory(
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
        ("ines@client.example", f"Vous êtes invité·e à Tech For Climate le {spelled(EVENT_DATE, 'fr', year=False)}"),
        ("john@partner.example", f"You are invited to Tech For Climate on {spelled(EVENT_DATE, year=False)}"),
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


def test_each_invitee_is_invited_once_and_the_date_is_kept(invitees):
    now = days_ago(60)
    assert invitations.send_invitations(Invitee.objects.all(), now=now) == 2
    assert invitations.send_invitations(Invitee.objects.all(), now=now + dt.timedelta(days=1)) == 0
    assert set(Invitee.objects.values_list("email", "invited_at")) == {
        ("ines@client.example", now),
        ("john@partner.example", now),
    }
    assert sorted(OutgoingEmail.objects.filter(kind="invitation").values_list("recipient", "language")) == [
        ("ines@client.example", "fr"),
        ("john@partner.example", "en"),
    ]


def test_someone_registered_cannot_decline_but_someone_who_cancelled_can(event, invitees):
    user = UserFactory(email=invitees[0].email, verified=True)
    registration = register_attendee(event, user=user, details=details(), invitee=invitees[0], now=OPEN)
    invitations.decline_invitation(Invitee.objects.get(pk=invitees[0].pk))
    assert Invitee.objects.get(pk=invitees[0].pk).declined_at is None
    assert Invitee.objects.get(pk=invitees[0].pk).answer == "registered"

    cancel_registration(registration, now=OPEN)
    invitations.decline_invitation(Invitee.objects.get(pk=invitees[0].pk), now=OPEN)
    assert Invitee.objects.get(pk=invitees[0].pk).declined_at == OPEN
    assert Invitee.objects.get(pk=invitees[0].pk).answer == "declined"


def test_following_the_link_takes_one_short_form(client, invitees):
    invitations.send_invitations(Invitee.objects.filter(pk=invitees[0].pk))
    link = link_in(mail.outbox[-1])
    page = client.get(link).content.decode()
    assert "Welcome, Inès" in page or "Bienvenue, Inès" in page
    # The address was vouched for by the link: signing up needs no confirmation e-mail.
    response = client.post(
        "/en/accounts/signup/", {"email": "ines@client.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == f"/{invitees[0].event.edition}/inscription/"  # the invitation's edition
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


def test_declining_needs_the_account_of_the_invited_address(client, invitees):
    john = invitees[1]
    # The link alone, perhaps forwarded, declines nothing.
    client.post(f"/en/invitation/{john.token}/", {"decline": "1"})
    assert client.post(f"/en/invitation/{john.token}/answer/", {"decline": "1"}).status_code == 302
    client.force_login(UserFactory(email="someone@partner.example", verified=True))
    assert client.post(f"/en/invitation/{john.token}/answer/", {"decline": "1"}).status_code == 403
    assert Invitee.objects.get(pk=john.pk).declined_at is None
    client.force_login(UserFactory(email=john.email, verified=True))
    response = client.post(f"/en/invitation/{john.token}/answer/", {"decline": "1"})
    assert "Thank you for letting us know" in response.content.decode()
    assert Invitee.objects.get(pk=john.pk).answer == "declined"


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
    user = UserFactory(email=invitees[0].email, verified=True)
    first = register_attendee(event, user=user, details=details(), invitee=invitees[0], now=OPEN)
    assert first.is_confirmed
    with pytest.raises(RegistrationError) as caught:
        register_attendee(event, user=UserFactory(verified=True), details=details(), invitee=invitees[0], now=OPEN)
    assert caught.value.code == "invitation_used"


# --- Follow-up --------------------------------------------------------------------------------


def test_follow_up_counts_per_category_and_lists_clients_without_anyone(organiser_client, event, invitees):
    InviteeFactory(
        event=event,
        first_name="C",
        last_name="D",
        email="c@other.example",
        organisation="Autre Client SA",
        category="client",
    )
    invitations.send_invitations(Invitee.objects.all())
    invitations.decline_invitation(invitees[1])
    user = UserFactory(email=invitees[0].email, verified=True)
    register_attendee(event, user=user, details=details(organisation="Mutuelle Exemple"), invitee=invitees[0], now=OPEN)
    follow_up = invitations.follow_up(event)
    assert dict(follow_up["by_category"]["Client"]) == {"invited": 2, "registered": 1, "no_answer": 1}
    assert dict(follow_up["by_category"]["Partner"]) == {"invited": 1, "declined": 1}
    assert follow_up["clients_without_anyone"] == ["Autre Client SA"]
    page = organiser_client.get(reverse("admin:registrations_invitee_follow_up")).content.decode()
    assert "Autre Client SA" in page


def test_each_answer_filter_of_the_admin_shows_exactly_the_invitees_in_that_state(organiser_client, event):
    now = days_ago(60)

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


def test_a_cell_longer_than_its_column_or_with_a_nul_byte_is_a_problem_of_its_row_not_a_failed_import(event):
    header = "prénom;nom;email;organisation;catégorie;langue\n"
    text = (
        header
        + f"{'A' * 101};Garnier;ines@client.example;Mutuelle;client;fr\n"
        + f"Jo;Smith;{'j' * 250}@partner.example;Partner;partner;en\n"
        + "Zoé;Nul\x00;zoe@client.example;Mutuelle;client;fr\n"
        + "Paul;Martin;paul@client.example;Mutuelle;client;fr\n"
    )
    rows = invitations.parse_invitees(csv_file(text), event=event)
    assert [row.is_valid for row in rows] == [False, False, False, True]
    assert "the first name is longer than 100 characters" in rows[0].problems
    assert any("longer than 254" in problem or "not a valid e-mail" in problem for problem in rows[1].problems)
    assert "the last name holds a character that cannot be stored" in rows[2].problems
    report = invitations.import_invitees(event, [row.values for row in rows if row.is_valid])
    assert report.added == 1 and Invitee.objects.get().email == "paul@client.example"
