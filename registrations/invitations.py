"""Invitees: importing the lists, sending the invitations and reminders, declining, passing
an invitation on to a colleague."""

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import editions
from events.models import Event
from mail.outbox import queue_email
from registrations.emails import EmailKind
from registrations.models import Invitee, Registration
from registrations.services import RegistrationError, check_registration_open, lock_event

# Column titles people actually write, in French or English, mapped to our fields.
COLUMNS = {
    "first_name": {"first_name", "first name", "firstname", "prénom", "prenom"},
    "last_name": {"last_name", "last name", "lastname", "surname", "nom", "nom de famille"},
    "email": {"email", "e-mail", "mail", "courriel", "adresse e-mail", "adresse email"},
    "organisation": {"organisation", "organization", "company", "société", "societe", "entreprise", "structure"},
    "category": {"category", "catégorie", "categorie", "type"},
    "language": {"language", "langue", "lang"},
}
CATEGORY_WORDS = {
    "client": "client",
    "cliente": "client",
    "partner": "partner",
    "partenaire": "partner",
    "supplier": "supplier",
    "fournisseur": "supplier",
    "fournisseuse": "supplier",
    "press": "press",
    "presse": "press",
    "other": "other",
    "autre": "other",
}
LANGUAGE_WORDS = {
    "": "fr",
    "fr": "fr",
    "français": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}
MAX_ROWS = 5000


class InviteeFileError(DomainError):
    """The file as a whole cannot be read (not the problem of one row)."""

    def __init__(self, message: str, *, code: str = "unreadable_file"):
        super().__init__(message, code=code)


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    action: str = ""  # "add", "update", "unchanged" once compared with the database

    @property
    def is_valid(self) -> bool:
        return not self.problems


def read_table(upload) -> list[list[str]]:
    """The rows of a CSV (comma or semicolon, UTF-8 or Windows-1252) or Excel file."""
    name = upload.name.lower()
    data = upload.read()
    if name.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as error:
            raise InviteeFileError(_("This Excel file cannot be read.")) from error
        return [
            ["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    if not name.endswith((".csv", ".txt")):
        raise InviteeFileError(_("Please send a CSV file or an Excel workbook (.xlsx)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def parse_invitees(upload, *, event: Event) -> list[ImportRow]:
    """Every row of the file with its problems (bad e-mail, unknown category, duplicate…)
    and what importing it would do. Nothing is saved."""
    table = [row for row in read_table(upload) if any(row)]
    if not table:
        raise InviteeFileError(_("The file is empty."))
    if len(table) > MAX_ROWS + 1:
        raise InviteeFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    header = [cell.lower().strip() for cell in table[0]]
    positions = {}
    for name, titles in COLUMNS.items():
        matches = [index for index, title in enumerate(header) if title in titles]
        if matches:
            positions[name] = matches[0]
    missing = [
        name for name in ("first_name", "last_name", "email", "organisation", "category") if name not in positions
    ]
    if missing:
        raise InviteeFileError(
            _("These columns are missing from the first line: %(columns)s.") % {"columns": ", ".join(missing)}
        )

    existing = {invitee.email.lower(): invitee for invitee in Invitee.objects.filter(event=event)}
    seen: dict[str, int] = {}
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        value = {name: (cells[index] if index < len(cells) else "").strip() for name, index in positions.items()}
        row = ImportRow(line=line, values=value)
        check_row(row, seen)
        if row.is_valid:
            row.values["category"] = CATEGORY_WORDS[row.values["category"].lower()]
            row.values["language"] = LANGUAGE_WORDS[row.values.get("language", "").lower()]
            current = existing.get(row.values["email"].lower())
            if current is None:
                row.action = "add"
            elif all(getattr(current, name) == row.values[name] for name in COLUMNS if name != "email"):
                row.action = "unchanged"
            else:
                row.action = "update"
        rows.append(row)
    return rows


def check_row(row: ImportRow, seen: dict[str, int]) -> None:
    values = row.values
    for name, label in (
        ("first_name", _("first name")),
        ("last_name", _("last name")),
        ("organisation", _("organisation")),
    ):
        if not values.get(name):
            row.problems.append(_("the %(field)s is missing") % {"field": label})
    check_fits_its_column(row)
    try:
        validate_email(values.get("email", ""))
    except ValidationError:
        row.problems.append(_("“%(email)s” is not a valid e-mail address") % {"email": values.get("email", "")})
    else:
        key = values["email"].lower()
        if key in seen:
            row.problems.append(_("same e-mail address as line %(line)d") % {"line": seen[key]})
        else:
            seen[key] = row.line
    if values.get("category", "").lower() not in CATEGORY_WORDS:
        row.problems.append(
            _("unknown category “%(category)s” (client, partner, supplier, press or other)")
            % {"category": values.get("category", "")}
        )
    if values.get("language", "").lower() not in LANGUAGE_WORDS:
        row.problems.append(_("unknown language “%(language)s” (fr or en)") % {"language": values.get("language")})


def check_fits_its_column(row: ImportRow) -> None:
    """A cell longer than its column, or with a NUL byte, would pass the preview and then
    fail the import on PostgreSQL: refused with the row's other problems."""
    for name in ("first_name", "last_name", "organisation", "email"):
        value = row.values.get(name, "")
        limit = Invitee._meta.get_field(name).max_length
        if len(value) > limit:
            row.problems.append(
                _("the %(field)s is longer than %(max)d characters")
                % {"field": Invitee._meta.get_field(name).verbose_name, "max": limit}
            )
        if "\x00" in value:
            row.problems.append(
                _("the %(field)s holds a character that cannot be stored")
                % {"field": Invitee._meta.get_field(name).verbose_name}
            )


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0


@transaction.atomic
def import_invitees(event: Event, rows: list[dict]) -> ImportReport:
    """Add or update invitees by e-mail address; importing the same rows twice adds nothing."""
    report = ImportReport()
    existing = {invitee.email.lower(): invitee for invitee in Invitee.objects.select_for_update().filter(event=event)}
    for values in rows:
        invitee = existing.get(values["email"].lower())
        fields = {name: values[name] for name in COLUMNS if name != "email"}
        if invitee is None:
            existing[values["email"].lower()] = Invitee.objects.create(event=event, email=values["email"], **fields)
            report.added += 1
        elif any(getattr(invitee, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(invitee, name, value)
            invitee.save()
            report.updated += 1
        else:
            report.skipped += 1
    return report


def previous_edition(event: Event) -> Event | None:
    return Event.objects.filter(date__lt=event.date).order_by("-date", "-pk").first()


def last_editions_attendees(event: Event) -> list[dict]:
    """Who came to (or had a seat at) the edition before `event`, as invitees of `event`:
    names, address, organisation, category (their seat's, vouched for then) and language.
    Anonymised and cancelled registrations are nobody's any more."""
    previous = previous_edition(event)
    if previous is None:
        return []
    registrations = Registration.objects.filter(
        event=previous, status=Registration.Status.CONFIRMED, anonymised_at__isnull=True, user__isnull=False
    ).select_related("user")
    with editions.every_edition():  # last year's rows, read for this year's invitations
        return [
            {
                "first_name": registration.first_name,
                "last_name": registration.last_name,
                "email": registration.user.email,
                "organisation": registration.organisation,
                "category": registration.category,
                "language": registration.user.language if registration.user.language in Invitee.Language else "fr",
            }
            for registration in registrations
        ]


def invite_last_editions_attendees(event: Event, *, now: dt.datetime | None = None) -> tuple[ImportReport, int]:
    """Last year's attendees invited to `event` in one step: each one an invitee (once,
    whatever the number of times it is done), each sent their invitation once."""
    rows = last_editions_attendees(event)
    report = import_invitees(event, rows)
    emails = {row["email"].lower() for row in rows}
    invitees = [invitee for invitee in Invitee.objects.filter(event=event) if invitee.email.lower() in emails]
    return report, send_invitations(invitees, now=now)


def send_invitations(invitees, *, now: dt.datetime | None = None) -> int:
    """Queue each invitee's invitation, in their language; never twice to the same person."""
    return queue_invitee_emails(invitees, EmailKind.INVITATION, stamp="invited_at", now=now)


def send_invitation_reminders(invitees, *, now: dt.datetime | None = None) -> int:
    """Remind those invited who have neither registered nor declined; once each."""
    return queue_invitee_emails(invitees.awaiting_answer(), EmailKind.INVITATION_REMINDER, stamp="reminded_at", now=now)


@transaction.atomic
def queue_invitee_emails(invitees, kind: str, *, stamp: str, now: dt.datetime | None = None) -> int:
    """Queue the `kind` e-mail to each invitee once (a unique key per person and kind), and
    date it in the invitee's `stamp` field. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for invitee in invitees:
        email = queue_email(
            recipient=invitee.email,
            language=invitee.language,
            kind=kind,
            about=invitee,
            dedupe_key=f"{kind.replace('_', '-')}:{invitee.pk}",
        )
        if email is not None:
            Invitee.objects.filter(pk=invitee.pk).update(**{stamp: now})
            sent += 1
    return sent


def decline_invitation(invitee: Invitee, *, now: dt.datetime | None = None) -> Invitee:
    if invitee.registration_id and not invitee.registration.is_cancelled:
        return invitee  # registered: cancelling is done from "My registration"
    invitee.declined_at = now or timezone.now()
    invitee.save(update_fields=["declined_at", "updated_at"])
    return invitee


def follow_up(event: Event) -> dict:
    """Invited, registered, waiting, declined and no answer per category and per
    organisation, and the client organisations with nobody registered yet."""

    by_category: dict[str, Counter] = defaultdict(Counter)
    by_organisation: dict[str, Counter] = defaultdict(Counter)
    for invitee in Invitee.objects.filter(event=event).with_answer():
        answer = invitee.answer
        for table, key in ((by_category, invitee.get_category_display()), (by_organisation, invitee.organisation)):
            table[key]["invited"] += bool(invitee.invited_at)
            table[key][answer.replace(" ", "_")] += 1
    registered_organisations = set(
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("organisation", flat=True)
    )
    registered_lower = {name.lower() for name in registered_organisations}
    clients_without_anyone = sorted(
        {
            invitee.organisation
            for invitee in Invitee.objects.filter(event=event, category=Registration.Category.CLIENT)
            if invitee.organisation.lower() not in registered_lower
        }
    )
    return {
        "by_category": dict(sorted(by_category.items())),
        "by_organisation": dict(sorted(by_organisation.items())),
        "clients_without_anyone": clients_without_anyone,
    }


def masked_address(email: str) -> str:
    """Whom an invitation was sent to, for someone else's eyes: j•••@client.fr."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def same_domain(first: str, second: str) -> bool:
    return first.rpartition("@")[2].lower() == second.rpartition("@")[2].lower()


def pass_on_invitation(
    invitee: Invitee, *, first_name: str, last_name: str, email: str, now: dt.datetime | None = None
) -> Invitee:
    """Pass an invitation on to a colleague of the same organisation (an address of the
    same domain), where the event allows it: a new invitation for their address, with the
    same organisation, category and language, e-mailed to them; the first one is closed.
    Passing it again to the same address returns the colleague's invitation."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(invitee.event_id)
        invitee = Invitee.objects.select_for_update().get(pk=invitee.pk)
        if invitee.passed_to_id is not None:
            colleague = invitee.passed_to
            if colleague.email.lower() == email.lower():
                return colleague
            raise RegistrationError(
                _("This invitation was passed on to a colleague and can no longer be used."),
                code="invitation_passed_on",
            )
        if not event.invitations_can_be_passed_on:
            raise RegistrationError(
                _("Invitations to this event cannot be passed on. Write to %(email)s to ask for one.")
                % {"email": event.contact_email},
                code="passing_on_not_allowed",
            )
        check_registration_open(event, now)
        if invitee.registration_id is not None:
            raise RegistrationError(
                _("This invitation has already been used. Write to %(email)s if you need another one.")
                % {"email": event.contact_email},
                code="invitation_used",
            )
        if not same_domain(email, invitee.email):
            raise RegistrationError(
                _("An invitation is passed on within the organisation: use an address ending in @%(domain)s.")
                % {"domain": invitee.email.rpartition("@")[2]},
                code="other_organisation",
            )
        if Invitee.objects.filter(event=event, email__iexact=email).exists():
            raise RegistrationError(_("This address already has its own invitation."), code="already_invited")
        colleague = Invitee.objects.create(
            event=event,
            first_name=first_name,
            last_name=last_name,
            email=email,
            organisation=invitee.organisation,
            category=invitee.category,
            language=invitee.language,
        )
        invitee.passed_to, invitee.passed_at = colleague, now
        invitee.save(update_fields=["passed_to", "passed_at", "updated_at"])
        send_invitations([colleague], now=now)
    return colleague
