"""Organisers print badges and follow the arrivals at the door. They had these permissions on
the models while they were in `registrations` (0005), and keep them through their content
types, renamed by day 0001; on a fresh database that grant may find the models gone
already, so it is given here again, on their new app (a no-op where it is kept). The check-in
permission itself stays the registration's (`registrations.check_in`)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"day": {"badgeprintrun": ["view", "add"], "checkin": ["view"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_organisers_announcements_in_the_back_office"),
        ("day", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
