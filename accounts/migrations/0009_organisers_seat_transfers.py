"""Organisers follow the seats attendees pass to colleagues (read-only in the admin)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"registrations": {"seattransfer": ["view"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_organisers_footprint"),
        ("registrations", "0010_invite_driven_rules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
