"""Organisers follow e-mails and send them again. They had these permissions on the model
while it was in `registrations` (accounts' 0004); on a fresh database that grant finds the
model gone already, so it is given here again, on its new app (a no-op where it is kept)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", {"mail": {"outgoingemail": ["view", "change"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_organisers_emails"),
        ("mail", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
