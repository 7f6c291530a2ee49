"""The registrations' actions that mark and unmark an organisation's contact, the person its
footprint statement is sent to (a mixin of `RegistrationAdmin`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.contacts import set_organisation_contact
from registrations.models import Registration


class OrganisationContactActions:
    def get_list_display(self, request):
        # Last, so that the other columns keep their sort numbers (`o=6`) in saved links.
        return [*super().get_list_display(request), "is_organisation_contact"]

    @admin.action(description=_("Mark as their organisation's contact"), permissions=["change"])
    def mark_organisation_contact(self, request, queryset):
        done = set_organisation_contact(queryset, is_contact=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d person marked as their organisation's contact.",
                "%(count)d people marked as their organisation's contact.",
                done,
            )
            % {"count": done},
        )
        if queryset.exclude(status=Registration.Status.CONFIRMED, user__isnull=False).exists():
            self.message_user(
                request, _("Only confirmed attendees with an e-mail address can be contacts."), level="warning"
            )

    @admin.action(description=_("Unmark as their organisation's contact"), permissions=["change"])
    def unmark_organisation_contact(self, request, queryset):
        done = set_organisation_contact(queryset, is_contact=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d person no longer their organisation's contact.",
                "%(count)d people no longer their organisation's contact.",
                done,
            )
            % {"count": done},
        )
