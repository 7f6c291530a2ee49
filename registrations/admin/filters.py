"""The registrations list's filters in the back office."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Session
from registrations.models import Registration, WorkshopBooking


class YesNoFilter(admin.SimpleListFilter):
    """A filter on whether a text field was filled in."""

    field = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        empty = Q(**{self.field: ""})
        if self.value() == "yes":
            return queryset.exclude(empty)
        if self.value() == "no":
            return queryset.filter(empty)
        return queryset


class DietaryFilter(YesNoFilter):
    title = _("dietary requirements")
    parameter_name = "dietary"
    field = "dietary_requirements"


class AccessibilityFilter(YesNoFilter):
    title = _("accessibility needs")
    parameter_name = "accessibility"
    field = "accessibility_needs"


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(check_in__isnull=self.value() == "no")
        return queryset


class WorkshopFilter(admin.SimpleListFilter):
    title = _("workshop booked")
    parameter_name = "workshop"

    def lookups(self, request, model_admin):
        # The workshops of the edition the back office is on.
        workshops = Session.objects.filter(event=request.event, kind=Session.Kind.WORKSHOP).order_by(
            "start", "title_fr"
        )
        return [(str(workshop.pk), workshop.title) for workshop in workshops]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                bookings__session_id=int(self.value()), bookings__status=WorkshopBooking.Status.BOOKED
            )
        return queryset


class CategoryToVerifyFilter(admin.SimpleListFilter):
    """Self-declared categories an organiser has still to confirm or correct (until then
    the person takes only general seats)."""

    title = _("category to verify")
    parameter_name = "category_to_verify"

    def lookups(self, request, model_admin):
        return [("yes", _("To verify"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.category_to_verify()
        return queryset


class AwaitingApprovalFilter(admin.SimpleListFilter):
    """Open registrations awaiting an organiser's approval, in the order they came."""

    title = _("awaiting approval")
    parameter_name = "awaiting_approval"

    def lookups(self, request, model_admin):
        return [("yes", _("In the order they came"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=Registration.Status.AWAITING_APPROVAL).order_by("created_at", "pk")
        return queryset


class ReconfirmationFilter(admin.SimpleListFilter):
    """Where each confirmed person stands with the reconfirmation asked a week before."""

    title = _("reconfirmation")
    parameter_name = "reconfirmation"

    def lookups(self, request, model_admin):
        return [("reconfirmed", _("Reconfirmed")), ("not_answered", _("Not answered")), ("freed", _("Freed"))]

    def queryset(self, request, queryset):
        confirmed = queryset.filter(status=Registration.Status.CONFIRMED)
        if self.value() == "reconfirmed":
            return confirmed.filter(reconfirmed_at__isnull=False)
        if self.value() == "not_answered":
            return confirmed.filter(reconfirmed_at__isnull=True)
        if self.value() == "freed":
            return queryset.filter(freed_at__isnull=False)
        return queryset
