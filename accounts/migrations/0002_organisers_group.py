"""The Organisers group, with exactly the permissions organisers need to run the agenda.

Later migrations add the permissions of the features that arrive later (registrations,
e-mails, badges)."""

from django.db import migrations

from accounts.migration_helpers import grant_to_group

PERMISSIONS = {
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


def grant(apps, schema_editor):
    grant_to_group(apps, "Organisers", PERMISSIONS)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Organisers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("speakers", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, remove)]
