"""Every existing e-mail keeps what it was about: its announcement, invitee, held seat or
registration becomes its generic "about"; the announcement's recipient and the workshop
move into its context, where the renderer now reads them. Reversible."""

from django.db import migrations

# The key that says what an e-mail is about, most specific first (an announcement's e-mail
# also names the registration it went to).
SOURCES = [("announcement", "announcement"), ("invitee", "invitee"), ("hold", "seathold"), ("registration", "registration")]


def fill_about(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OutgoingEmail = apps.get_model("registrations", "OutgoingEmail")
    types = {
        field: ContentType.objects.get_or_create(app_label="registrations", model=model)[0]
        for field, model in SOURCES
    }
    for email in OutgoingEmail.objects.iterator():
        source = next((field for field, _ in SOURCES if getattr(email, f"{field}_id")), None)
        if source is not None:
            email.content_type, email.object_id = types[source], getattr(email, f"{source}_id")
        if source == "announcement" and email.registration_id:
            email.context["registration_id"] = email.registration_id
        if email.session_id:
            email.context["session_id"] = email.session_id
        email.save(update_fields=["content_type", "object_id", "context"])


def restore_keys(apps, schema_editor):
    OutgoingEmail = apps.get_model("registrations", "OutgoingEmail")
    models = dict((model, field) for field, model in SOURCES)
    for email in OutgoingEmail.objects.select_related("content_type").iterator():
        if email.content_type and email.content_type.model in models:
            setattr(email, f"{models[email.content_type.model]}_id", email.object_id)
        email.registration_id = email.registration_id or email.context.pop("registration_id", None)
        email.session_id = email.context.pop("session_id", None)
        email.save()


class Migration(migrations.Migration):
    dependencies = [("registrations", "0007_outgoingemail_about")]

    operations = [migrations.RunPython(fill_about, restore_keys)]
