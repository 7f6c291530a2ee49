from django.urls import path
from django.utils.translation import gettext_lazy as _

from footprint import traveller_views, views

app_name = "footprint"
urlpatterns = [
    path(_("my-registration/trip/"), views.declare, name="declare"),
    path(_("speaker-area/trip/"), traveller_views.speaker_trip, name="speaker_trip"),
    path(_("footprint/"), views.public, name="public"),
    path(_("footprint/method/"), views.method, name="method"),
]
