"""Organisers enter the event's footprint inputs (hosting, the venue's energy, paper) and
send each organisation its footprint statement."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
    "footprint": {
        "footprintinputs": ["view", "add", "change"],
        "statementdelivery": ["view", "add"],
    }
}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_organisers_seat_transfers"),
        ("footprint", "0003_whole_footprint"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
