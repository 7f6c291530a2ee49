"""The registrations' models, by area; every table keeps its name (`registrations_<model>`)."""

from registrations.models.invitations import HoldAllowance, Invitee, InviteeQuerySet, SeatHold, SeatReservation
from registrations.models.seats import (
    Registration,
    RegistrationQuerySet,
    WorkshopBooking,
    WorkshopBookingQuerySet,
    ahead_of,
    position_in_line,
)
from registrations.models.transfers import SeatTransfer

__all__ = [
    "HoldAllowance",
    "Invitee",
    "InviteeQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "SeatHold",
    "SeatReservation",
    "SeatTransfer",
    "WorkshopBooking",
    "WorkshopBookingQuerySet",
    "ahead_of",
    "position_in_line",
]
