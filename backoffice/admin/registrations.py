"""The registrations' list as the back office shows it: the registrations' own admin
(`registrations.admin.registrations`) with the day's actions (check the selected attendees
in, print their badges), the reports and exports of the list and the organisation contacts'
actions. It replaces that admin (same pages, same URLs), as the registrations replace the
agenda's (`registrations.admin.agenda`)."""

from django.contrib import admin

from backoffice.admin.contacts import OrganisationContactActions
from backoffice.admin.reports import ReportViews
from day.admin import RegistrationDayActions
from registrations.admin import registrations as registrations_admin
from registrations.models import Registration


class RegistrationAdmin(
    OrganisationContactActions, ReportViews, RegistrationDayActions, registrations_admin.RegistrationAdmin
):
    actions = [
        "cancel",
        "confirm_from_waiting_list",
        "resend_confirmation",
        "print_badges",
        "check_in",
        "confirm_category",
        "approve",
        "refuse",
        "mark_organisation_contact",
        "unmark_organisation_contact",
    ]
    change_list_template = "admin/backoffice/registration/change_list.html"


admin.site.unregister(Registration)
admin.site.register(Registration, RegistrationAdmin)
