"""The "Accueil" group for check-in staff: this one permission and nothing else. Organisers
may check people in too, and print badges."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
    "registrations": {
        "registration": ["check_in"],
        "badgeprintrun": ["view", "add"],
        "checkin": ["view"],
    },
}
ACCUEIL_PERMISSIONS = {"registrations": {"registration": ["check_in"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)
    grant_to_group(apps, "Accueil", ACCUEIL_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_organisers_emails"),
        ("registrations", "0003_checkin_and_badges"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
