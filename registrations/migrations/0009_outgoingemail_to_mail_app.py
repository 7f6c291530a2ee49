"""The e-mail record loses its five source keys and leaves this app for `mail`, whose 0001
takes it over: the table `registrations_outgoingemail` and every row stay where they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registrations", "0008_fill_outgoingemail_about")]

    operations = [
        migrations.RemoveField(model_name="outgoingemail", name="announcement"),
        migrations.RemoveField(model_name="outgoingemail", name="hold"),
        migrations.RemoveField(model_name="outgoingemail", name="invitee"),
        migrations.RemoveField(model_name="outgoingemail", name="registration"),
        migrations.RemoveField(model_name="outgoingemail", name="session"),
        migrations.AddIndex(
            model_name="outgoingemail",
            index=models.Index(fields=["content_type", "object_id"], name="email_about"),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="OutgoingEmail")]),
    ]
