"""Organisers see attendees' travel declarations (the footprint estimates)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"footprint": {"traveldeclaration": ["view"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_organisers_invitations"),
        ("footprint", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
