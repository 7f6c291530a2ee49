"""The registrations' list as the back office shows it: the registrations' own admin
(`registrations.admin.registrations`), with the reports and exports of the list and the
organisation contacts' actions. It replaces that admin (same pages, same URLs), as the
agenda's admin is replaced by the registrations' (`registrations.admin.agenda`)."""

from django.contrib import admin

from backoffice.admin.contacts import OrganisationContactActions
from backoffice.admin.reports import ReportViews
from registrations.admin import registrations as registrations_admin
from registrations.models import Registration


class RegistrationAdmin(OrganisationContactActions, ReportViews, registrations_admin.RegistrationAdmin):
    actions = [
        *registrations_admin.RegistrationAdmin.actions,
        "mark_organisation_contact",
        "unmark_organisation_contact",
    ]
    change_list_template = "admin/backoffice/registration/change_list.html"


admin.site.unregister(Registration)
admin.site.register(Registration, RegistrationAdmin)
