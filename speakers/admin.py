from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from speakers.models import Speaker, SpeakerLink


class SpeakerLinkInline(admin.TabularInline):
    model = SpeakerLink
    extra = 1
    fields = ["label", "url", "position"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "organisation", "has_photo"]
    search_fields = ["name", "organisation", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerLinkInline]

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, speaker):
        return bool(speaker.photo)
