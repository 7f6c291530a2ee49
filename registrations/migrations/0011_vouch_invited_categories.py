"""The registrations made through an invitation had their category from it: vouched for.
So were the seats they held for colleagues of their category. The others were self-declared and appear in the organisers' "category to verify" list;
nobody loses a seat they hold."""

from django.db import migrations


def vouch_invited(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    Registration.objects.filter(invitee__isnull=False).update(category_vouched=True)
    # A seat held by an invited person for a colleague of their own category.
    SeatHold = apps.get_model("registrations", "SeatHold")
    for hold in SeatHold.objects.all():
        holder = Registration.objects.filter(event_id=hold.event_id, user_id=hold.held_by_id).first()
        if holder is not None and holder.category_vouched and holder.category == hold.category:
            SeatHold.objects.filter(pk=hold.pk).update(category_vouched=True)


class Migration(migrations.Migration):
    dependencies = [("registrations", "0010_invite_driven_rules")]

    operations = [migrations.RunPython(vouch_invited, migrations.RunPython.noop)]
