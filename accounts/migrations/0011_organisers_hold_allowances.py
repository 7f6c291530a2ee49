"""Organisers raise, per person, how many seats an account may hold for colleagues."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"registrations": {"holdallowance": ["view", "add", "change", "delete"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_organisers_footprint_inputs_and_statements"),
        ("registrations", "0016_hold_allowance"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
