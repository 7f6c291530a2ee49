"""The e-mail record gets a generic "about" (content type and object id), filled in 0008,
before its five source keys are dropped in 0009 and the model moves to the `mail` app."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0006_dated_consents_and_anonymisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="about (type)",
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (id)"),
        ),
    ]
