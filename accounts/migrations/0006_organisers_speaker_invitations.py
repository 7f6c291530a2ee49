"""Organisers see speakers' invitations."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {"speakers": {"speakerinvitation": ["view"]}}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_accueil_group"),
        ("speakers", "0002_self_service"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
