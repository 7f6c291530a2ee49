from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import views

app_name = "events"
urlpatterns = [
    path(_("programme/"), views.programme, name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("programme.json", views.programme_json, name="programme_json"),
    path(_("programme/<slug:slug>/"), views.session_detail, name="session"),
]
