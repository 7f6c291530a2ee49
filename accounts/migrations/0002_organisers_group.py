"""The Organisers group, with exactly the permissions organisers need to run the agenda.

Later migrations add the permissions of the features that arrive later (registrations,
e-mails, badges)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISER_PERMISSIONS = {
    "events": {
        "event": ["view", "add", "change"],
        "room": ["view", "add", "change", "delete"],
        "theme": ["view", "add", "change", "delete"],
        "session": ["view", "add", "change", "delete"],
    },
    "speakers": {
        "speaker": ["view", "add", "change", "delete"],
        "speakerlink": ["view", "add", "change", "delete"],
    },
}


def create_organisers_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so that
    # the group can be given them on a fresh database.
    for app_label in ORGANISER_PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Organisers")
    for app_label, models in ORGANISER_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def remove_organisers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Organisers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("speakers", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_organisers_group, remove_organisers_group)]
