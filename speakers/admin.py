from django.contrib import admin
from django.db.models import Q
from django.db.models.functions import Coalesce, Length
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.translated_admin import BilingualAdmin, EnglishMissingFilter
from speakers import services
from speakers.models import BIO_MIN_COMPLETE, Speaker, SpeakerInvitation, SpeakerLink


class SpeakerLinkInline(admin.TabularInline):
    model = SpeakerLink
    extra = 1
    fields = ["label", "url", "position"]


class SpeakerInvitationInline(admin.TabularInline):
    model = SpeakerInvitation
    extra = 0
    fields = ["email", "created_at", "expires_at", "accepted_at", "revoked_at", "sent_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CompletenessFilter(admin.SimpleListFilter):
    title = _("profile")
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return [("incomplete", _("Incomplete (no photo or short bio)")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        # The French bio, the reference (a plain "bio" would be the active language's column),
        # which may be NULL.
        incomplete = Q(photo="") | Q(bio_length__lt=BIO_MIN_COMPLETE)
        queryset = queryset.annotate(bio_length=Coalesce(Length("bio_fr"), 0))
        if self.value() == "incomplete":
            return queryset.filter(incomplete)
        if self.value() == "complete":
            return queryset.exclude(incomplete)
        return queryset


@admin.register(Speaker)
class SpeakerAdmin(BilingualAdmin):
    list_display = ["name", "organisation", "has_photo", "bio_ok", "invitation", "updated_at", "updated_by"]
    list_filter = [CompletenessFilter, EnglishMissingFilter]
    list_select_related = ["updated_by", "user"]
    # The job title and bio in French and English side by side (speakers/translation.py).
    search_fields = ["name", "organisation", "job_title_fr", "job_title_en", "email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["user", "updated_at", "updated_by"]
    fields = [
        "name",
        "slug",
        "pronouns",
        ("job_title_fr", "job_title_en"),
        "organisation",
        ("bio_fr", "bio_en"),
        "photo",
        "website",
        "email",
        "user",
        "updated_at",
        "updated_by",
    ]
    inlines = [SpeakerLinkInline, SpeakerInvitationInline]
    actions = ["send_invitation"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("invitations")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, speaker):
        return bool(speaker.photo)

    @admin.display(description=_("bio long enough"), boolean=True)
    def bio_ok(self, speaker):
        return len(speaker.bio_fr or "") >= BIO_MIN_COMPLETE

    @admin.display(description=_("invitation"))
    def invitation(self, speaker):
        return services.invitation_state(speaker)

    @admin.action(description=_("Send an invitation to their speaker area"), permissions=["change"])
    def send_invitation(self, request, queryset):
        sent, refused = 0, []
        for speaker in queryset:
            try:
                services.invite_speaker(speaker, sent_by=request.user)
                sent += 1
            except services.InvitationError as error:
                refused.append(error.message)
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent},
            )
        for message in refused:
            self.message_user(request, message, level="warning")
