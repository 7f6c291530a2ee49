"""Organisers manage invitees and reserved seats, and follow seats held for colleagues."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
    "registrations": {
        "invitee": ["view", "add", "change", "delete"],
        "seatreservation": ["view", "add", "change", "delete"],
        "seathold": ["view"],
    },
}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisers_speaker_invitations"),
        ("registrations", "0004_invitee_outgoingemail_invitee_seathold_and_more"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
