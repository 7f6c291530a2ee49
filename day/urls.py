from django.urls import path
from django.utils.translation import gettext_lazy as _

import core.converters  # noqa: F401  (registers <id:…>)
from day import badge_views, checkin_views, paperless_views, walk_in_views

app_name = "day"
urlpatterns = [
    path(_("my-registration/badge.pdf"), badge_views.my_badge, name="badge"),
    path(_("my-registration/badge/"), paperless_views.phone_badge, name="phone_badge"),
    path(_("check-in/"), checkin_views.check_in_desk, name="check_in"),
    path(_("check-in/count/"), checkin_views.check_in_count, name="check_in_count"),
    path(_("check-in/list/"), checkin_views.desk_list, name="desk_list"),
    path(_("check-in/sync/"), checkin_views.desk_sync, name="desk_sync"),
    path(_("check-in/service-worker.js"), checkin_views.desk_service_worker, name="desk_service_worker"),
    path(_("check-in/badge/<id:registration_id>/print/"), paperless_views.desk_print, name="desk_print"),
    path(_("check-in/walk-in/"), walk_in_views.walk_in, name="walk_in"),
]
