"""The day-after feedback leaves this app for `feedback`, whose 0001 takes it over: the tables
`registrations_sessionfeedback` and `registrations_dayfeedback` and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0017_scan_times_a_clock_can_show"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DayFeedback"),
                migrations.DeleteModel(name="SessionFeedback"),
            ],
            database_operations=[],
        ),
    ]
