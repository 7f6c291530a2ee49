from django.urls import path
from django.utils.translation import gettext_lazy as _

from techforclimate import privacy_views

# The personal-data pages span every app, so they live in the site package; their URL
# names stay in the "accounts" namespace they have always had.
app_name = "accounts"
urlpatterns = [
    path(_("my-account/data.json"), privacy_views.my_data, name="data"),
    path(_("my-account/delete/"), privacy_views.delete_account, name="delete"),
    path(_("privacy/"), privacy_views.privacy_page, name="privacy"),
]
