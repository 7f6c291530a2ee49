"""The announcements leave this app for `backoffice`, whose 0001 takes them over: the table
`registrations_announcement` and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0018_feedback_to_its_app"),
        ("backoffice", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Announcement")],
            database_operations=[],
        ),
    ]
