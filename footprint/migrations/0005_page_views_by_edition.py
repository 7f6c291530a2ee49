"""Page views counted by edition: the rows counted before are given to the edition the site
was about on their day (the next one, or else the latest), as its pages were then."""

from django.db import migrations, models


def give_the_counts_their_edition(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    PageViewDay = apps.get_model("footprint", "PageViewDay")
    editions = list(Event.objects.filter(is_published=True).order_by("date", "pk").values_list("date", "edition"))
    if not editions:
        return
    for day in PageViewDay.objects.values_list("date", flat=True).distinct():
        edition = next((key for date, key in editions if date >= day), editions[-1][1])
        PageViewDay.objects.filter(date=day).update(edition=edition)


class Migration(migrations.Migration):
    dependencies = [
        ("footprint", "0004_plausible_figures"),
        ("events", "0009_editions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="pageviewday", name="one_count_per_page_and_day"),
        migrations.AddField(
            model_name="pageviewday",
            name="edition",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="edition"),
        ),
        migrations.RunPython(give_the_counts_their_edition, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pageviewday",
            constraint=models.UniqueConstraint(
                fields=("date", "edition", "page"), name="one_count_per_page_edition_and_day"
            ),
        ),
    ]
