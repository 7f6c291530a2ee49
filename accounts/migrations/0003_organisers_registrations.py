"""Organisers follow registrations and workshop bookings; they change them only through the
site's rules (the admin offers no 'add' for them)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
    "registrations": {
        "registration": ["view", "change"],
        "workshopbooking": ["view"],
    },
}


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Organisers").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="registrations"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisers_group"),
        ("registrations", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
