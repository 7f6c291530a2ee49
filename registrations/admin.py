from collections import Counter

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import registrations.admin_agenda
import registrations.admin_mail  # noqa: F401  (the outbox's e-mails, followed and sent again)
from events.models import Event, Session
from events.selectors import current_event
from mail.models import OutgoingEmail
from registrations import badges, charts, checkin, dashboard, exports, invitations, sections, services
from registrations.announcements import send_announcement
from registrations.emails import queue_registration_email, render_email
from registrations.forms import DETAIL_FIELDS
from registrations.models import (
    Announcement,
    BadgePrintRun,
    CheckIn,
    Invitee,
    Registration,
    SeatHold,
    WorkshopBooking,
)


class InviteeImportForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.all())
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon) or Excel (.xlsx). First line: first name, last name, e-mail, "
            "organisation, category (client, partner, supplier, press, other), language (fr or en)."
        ),
    )


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
        workshops = Session.objects.filter(kind=Session.Kind.WORKSHOP).order_by("start", "title")
        return [(str(workshop.pk), workshop.title) for workshop in workshops]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                bookings__session_id=int(self.value()), bookings__status=WorkshopBooking.Status.BOOKED
            )
        return queryset


class AdminPage:
    """Pages of our own inside the admin (confirmations, previews, progress), with the
    admin's layout and navigation."""

    def render_admin(self, request, template, context):
        return TemplateResponse(
            request, template, {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
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
        WorkshopFilter,
        CheckedInFilter,
        DietaryFilter,
        AccessibilityFilter,
        "event",
    ]
    list_select_related = ["user", "event"]
    search_fields = ["first_name", "last_name", "user__email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [WorkshopBookingInline]
    actions = ["cancel", "confirm_from_waiting_list", "resend_confirmation", "print_badges", "check_in"]
    change_list_template = "admin/registrations/registration/change_list.html"
    readonly_fields = [
        "event",
        "user",
        "status",
        "queued_at",
        "accepted_terms_at",
        "confirmed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "user", "status", "queued_at"]}),
        (_("Details"), {"fields": DETAIL_FIELDS}),
        (_("History"), {"fields": ["accepted_terms_at", "confirmed_at", "cancelled_at", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        # A registration is made by the person, through the rules of seats and waiting list.
        return False

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, registration):
        return registration.user.email

    def get_queryset(self, request):
        return super().get_queryset(request).with_place_in_line()

    @admin.display(description=_("waiting list"), ordering="place_in_line")
    def waiting_position(self, registration):
        return registration.place_in_line or "—"

    def get_urls(self):
        urls = [
            ("dashboard/", self.dashboard_view, "dashboard"),
            ("catering/", self.catering_view, "catering"),
            ("export.csv", self.export_csv, "export_csv"),
            ("export.xlsx", self.export_xlsx, "export_xlsx"),
        ]
        # Views other apps add (the footprint's CSV export), behind the same permission.
        urls += [(route, self.viewable(view), name) for route, view, name in sections.admin_views()]
        custom = [
            path(route, self.admin_site.admin_view(function), name=f"registrations_registration_{name}")
            for route, function, name in urls
        ]
        return custom + super().get_urls()

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = current_event()
        context = {"title": _("Dashboard"), "event": event}
        if event is not None:
            figures = dashboard.dashboard(event)
            context |= figures | {
                "category_chart": charts.horizontal_bars(
                    [charts.Bar(str(label), count) for label, count in figures["by_category"]],
                    title=_("Confirmed attendees per category"),
                ),
                "days_chart": charts.columns(
                    [charts.Bar(f"{day:%d/%m}", count) for day, count in figures["per_day"]],
                    title=_("Registrations per day since opening"),
                ),
                "workshop_chart": charts.horizontal_bars(
                    [charts.Bar(w.title, w.booked, w.capacity or 0) for w in figures["workshops"]],
                    title=_("Workshops: places booked"),
                ),
            }
            # The sections other apps add (the footprint's).
            context |= sections.section_context(sections.DASHBOARD, request, event)
        return self.render_admin(request, "admin/registrations/dashboard.html", context)

    def catering_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = current_event()
        confirmed = Registration.objects.confirmed().filter(event=event)
        requirements = Counter(
            " ".join(text.split()).lower() for text in confirmed.values_list("dietary_requirements", flat=True)
        )
        without = requirements.pop("", 0)
        # The sections other apps add (the footprint's lunch choices), then this page's own.
        context = sections.section_context(sections.CATERING, request, event) | {
            "title": _("Catering and accessibility"),
            "total": confirmed.count(),
            "without": without,
            "dietary": requirements.most_common(),
            "accessibility": confirmed.exclude(accessibility_needs="").order_by("last_name"),
        }
        return self.render_admin(request, "admin/registrations/catering.html", context)

    def viewable(self, view):
        """`view`, for those who may see the registrations; a 404 for the others."""

        def checked(request):
            if not self.has_view_permission(request):
                raise Http404
            return view(request)

        return checked

    def filtered_registrations(self, request):
        """The registrations the changelist shows with its current filters and search.

        Raises IncorrectLookupParameters for a filter the list does not have."""
        if not self.has_view_permission(request):
            raise Http404
        return self.get_changelist_instance(request).get_queryset(request)

    def export(self, request, render):
        try:
            registrations = self.filtered_registrations(request)
        except IncorrectLookupParameters:
            # As the changelist itself does: back to the list, with its "invalid filter" notice.
            return HttpResponseRedirect(f"{reverse('admin:registrations_registration_changelist')}?{ERROR_FLAG}=1")
        return render(*exports.registration_table(registrations))

    def export_csv(self, request):
        return self.export(request, self.csv_response)

    def export_xlsx(self, request):
        return self.export(request, self.xlsx_response)

    @staticmethod
    def csv_response(header, rows):
        response = HttpResponse(exports.as_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        return response

    @staticmethod
    def xlsx_response(header, rows):
        response = HttpResponse(
            exports.as_xlsx(header, rows, title=str(_("Registrations"))),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="registrations.xlsx"'
        return response

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
        active = queryset.exclude(status=Registration.Status.CANCELLED)
        for registration in active:
            services.cancel_registration(registration)
        self.report(
            request,
            len(active),
            ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", len(active)),
            [],
        )
        return None

    @admin.action(description=_("Confirm from the waiting list"), permissions=["change"])
    def confirm_from_waiting_list(self, request, queryset):
        done, problems = 0, []
        for registration in queryset.filter(status=Registration.Status.WAITLISTED):
            try:
                services.confirm_from_waiting_list(registration)
                done += 1
            except services.RegistrationError as error:
                problems.append(f"{registration.full_name}: {error.message}")
        self.report(
            request, done, ngettext("%(count)d person confirmed.", "%(count)d people confirmed.", done), problems
        )

    @admin.action(description=_("Send the confirmation e-mail again"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        confirmed = list(queryset.filter(status=Registration.Status.CONFIRMED).select_related("user", "event"))
        with transaction.atomic():
            for registration in confirmed:
                queue_registration_email(registration, "confirmed")
        self.report(
            request,
            len(confirmed),
            ngettext("%(count)d confirmation queued.", "%(count)d confirmations queued.", len(confirmed)),
            [],
        )

    @admin.action(description=_("Check in the selected attendees"), permissions=["view"])
    def check_in(self, request, queryset):
        if not request.user.has_perm("registrations.check_in"):
            raise PermissionDenied
        done, problems = 0, []
        for registration in queryset:
            try:
                checkin.check_in(registration, staff=request.user)
                done += 1
            except checkin.CheckInError as error:
                problems.append(f"{registration.full_name}: {error.message}")
        self.report(
            request, done, ngettext("%(count)d attendee checked in.", "%(count)d attendees checked in.", done), problems
        )

    @admin.action(description=_("Print the badges of the selected confirmed registrations"), permissions=["view"])
    def print_badges(self, request, queryset):
        confirmed = queryset.filter(status=Registration.Status.CONFIRMED)
        event = confirmed.first().event if confirmed.exists() else None
        if event is None:
            self.message_user(request, _("None of the selected registrations is confirmed."), level="warning")
            return None
        run = badges.start_print_run(
            event=event,
            source=BadgePrintRun.Source.SELECTED,
            user=request.user,
            registration_ids=confirmed.filter(event=event).values_list("pk", flat=True),
        )
        return HttpResponseRedirect(reverse("admin:registrations_badgeprintrun_change", args=[run.pk]))


@admin.register(WorkshopBooking)
class WorkshopBookingAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "created_at"]
    list_filter = ["status", "session"]
    list_select_related = ["registration", "session"]
    search_fields = ["registration__first_name", "registration__last_name", "session__title"]
    readonly_fields = ["registration", "session", "status", "queued_at", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(AdminPage, admin.ModelAdmin):
    list_display = ["subject_fr", "event", "workshop", "created_at", "sent_at", "recipient_count"]
    list_filter = ["event"]
    readonly_fields = ["sent_at"]
    actions = ["send_to_confirmed_attendees"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipient_count=Count("emails"))

    @admin.display(description=_("e-mails"), ordering="recipient_count")
    def recipient_count(self, announcement):
        return announcement.recipient_count

    @admin.action(
        description=_("Send to its recipients (all confirmed attendees, or one workshop's)"), permissions=["change"]
    )
    def send_to_confirmed_attendees(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            # A confirmation page first: who will receive what.
            rows = [
                (announcement, announcement.recipients().count()) for announcement in queryset.select_related("event")
            ]
            return self.render_admin(
                request,
                "admin/registrations/announcement/confirm_send.html",
                {
                    "title": _("Send these announcements?"),
                    "rows": rows,
                    "queryset": queryset,
                    "action": "send_to_confirmed_attendees",
                },
            )
        total = sum(send_announcement(announcement) for announcement in queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", total) % {"count": total},
        )
        return None


@admin.register(BadgePrintRun)
class BadgePrintRunAdmin(AdminPage, admin.ModelAdmin):
    """Badge printing: choose whose badges, then follow the run until the PDF is ready."""

    list_display = ["__str__", "status", "total", "sheets", "created_by", "created_at"]
    list_filter = ["status", "source"]
    fields = ["event", "source", "sheets"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="registrations_badgeprintrun_download",
            ),
            *super().get_urls(),
        ]

    def get_changeform_initial_data(self, request):
        return {"event": current_event()}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # "Selected registrations" comes from the registrations' action, not from here.
        form.base_fields["source"].choices = [
            choice for choice in BadgePrintRun.Source.choices if choice[0] != BadgePrintRun.Source.SELECTED
        ]
        return form

    def save_model(self, request, obj, form, change):
        run = badges.start_print_run(event=obj.event, source=obj.source, sheets=obj.sheets, user=request.user)
        obj.pk = run.pk

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:registrations_badgeprintrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The progress page: it refreshes itself until the PDF is ready."""
        if not self.has_view_permission(request):
            raise Http404
        run = self.get_object(request, unquote(object_id))
        if run is None:
            raise Http404
        return self.render_admin(
            request, "admin/registrations/badgeprintrun/progress.html", {"run": run, "title": str(run)}
        )

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BadgePrintRun, pk=pk, status=BadgePrintRun.Status.READY)
        try:
            pdf = storages["private"].open(run.file, "rb")
        except FileNotFoundError:
            raise Http404("The PDF of this print run is no longer on disk.") from None
        return FileResponse(
            pdf,
            as_attachment=True,
            filename=f"badges-{run.pk}.pdf",
            content_type="application/pdf",
        )


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["registration", "checked_in_at", "checked_in_by"]
    list_select_related = ["registration", "checked_in_by"]
    search_fields = ["registration__first_name", "registration__last_name"]
    readonly_fields = ["registration", "checked_in_at", "checked_in_by"]

    def has_add_permission(self, request):
        return False


class AnswerFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return Invitee.Answer.choices

    def queryset(self, request, queryset):
        if self.value() in Invitee.Answer.values:
            return queryset.filter(answer_state=self.value())
        return queryset


@admin.register(Invitee)
class InviteeAdmin(AdminPage, admin.ModelAdmin):
    # The personal link is a key to a seat: the admin does not offer to open it.
    view_on_site = False
    list_display = ["__str__", "email", "category", "language", "answer_label", "invited_at", "reminded_at"]
    list_filter = [AnswerFilter, "category", "language", "event"]
    list_select_related = ["registration"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    fields = ["event", "first_name", "last_name", "email", "organisation", "category", "language"]
    actions = ["send_invitations", "send_reminders"]
    change_list_template = "admin/registrations/invitee/change_list.html"

    def get_changeform_initial_data(self, request):
        return {"event": current_event()}

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="registrations_invitee_import"),
            path("follow-up/", self.admin_site.admin_view(self.follow_up_view), name="registrations_invitee_follow_up"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_answer()

    @admin.display(description=_("answer"), ordering="answer_state")
    def answer_label(self, invitee):
        return invitee.answer.label

    def import_view(self, request):
        """Upload → preview of every row and its problem → import the valid rows."""
        if not self.has_add_permission(request):
            raise Http404
        if request.method == "POST" and "confirm" in request.POST:
            pending = request.session.pop(IMPORT_SESSION_KEY, None)
            if not pending:
                self.message_user(request, _("Nothing to import: please send the file again."), level="warning")
                return HttpResponseRedirect(reverse("admin:registrations_invitee_import"))
            event = get_object_or_404(Event, pk=pending["event"])
            report = invitations.import_invitees(event, pending["rows"])
            self.message_user(
                request,
                _("Import done: %(added)d added, %(updated)d updated, %(skipped)d unchanged.")
                % {"added": report.added, "updated": report.updated, "skipped": report.skipped},
            )
            return HttpResponseRedirect(reverse("admin:registrations_invitee_changelist"))
        form = InviteeImportForm(request.POST or None, request.FILES or None, initial={"event": current_event()})
        context = {"title": _("Import invitees"), "form": form}
        if request.method == "POST" and form.is_valid():
            event = form.cleaned_data["event"]
            try:
                rows = invitations.parse_invitees(form.cleaned_data["file"], event=event)
            except invitations.InviteeFileError as error:
                form.add_error("file", error.message)
            else:
                valid = [row.values for row in rows if row.is_valid]
                request.session[IMPORT_SESSION_KEY] = {"event": event.pk, "rows": valid}
                counts = {
                    action: sum(row.action == action for row in rows) for action in ("add", "update", "unchanged")
                }
                context |= {
                    "rows": rows,
                    "counts": counts,
                    "problems": sum(not r.is_valid for r in rows),
                    "event": event,
                }
        return self.render_admin(request, "admin/registrations/invitee/import.html", context)

    def follow_up_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = current_event()
        context = {"title": _("Invitations: follow-up"), "event": event}
        if event is not None:
            context |= invitations.follow_up(event)
        return self.render_admin(request, "admin/registrations/invitee/follow_up.html", context)

    @admin.action(description=_("Send the invitation e-mail"), permissions=["change"])
    def send_invitations(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            not_yet = queryset.filter(invited_at__isnull=True)
            return self.confirm_sending(request, queryset, not_yet, "invitation", _("Send these invitations?"))
        sent = invitations.send_invitations(queryset)
        self.message_user(
            request, ngettext("%(count)d invitation queued.", "%(count)d invitations queued.", sent) % {"count": sent}
        )
        return None

    @admin.action(description=_("Send a reminder to those who have not answered"), permissions=["change"])
    def send_reminders(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            awaiting = queryset.awaiting_answer().filter(reminded_at__isnull=True)
            return self.confirm_sending(request, queryset, awaiting, "invitation_reminder", _("Send these reminders?"))
        sent = invitations.send_invitation_reminders(queryset)
        self.message_user(
            request, ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent) % {"count": sent}
        )
        return None

    def confirm_sending(self, request, selected, to_send, kind: str, title: str):
        """The page that shows what an e-mail action will send, and to how many, before it does."""
        return self.render_admin(
            request,
            "admin/registrations/invitee/confirm_send.html",
            {
                "title": title,
                "queryset": selected,
                "count": to_send.count(),
                "already": selected.count() - to_send.count(),
                "previews": [preview_email(invitee, kind) for invitee in preview_samples(to_send)],
                "action": request.POST["action"],
            },
        )


IMPORT_SESSION_KEY = "invitee_import"


def preview_samples(invitees) -> list[Invitee]:
    """One invitee per language, to show the e-mail as each language group will read it."""
    samples = {}
    for invitee in invitees.select_related("event"):
        samples.setdefault(invitee.language, invitee)
        if len(samples) == 2:
            break
    return list(samples.values())


def preview_email(invitee: Invitee, kind: str) -> dict:
    email = OutgoingEmail(recipient=invitee.email, language=invitee.language, kind=kind, about=invitee)
    with translation.override(invitee.language):
        rendered = render_email(email)
    return {
        "language": invitee.get_language_display(),
        "to": invitee.email,
        "subject": rendered.subject,
        "text": rendered.text,
    }


@admin.register(SeatHold)
class SeatHoldAdmin(admin.ModelAdmin):
    # The personal link is a key to a seat: the admin does not offer to open it.
    view_on_site = False
    list_display = ["__str__", "email", "organisation", "held_by", "held_until", "status"]
    list_filter = ["status"]
    list_select_related = ["held_by"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    readonly_fields = [f.name for f in SeatHold._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
