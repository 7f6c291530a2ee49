from django.urls import path
from django.utils.translation import gettext_lazy as _

from speakers import views

app_name = "speakers"
urlpatterns = [
    path(_("speakers/"), views.speaker_list, name="list"),
    path(_("speakers/<slug:slug>/"), views.speaker_detail, name="detail"),
]
