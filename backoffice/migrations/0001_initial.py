"""The announcements, taken over from `registrations` with their table and rows (and their
French and English columns): only Django's state and the content type move (registrations
0019 lets go of the model); the e-mails about an announcement keep what they are about."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_helpers import move_content_types

MODELS = ["announcement"]


def to_backoffice(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="registrations", to_app="backoffice")


def back_to_registrations(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="backoffice", to_app="registrations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0008_check_in_window"),
        ("registrations", "0018_feedback_to_its_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Announcement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('subject_fr', models.CharField(max_length=200, null=True, verbose_name='subject')),
                        ('subject_en', models.CharField(max_length=200, null=True, verbose_name='subject')),
                        ('body', models.TextField(verbose_name='message')),
                        ('body_fr', models.TextField(null=True, verbose_name='message')),
                        ('body_en', models.TextField(null=True, verbose_name='message')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written at')),
                        ('sent_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent at')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='announcements', to='events.event', verbose_name='event')),
                        ('workshop', models.ForeignKey(blank=True, help_text='Leave empty to write to every confirmed attendee.', limit_choices_to={'kind': 'workshop'}, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='announcements', to='events.session', verbose_name='only to the attendees of this workshop')),
                    ],
                    options={
                        'verbose_name': 'announcement',
                        'verbose_name_plural': 'announcements',
                        'db_table': 'registrations_announcement',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_backoffice, back_to_registrations),
    ]
