from django.contrib import admin

from footprint.models import TravelDeclaration


@admin.register(TravelDeclaration)
class TravelDeclarationAdmin(admin.ModelAdmin):
    list_display = ["registration", "town", "distance_km", "mode", "car_occupants", "return_trip", "meal"]
    list_filter = ["mode", "meal", "return_trip"]
    list_select_related = ["registration"]
    search_fields = ["registration__last_name", "town"]
    readonly_fields = ["registration"]

    def has_add_permission(self, request):
        return False
