"""The outbox's e-mail record, taken over from `registrations` (its 0009) with its table,
rows, permissions and admin history: only Django's state and the content type move."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    # Permissions (the organisers' "view" and "change") and the admin log point at the
    # content type: renaming its app keeps them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="mail", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="registrations", model="outgoingemail").update(app_label="mail")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="registrations", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="mail", model="outgoingemail").update(app_label="registrations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0009_outgoingemail_to_mail_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("language", models.CharField(default="fr", max_length=8, verbose_name="language")),
                        ("kind", models.CharField(db_index=True, max_length=60, verbose_name="kind")),
                        (
                            "content_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                                verbose_name="about (type)",
                            ),
                        ),
                        ("object_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (id)")),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                        ("subject", models.CharField(blank=True, max_length=300, verbose_name="subject")),
                        ("body_text", models.TextField(blank=True, verbose_name="text")),
                        ("body_html", models.TextField(blank=True, verbose_name="HTML")),
                        (
                            "dedupe_key",
                            models.CharField(
                                blank=True,
                                help_text="Set for e-mails a person must get at most once, such as a reminder or an announcement.",
                                max_length=120,
                                null=True,
                                unique=True,
                                verbose_name="uniqueness key",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "e-mail",
                        "verbose_name_plural": "e-mails",
                        "db_table": "registrations_outgoingemail",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(fields=["status", "next_attempt_at"], name="email_pending_due"),
                            models.Index(fields=["content_type", "object_id"], name="email_about"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
