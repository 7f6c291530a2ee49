from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import views

app_name = "accounts"
urlpatterns = [
    path(_("my-account/data.json"), views.my_data, name="data"),
    path(_("my-account/delete/"), views.delete_account, name="delete"),
    path(_("privacy/"), views.privacy_page, name="privacy"),
]
