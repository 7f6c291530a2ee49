"""The day itself (check-ins, the desks' scans, workshop attendance, badges printed at the
desk, badge print runs), taken over from `registrations` with its tables and rows: only
Django's state and the content types move (registrations 0020 lets go of the models); the
organisers' rights on them and the admin's history follow the content types."""

import datetime
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_helpers import move_content_types

MODELS = ["checkin", "deskscan", "workshopattendance", "deskbadgeprint", "badgeprintrun"]


def to_day(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="registrations", to_app="day")


def back_to_registrations(apps, schema_editor):
    move_content_types(apps, MODELS, from_app="day", to_app="registrations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0008_check_in_window"),
        ("registrations", "0019_announcement_to_the_back_office"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BadgePrintRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('asked', 'Confirmed attendees who asked for a printed badge'), ('selected', 'Selected registrations'), ('confirmed', 'All confirmed attendees'), ('speakers', 'All speakers'), ('organisers', 'All organisers')], default='asked', max_length=20, verbose_name='badges of')),
                        ('registration_ids', models.JSONField(blank=True, default=list, verbose_name='registrations')),
                        ('sheets', models.BooleanField(default=True, help_text='Otherwise one A6 page per badge.', verbose_name='A4 sheets of four')),
                        ('language', models.CharField(choices=[('fr', 'Français'), ('en', 'English')], default='fr', help_text="Of their labels and of the speakers' job titles.", max_length=2, verbose_name='language of the badges')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=20, verbose_name='status')),
                        ('done', models.PositiveIntegerField(default=0, verbose_name='badges rendered')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='badges')),
                        ('file', models.CharField(blank=True, editable=False, max_length=200, verbose_name='file')),
                        ('error', models.TextField(blank=True, editable=False, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='badge_runs', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'badge print run',
                        'verbose_name_plural': 'badge print runs',
                        'db_table': 'registrations_badgeprintrun',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='DeskBadgePrint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('printed_at', models.DateTimeField(auto_now_add=True, verbose_name='printed at')),
                        ('printed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='printed by')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='desk_prints', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'badge printed at the desk',
                        'verbose_name_plural': 'badges printed at the desk',
                        'db_table': 'registrations_deskbadgeprint',
                        'ordering': ['-printed_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_in_at', models.DateTimeField(verbose_name='checked in at')),
                        ('desk', models.CharField(blank=True, max_length=50, verbose_name='desk')),
                        ('client_id', models.UUIDField(blank=True, editable=False, null=True, unique=True, verbose_name='scan id')),
                        ('checked_in_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked in by')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='check_in', to='registrations.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'check-in',
                        'verbose_name_plural': 'check-ins',
                        'db_table': 'registrations_checkin',
                        'ordering': ['-checked_in_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('checked_in_at__gte', datetime.datetime(2000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('checked_in_at__lt', datetime.datetime(3000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), name='check_in_time_a_clock_can_show')],
                    },
                ),
                migrations.CreateModel(
                    name='DeskScan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('client_id', models.UUIDField(editable=False, unique=True, verbose_name='scan id')),
                        ('mode', models.CharField(choices=[('check_in', 'Check-in at the door'), ('workshop', 'Workshop attendance')], default='check_in', max_length=20, verbose_name='mode')),
                        ('desk', models.CharField(blank=True, max_length=50, verbose_name='desk')),
                        ('scanned_at', models.DateTimeField(verbose_name='scanned at')),
                        ('received_at', models.DateTimeField(auto_now_add=True, verbose_name='received at')),
                        ('outcome', models.CharField(max_length=40, verbose_name='outcome')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='desk_scans', to='events.event', verbose_name='event')),
                        ('registration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='desk_scans', to='registrations.registration')),
                        ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.session', verbose_name='workshop')),
                        ('staff', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='staff member')),
                    ],
                    options={
                        'verbose_name': 'desk scan',
                        'verbose_name_plural': 'desk scans',
                        'db_table': 'registrations_deskscan',
                        'ordering': ['scanned_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('scanned_at__gte', datetime.datetime(2000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('scanned_at__lt', datetime.datetime(3000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), name='desk_scan_time_a_clock_can_show')],
                    },
                ),
                migrations.CreateModel(
                    name='WorkshopAttendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('booking', models.CharField(choices=[('booked', 'Booked'), ('waitlisted', 'On its waiting list'), ('not_booked', 'Not booked')], max_length=20, verbose_name='booking when scanned')),
                        ('attended_at', models.DateTimeField(verbose_name='scanned at')),
                        ('desk', models.CharField(blank=True, max_length=50, verbose_name='desk')),
                        ('client_id', models.UUIDField(blank=True, editable=False, null=True, unique=True, verbose_name='scan id')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='workshop_attendances', to='registrations.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='events.session', verbose_name='workshop')),
                    ],
                    options={
                        'verbose_name': 'workshop attendance',
                        'verbose_name_plural': 'workshop attendances',
                        'db_table': 'registrations_workshopattendance',
                        'ordering': ['attended_at'],
                        'constraints': [models.UniqueConstraint(fields=('registration', 'session'), name='one_attendance_per_workshop'), models.CheckConstraint(condition=models.Q(('attended_at__gte', datetime.datetime(2000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('attended_at__lt', datetime.datetime(3000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), name='attendance_time_a_clock_can_show')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_day, back_to_registrations),
    ]
