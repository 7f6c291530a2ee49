from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from footprint.models import FootprintInputs, TravelDeclaration


@admin.register(TravelDeclaration)
class TravelDeclarationAdmin(admin.ModelAdmin):
    list_display = ["registration", "town", "distance_km", "mode", "car_occupants", "return_trip", "meal"]
    list_filter = ["mode", "meal", "return_trip"]
    list_select_related = ["registration"]
    search_fields = ["registration__last_name", "town"]
    readonly_fields = ["registration"]

    def has_add_permission(self, request):
        return False


class FootprintInputsForm(forms.ModelForm):
    class Meta:
        model = FootprintInputs
        fields = ["event", "hosting_servers", "hosting_hours", "venue_kwh", "sign_in_sheet_pages"]
        help_texts = {
            "hosting_servers": _(
                "Servers or virtual machines that run the site (web, workers, database). Left empty, the "
                "footprint says the hosting was not entered and counts nothing for it."
            ),
            "hosting_hours": _(
                "How long they ran for this event, for example from the opening of registrations to the day "
                "after (24 hours a day). The footprint counts servers × hours × the factor on the method page."
            ),
            "venue_kwh": _(
                "The venue's electricity for the event, from its meter or its invoice, counted at the French "
                "grid's factor. Left empty, the venue's line says it was not entered."
            ),
            "sign_in_sheet_pages": _(
                "A4 pages actually printed. Left empty, the pages of the sign-in sheets the site generated are "
                "counted instead, as an extrapolation."
            ),
        }


@admin.register(FootprintInputs)
class FootprintInputsAdmin(admin.ModelAdmin):
    """What only the organisers know of the event's footprint, one row per event."""

    form = FootprintInputsForm
    list_display = ["event", "hosting_servers", "hosting_hours", "venue_kwh", "sign_in_sheet_pages", "updated_at"]
    list_select_related = ["event"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
