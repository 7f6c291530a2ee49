"""E-mails in the back office: the outbox's record of every e-mail, with "send again",
and the announcements organisers write and send."""

from django.contrib import admin
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.announcements import send_announcement
from backoffice.models import Announcement
from core.translated_admin import BilingualAdmin
from mail import outbox
from mail.models import OutgoingEmail
from registrations.admin.base import AdminPage


@admin.register(Announcement)
class AnnouncementAdmin(AdminPage, BilingualAdmin):
    list_display = ["subject_fr", "subject_en", "event", "workshop", "created_at", "sent_at", "recipient_count"]
    list_filter = ["event"]
    search_fields = ["subject_fr", "subject_en"]
    readonly_fields = ["sent_at"]
    # Both languages side by side, both required: each attendee receives it in theirs.
    fields = ["event", "workshop", ("subject_fr", "subject_en"), ("body_fr", "body_en"), "sent_at"]
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
                "admin/backoffice/announcement/confirm_send.html",
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


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "status", "attempts", "short_error", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "registration__last_name"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The message itself is never shown: account e-mails may carry codes and links.
    fields = [
        "recipient",
        "language",
        "kind",
        "about_link",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("about"))
    def about_link(self, email):
        about = email.about
        if about is None:
            return "—"
        try:
            url = reverse(f"admin:{about._meta.app_label}_{about._meta.model_name}_change", args=[about.pk])
        except NoReverseMatch:
            return str(about)
        return format_html('<a href="{}">{}</a>', url, about)

    @admin.display(description=_("last error"))
    def short_error(self, email):
        return email.last_error[:80]

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        again = outbox.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", len(again))
            % {"count": len(again)},
        )
