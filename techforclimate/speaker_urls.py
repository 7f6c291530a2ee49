"""The `speakers` URL namespace, gathered from the apps that serve it: the profile's editing
and the invitations (`speakers`), the pages listing speakers with their sessions (`events`)
the speaker's badge (`registrations`) and the feedback on their sessions (`feedback`)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from day import badge_views
from events import speaker_pages
from feedback import views as feedback_views
from speakers import area_views

app_name = "speakers"
urlpatterns = [
    path(_("speakers/"), speaker_pages.speaker_list, name="list"),
    path(_("speakers/invitation/<slug:token>/"), area_views.invitation, name="invitation"),
    path(_("speaker-area/"), speaker_pages.area, name="area"),
    path(_("speaker-area/badge.pdf"), badge_views.speaker_badge, name="badge"),
    path(_("speaker-area/feedback/"), feedback_views.speaker_results, name="feedback"),
    path(_("speaker-area/<slug:slug>/edit/"), area_views.edit_profile, name="edit"),
    path(_("speaker-area/<slug:slug>/photo/"), speaker_pages.change_photo, name="photo"),
    path(_("speakers/<slug:slug>/"), speaker_pages.speaker_detail, name="detail"),
]
