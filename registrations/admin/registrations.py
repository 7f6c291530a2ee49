"""The registrations in the back office: the list with its filters and actions, and the
workshop bookings (read-only: places change only through the services). The back office
(`backoffice.admin.registrations`) replaces the list's admin with a subclass that adds its
reports, exports and the organisation contacts' actions, and the day's actions (check-in,
badges: `day.admin.RegistrationDayActions`)."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import DomainError
from registrations import approvals, services
from registrations.admin.base import AdminPage
from registrations.admin.filters import (
    AccessibilityFilter,
    AwaitingApprovalFilter,
    CategoryToVerifyFilter,
    CheckedInFilter,
    DietaryFilter,
    ReconfirmationFilter,
    WorkshopFilter,
)
from registrations.emails import EmailKind, queue_registration_email
from registrations.forms import DETAIL_FIELDS
from registrations.models import Registration, SeatTransfer, WorkshopBooking


def apply_to_each(registrations, rule) -> tuple[int, list[str]]:
    """Apply a rule to each registration; returns how many it changed, and each refusal
    as "name: reason" for the organiser."""
    done, problems = 0, []
    for registration in registrations:
        try:
            rule(registration)
            done += 1
        except DomainError as error:
            problems.append(f"{registration.full_name}: {error.message}")
    return done, problems


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each person receives it by e-mail."),
    )


class WorkshopBookingInline(admin.TabularInline):
    model = WorkshopBooking
    extra = 0
    fields = ["session", "status", "queued_at", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Bookings change only through the services, which hold the capacity lock.
        return False


@admin.register(Registration)
class RegistrationAdmin(AdminPage, admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "category", "status", "waiting_position", "created_at"]
    list_filter = [
        "status",
        "category",
        CategoryToVerifyFilter,
        AwaitingApprovalFilter,
        ReconfirmationFilter,
        WorkshopFilter,
        CheckedInFilter,
        DietaryFilter,
        AccessibilityFilter,
        "is_organisation_contact",
        "event",
    ]
    list_select_related = ["user", "event"]
    search_fields = ["first_name", "last_name", "user__email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [WorkshopBookingInline]
    actions = [
        "cancel",
        "confirm_from_waiting_list",
        "resend_confirmation",
        "confirm_category",
        "approve",
        "refuse",
    ]
    readonly_fields = [
        "event",
        "user",
        "status",
        "queued_at",
        "category_vouched",
        # Set through the mark/unmark actions, which allow only confirmed people with an address.
        "is_organisation_contact",
        "refusal_reason",
        "decided_at",
        "offer_expires_at",
        "offer_lapsed_at",
        "list_closed_told_at",
        "reconfirmation_sent_at",
        "reconfirmation_reminded_at",
        "reconfirmed_at",
        "freed_at",
        "badge_version",
        "accepted_terms_at",
        "confirmed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "user", "status", "queued_at"]}),
        (_("Details"), {"fields": [*DETAIL_FIELDS, "category_vouched", "is_organisation_contact"]}),
        (_("Approval"), {"fields": ["decided_at", "refusal_reason"]}),
        (_("Waiting list"), {"fields": ["offer_expires_at", "offer_lapsed_at", "list_closed_told_at"]}),
        (
            _("Reconfirmation"),
            {"fields": ["reconfirmation_sent_at", "reconfirmation_reminded_at", "reconfirmed_at", "freed_at"]},
        ),
        (
            _("History"),
            {
                "fields": [
                    "accepted_terms_at",
                    "confirmed_at",
                    "cancelled_at",
                    "created_at",
                    "updated_at",
                    "badge_version",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # A registration is made by the person, through the rules of seats and waiting list.
        return False

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, registration):
        # A walk-in registered without an address has no account.
        return registration.user.email if registration.user else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).with_place_in_line()

    @admin.display(description=_("waiting list"), ordering="place_in_line")
    def waiting_position(self, registration):
        return registration.place_in_line or "—"

    def get_ordering(self, request):
        if request.GET.get(AwaitingApprovalFilter.parameter_name) == "yes":
            return ["created_at", "pk"]  # first come, first decided
        return super().get_ordering(request)

    def save_model(self, request, obj, form, change):
        """A changed category goes through `approvals.set_category` (vouched for, seats
        re-checked under the event lock); the other details are saved as typed."""
        new_category = obj.category
        if change and "category" in form.changed_data:
            obj.category = form.initial["category"]
        super().save_model(request, obj, form, change)
        if change and "category" in form.changed_data:
            try:
                approvals.set_category(obj, new_category)
            except services.RegistrationError as error:
                self.message_user(request, error.message, level="error")
            obj.refresh_from_db()

    def report(self, request, done: int, message: str, problems: list[str]):
        if done:
            self.message_user(request, message % {"count": done})
        for problem in problems:
            self.message_user(request, problem, level="warning")

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return self.render_admin(
                request,
                "admin/registrations/registration/confirm_action.html",
                {
                    "title": _("Cancel these registrations?"),
                    "queryset": queryset,
                    "action": "cancel",
                    "warning": _("Each person is told by e-mail; their seats go to the waiting list."),
                },
            )
        cancelled, problems = 0, []
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            try:
                services.cancel_registration(registration)
            except services.RegistrationError as error:
                problems.append(f"{registration.full_name}: {error.message}")
            else:
                cancelled += 1
        self.report(
            request,
            cancelled,
            ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled),
            problems,
        )
        return None

    @admin.action(description=_("Confirm from the waiting list"), permissions=["change"])
    def confirm_from_waiting_list(self, request, queryset):
        done, problems = apply_to_each(
            queryset.filter(status=Registration.Status.WAITLISTED), services.confirm_from_waiting_list
        )
        self.report(
            request, done, ngettext("%(count)d person confirmed.", "%(count)d people confirmed.", done), problems
        )

    @admin.action(description=_("Confirm the category"), permissions=["change"])
    def confirm_category(self, request, queryset):
        """Vouch for the category each person declared, as it is: reserved seats become
        theirs to take (someone waiting may now get one)."""
        done, problems = apply_to_each(
            queryset.category_to_verify(),
            lambda registration: approvals.set_category(registration, registration.category),
        )
        self.report(
            request, done, ngettext("%(count)d category confirmed.", "%(count)d categories confirmed.", done), problems
        )

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        """In the order they came: each takes a free seat, or the waiting list."""
        confirmed = waiting = 0
        for registration in queryset.awaiting_approval():
            registration = approvals.approve_registration(registration)
            confirmed += registration.is_confirmed
            waiting += registration.is_waitlisted
        if confirmed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person approved, seat confirmed.",
                    "%(count)d people approved, seats confirmed.",
                    confirmed,
                )
                % {"count": confirmed},
            )
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person approved, on the waiting list (no seat free).",
                    "%(count)d people approved, on the waiting list (no seat free).",
                    waiting,
                )
                % {"count": waiting},
                level="warning",
            )

    @admin.action(description=_("Refuse with a reason"), permissions=["change"])
    def refuse(self, request, queryset):
        awaiting = queryset.awaiting_approval()
        form = RefusalForm(request.POST if request.POST.get("confirmed") == "yes" else None)
        if not form.is_valid():
            return self.render_admin(
                request,
                "admin/registrations/registration/refuse.html",
                {"title": _("Refuse these registrations?"), "queryset": awaiting, "action": "refuse", "form": form},
            )
        done = 0
        for registration in awaiting:
            approvals.refuse_registration(registration, reason=form.cleaned_data["reason"])
            done += 1
        self.report(
            request,
            done,
            ngettext("%(count)d registration refused.", "%(count)d registrations refused.", done),
            [],
        )
        return None

    @admin.action(description=_("Send the confirmation e-mail again"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        confirmed = list(queryset.filter(status=Registration.Status.CONFIRMED).select_related("user", "event"))
        with transaction.atomic():
            for registration in confirmed:
                queue_registration_email(registration, EmailKind.CONFIRMED)
        self.report(
            request,
            len(confirmed),
            ngettext("%(count)d confirmation queued.", "%(count)d confirmations queued.", len(confirmed)),
            [],
        )


@admin.register(WorkshopBooking)
class WorkshopBookingAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "created_at"]
    list_filter = ["status", "session"]
    list_select_related = ["registration", "session"]
    search_fields = ["registration__first_name", "registration__last_name", "session__title_fr", "session__title_en"]
    readonly_fields = ["registration", "session", "status", "queued_at", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SeatTransfer)
class SeatTransferAdmin(admin.ModelAdmin):
    """Seats passed to colleagues, followed by organisers; they change only through the
    rules (the giver offers, the colleague accepts), so the admin only shows them."""

    list_display = ["__str__", "email", "status", "created_at", "expires_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["registration"]
    search_fields = ["registration__first_name", "registration__last_name", "first_name", "last_name", "email"]
    readonly_fields = [
        "registration",
        "first_name",
        "last_name",
        "email",
        "status",
        "expires_at",
        "created_at",
        "decided_at",
        "accepted_by",
        "new_registration",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
