"""The day-after feedback, taken over from `registrations` with its tables and rows: only
Django's state and the content types move (registrations 0018 lets go of the models)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from core.migration_helpers import move_content_types

MODELS = ["sessionfeedback", "dayfeedback"]


def to_feedback(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="registrations", to_app="feedback")


def back_to_registrations(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="feedback", to_app="registrations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0008_check_in_window"),
        ("registrations", "0017_scan_times_a_clock_can_show"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DayFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='rating of the day (1 to 5)')),
                        ('comment', models.TextField(blank=True, max_length=2000, verbose_name='what should we change for the next edition?')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='answered at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='day_feedback', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'feedback on the day',
                        'verbose_name_plural': 'feedback on the day',
                        'db_table': 'registrations_dayfeedback',
                    },
                ),
                migrations.CreateModel(
                    name='SessionFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='rating (1 to 5)')),
                        ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='answered at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_feedback', to='registrations.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='events.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'session feedback',
                        'verbose_name_plural': 'session feedback',
                        'db_table': 'registrations_sessionfeedback',
                        'constraints': [models.UniqueConstraint(fields=('registration', 'session'), name='one_feedback_per_person_and_session')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_feedback, back_to_registrations),
    ]
