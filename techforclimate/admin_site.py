"""The organisers' admin site: Django's, with the few parameters it trusts checked.

Django's admin answers a server error to a few hand-made requests: an action posted with a
selected id that is not a number, an empty `_to_field`, or (on SQLite) a many-to-many choice
beyond 64 bits. Every model admin registered here (ours and Django's own, such as groups) is
given `HardenedModelAdmin` first in its bases."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.forms import BoundedModelMultipleChoiceField


def is_valid_primary_key(model, value: str) -> bool:
    field = model._meta.pk
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class HardenedModelAdmin:
    def get_object(self, request, object_id, from_field=None):
        # An empty `_to_field` names no field; Django would look for a field called "".
        return super().get_object(request, object_id, from_field or None)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_valid_primary_key(self.model, value) for value in selected):
            self.message_user(request, _("The selection is not valid: select the items again."), messages.WARNING)
            return None  # the changelist shows itself again with the message
        return super().response_action(request, queryset, *args, **kwargs)


class OrganisersAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HardenedModelAdmin):
            admin_class = type(
                admin_class.__name__, (HardenedModelAdmin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)
