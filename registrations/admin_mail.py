"""The back office's view of the outbox: every e-mail, its state, and "send again"."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mail import outbox
from mail.models import OutgoingEmail


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
