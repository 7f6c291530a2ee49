from django.urls import path
from django.utils.translation import gettext_lazy as _

import core.converters  # noqa: F401  (registers <id:…>)
from registrations import (
    checkin_views,
    invitation_views,
    offer_views,
    paperless_views,
    reconfirmation_views,
    transfer_views,
    views,
    walk_in_views,
)

app_name = "registrations"
urlpatterns = [
    path(_("register/"), views.register, name="register"),
    path(_("register/colleague/"), views.register_colleague, name="colleague"),
    path(_("register/colleague/<slug:token>/"), views.hold, name="hold"),
    path(_("invitation/<slug:token>/"), invitation_views.invitation, name="invitation"),
    path(_("invitation/<slug:token>/answer/"), invitation_views.answer, name="invitation_answer"),
    path(_("my-registration/"), views.my_registration, name="mine"),
    path(_("my-registration/edit/"), views.edit_registration, name="edit"),
    path(_("my-registration/cancel/"), views.cancel_registration, name="cancel"),
    path(_("my-registration/agenda.ics"), views.agenda_ics, name="agenda_ics"),
    path(_("my-registration/badge.pdf"), views.my_badge, name="badge"),
    path(_("my-registration/badge/"), paperless_views.phone_badge, name="phone_badge"),
    path(_("my-registration/pass-on/"), transfer_views.give_seat, name="give_seat"),
    path(_("my-registration/pass-on/withdraw/"), transfer_views.withdraw, name="withdraw_transfer"),
    path(_("seat-passed-on/<slug:token>/"), transfer_views.accept, name="transfer"),
    path(_("my-registration/reconfirm/<str:token>/"), reconfirmation_views.answer, name="reconfirm"),
    path(_("my-registration/accept-offer/"), offer_views.accept_my_offer, name="accept_offer"),
    path(_("seat-offer/<str:token>/"), offer_views.offer, name="offer"),
    path(_("check-in/"), checkin_views.check_in_desk, name="check_in"),
    path(_("check-in/count/"), checkin_views.check_in_count, name="check_in_count"),
    path(_("check-in/list/"), checkin_views.desk_list, name="desk_list"),
    path(_("check-in/sync/"), checkin_views.desk_sync, name="desk_sync"),
    path(_("check-in/service-worker.js"), checkin_views.desk_service_worker, name="desk_service_worker"),
    path(_("check-in/badge/<id:registration_id>/print/"), paperless_views.desk_print, name="desk_print"),
    path(_("check-in/walk-in/"), walk_in_views.walk_in, name="walk_in"),
    path(_("my-registration/workshops/<id:session_id>/book/"), views.book_workshop, name="book"),
    path(_("my-registration/workshops/<id:session_id>/cancel/"), views.cancel_booking, name="cancel_booking"),
]
