"""The day itself (check-ins, desk scans, workshop attendance, desk prints, badge print runs)
leaves this app for `day`, whose 0001 takes it over: the tables `registrations_checkin`,
`registrations_deskscan`, `registrations_workshopattendance`, `registrations_deskbadgeprint`
and `registrations_badgeprintrun` and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0019_announcement_to_the_back_office"),
        ("day", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CheckIn"),
                migrations.DeleteModel(name="DeskScan"),
                migrations.DeleteModel(name="WorkshopAttendance"),
                migrations.DeleteModel(name="DeskBadgePrint"),
                migrations.DeleteModel(name="BadgePrintRun"),
            ],
            database_operations=[],
        ),
    ]
