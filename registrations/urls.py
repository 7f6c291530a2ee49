from django.urls import path
from django.utils.translation import gettext_lazy as _

import core.converters  # noqa: F401  (registers <id:…>)
from registrations import (
    invitation_views,
    offer_views,
    reconfirmation_views,
    transfer_views,
    views,
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
    path(_("my-registration/pass-on/"), transfer_views.give_seat, name="give_seat"),
    path(_("my-registration/pass-on/withdraw/"), transfer_views.withdraw, name="withdraw_transfer"),
    path(_("seat-passed-on/<slug:token>/"), transfer_views.accept, name="transfer"),
    path(_("my-registration/reconfirm/<str:token>/"), reconfirmation_views.answer, name="reconfirm"),
    path(_("my-registration/accept-offer/"), offer_views.accept_my_offer, name="accept_offer"),
    path(_("seat-offer/<str:token>/"), offer_views.offer, name="offer"),
    path(_("my-registration/workshops/<id:session_id>/book/"), views.book_workshop, name="book"),
    path(_("my-registration/workshops/<id:session_id>/cancel/"), views.cancel_booking, name="cancel_booking"),
]
