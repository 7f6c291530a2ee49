from django.urls import path
from django.utils.translation import gettext_lazy as _

from feedback import views

app_name = "feedback"
urlpatterns = [
    path(_("feedback/<str:token>/"), views.answer, name="answer"),
]
