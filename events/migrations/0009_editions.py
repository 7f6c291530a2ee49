"""Editions side by side: each event gets its part of the addresses (/2027/programme/),
the year of its date (a number after it where a year has two), and a programme that can
stay a draft."""

import django.core.validators
from django.db import migrations, models


def name_the_editions(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    taken = set()
    for event in Event.objects.order_by("date", "pk"):
        year = str(event.date.year)
        key = next(k for k in [year, *(f"{year}-{n}" for n in range(2, 1000))] if k not in taken)
        taken.add(key)
        Event.objects.filter(pk=event.pk).update(edition=key)


class Migration(migrations.Migration):
    dependencies = [("events", "0008_check_in_window")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="edition",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="edition"),
            preserve_default=False,
        ),
        migrations.RunPython(name_the_editions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="edition",
            field=models.CharField(
                blank=True,
                help_text="The edition's part of its addresses, as in /2027/programme/. Left empty: the year of its date.",
                max_length=20,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}(?:-[a-z0-9]+)*$", "A year, as in 2027, or a year and a word: 2027-autumn."
                    )
                ],
                verbose_name="edition",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="programme_published",
            field=models.BooleanField(
                default=True,
                help_text="Unticked, the programme, its sessions and its speakers stay a draft that only organisers see.",
                verbose_name="programme published",
            ),
        ),
    ]
