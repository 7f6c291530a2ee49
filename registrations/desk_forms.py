"""What a desk sends besides the badge code: its name, and the workshop in workshop mode."""

import uuid

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from events.models import Session
from registrations.desk import CHECK_IN, WORKSHOP, Scan

MAX_SCANS_PER_SYNC = 500


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


def parse_scans(payload, *, event) -> list[Scan] | None:
    """The scans of a sync request, or None when the request is malformed (a desk never
    sends one: the whole batch is refused, nothing half recorded)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("scans"), list):
        return None
    if len(payload["scans"]) > MAX_SCANS_PER_SYNC:
        return None
    sessions = {session.pk: session for session in workshops_of(event)}
    scans = []
    for item in payload["scans"]:
        try:
            client_id = uuid.UUID(str(item["client_id"]))
            code, desk, mode = str(item["code"])[:1000], str(item.get("desk") or "")[:50], item.get("mode") or CHECK_IN
            scanned_at = parse_datetime(str(item["scanned_at"]))
            session = sessions.get(int(item["session"])) if item.get("session") else None
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if scanned_at is None or scanned_at.tzinfo is None or mode not in (CHECK_IN, WORKSHOP):
            return None
        if mode == WORKSHOP and session is None:
            return None
        scans.append(Scan(client_id=client_id, code=code, scanned_at=scanned_at, desk=desk, mode=mode, session=session))
    return scans
