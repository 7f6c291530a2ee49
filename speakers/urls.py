from django.urls import path
from django.utils.translation import gettext_lazy as _

from speakers import area_views, views

app_name = "speakers"
urlpatterns = [
    path(_("speakers/"), views.speaker_list, name="list"),
    path(_("speakers/invitation/<slug:token>/"), area_views.invitation, name="invitation"),
    path(_("speaker-area/"), area_views.area, name="area"),
    path(_("speaker-area/badge.pdf"), area_views.speaker_badge, name="badge"),
    path(_("speaker-area/<slug:slug>/edit/"), area_views.edit_profile, name="edit"),
    path(_("speaker-area/<slug:slug>/photo/"), area_views.change_photo, name="photo"),
    path(_("speakers/<slug:slug>/"), views.speaker_detail, name="detail"),
]
