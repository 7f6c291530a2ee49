"""Organisers follow e-mails (and send them again), and write and send announcements."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
    "registrations": {
        "outgoingemail": ["view", "change"],
        "announcement": ["view", "add", "change", "delete"],
    },
}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organisers_registrations"),
        ("registrations", "0002_emails_and_announcements"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
