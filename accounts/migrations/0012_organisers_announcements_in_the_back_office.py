"""Organisers write and send announcements. They had these permissions on the model while it
was in `registrations` (0004), and keep them through its content type, renamed by
backoffice 0001; on a fresh database that grant may find the model gone already, so it is
given here again, on its new app (a no-op where it is kept)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"backoffice": {"announcement": ["view", "add", "change", "delete"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_organisers_hold_allowances"),
        ("backoffice", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
