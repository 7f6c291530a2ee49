"""What a desk sends: the badge code or the person picked from a search (online), its name
and the workshop in workshop mode, and the scans of its queue (a sync)."""

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from core.forms import IdField
from day.desk import CHECK_IN, WORKSHOP, Scan
from events.models import Session

MAX_SCANS_PER_SYNC = 500


class CheckInForm(forms.Form):
    """What the desk posts: a scanned (or typed) badge code, or a registration picked from
    the search results."""

    token = forms.CharField(required=False, max_length=1000)
    registration = IdField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("token") and not cleaned.get("registration"):
            raise forms.ValidationError(_("Scan a badge or pick a person from the search."), code="empty")
        return cleaned


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)


class DeskForm(forms.Form):
    """The online form's desk name and workshop (both optional: the door's check-in by default)."""

    desk = forms.CharField(label=_("Desk"), required=False, max_length=50)
    session = forms.ModelChoiceField(queryset=Session.objects.none(), required=False, label=_("Workshop"))
    # The workshop picked for workshop mode (?workshop=<id>); `session` is what the scan posts.
    workshop = forms.ModelChoiceField(queryset=Session.objects.none(), required=False, label=_("Workshop"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = self.fields["workshop"].queryset = workshops_of(event)


def workshops_of(event):
    return Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP).select_related("room").order_by("start")


class UnreadableSync(ValueError):
    """A sync request that cannot be read as a whole (a desk never sends one): nothing is recorded."""


@dataclass(frozen=True)
class RefusedScan:
    """One item of a batch that cannot be a scan, refused alone with its reason; the others go on."""

    client_id: str
    reason: str


# A full queue is 500 scans of some 200 bytes each; the rest is hostile.
MAX_SYNC_BODY_BYTES = 256 * 1024
MAX_CODE_LENGTH = 1000
MAX_CLIENT_ID_LENGTH = 64
MAX_TIME_LENGTH = 40
SCAN_KEYS = {"client_id", "code", "scanned_at", "desk", "mode", "session"}


def read_sync_body(body: bytes) -> list:
    """The list of items of a sync body, checked for size, shape and depth before any work."""
    if len(body) > MAX_SYNC_BODY_BYTES:
        raise UnreadableSync("too large")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise UnreadableSync("not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("scans"), list):
        raise UnreadableSync("no list of scans")
    if len(payload["scans"]) > MAX_SCANS_PER_SYNC:
        raise UnreadableSync("too many scans")
    return payload["scans"]


def parse_scans(body: bytes, *, event) -> list[Scan | RefusedScan]:
    """Each item of a desk's sync, as a scan or as a refusal with its reason, in order."""
    items = read_sync_body(body)
    sessions = {session.pk: session for session in workshops_of(event)}
    return [parse_scan(item, sessions) for item in items]


def text(value, *, limit: int, required: bool = True) -> str:
    """A plain string of at most `limit` characters, without NUL (PostgreSQL refuses it)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value) or len(value) > limit or "\x00" in value:
        raise ValueError
    return value


def parse_scan(item, sessions: dict) -> Scan | RefusedScan:
    raw_id = item.get("client_id") if isinstance(item, dict) else None
    echoed_id = raw_id if isinstance(raw_id, str) and len(raw_id) <= MAX_CLIENT_ID_LENGTH else ""
    if not isinstance(item, dict) or not set(item) <= SCAN_KEYS:
        return RefusedScan(echoed_id, _("The scan is not in the form a desk sends."))
    try:
        client_id = uuid.UUID(text(raw_id, limit=MAX_CLIENT_ID_LENGTH))
    except ValueError:
        return RefusedScan(echoed_id, _("The scan has no valid id."))
    try:
        code = text(item.get("code"), limit=MAX_CODE_LENGTH)
        desk = text(item.get("desk"), limit=DeskForm.base_fields["desk"].max_length, required=False)
        mode = text(item.get("mode"), limit=20, required=False) or CHECK_IN
    except ValueError:
        return RefusedScan(echoed_id, _("The scan's code or desk name cannot be read."))
    scanned_at = read_time(item.get("scanned_at"))
    if scanned_at is None:
        return RefusedScan(echoed_id, _("The scan's time cannot be read."))
    session = read_session(item.get("session"), sessions)
    if mode not in (CHECK_IN, WORKSHOP) or (mode == WORKSHOP and session is None):
        return RefusedScan(echoed_id, _("The scan names no workshop of this event."))
    return Scan(client_id=client_id, code=code, scanned_at=scanned_at, desk=desk, mode=mode, session=session)


def read_time(value) -> dt.datetime | None:
    """An ISO 8601 time with its offset, in a range a clock can show (no year 1 or 9999,
    whose conversion to UTC overflows)."""
    try:
        moment = parse_datetime(text(value, limit=MAX_TIME_LENGTH))
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None or not 2000 <= moment.year <= 2999:
        return None
    return moment


def read_session(value, sessions: dict):
    if isinstance(value, bool) or not isinstance(value, int | str | None):
        return None
    if isinstance(value, str) and not (value.isdigit() and len(value) <= 10):
        return None
    return sessions.get(int(value)) if value else None
