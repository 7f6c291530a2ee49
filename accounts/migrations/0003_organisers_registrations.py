"""Organisers follow registrations and workshop bookings; they change them only through the
site's rules (the admin offers no 'add' for them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "registrations": {
        "registration": ["view", "change"],
        "workshopbooking": ["view"],
    },
}


def grant(apps, schema_editor):
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Organisers")
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


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
