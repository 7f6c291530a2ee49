"""The organisers' back office for registrations, by area. Importing a module registers its
admins with the site; each module's docstring says what it covers."""

from registrations.admin import agenda, invitations, registrations

__all__ = ["agenda", "invitations", "registrations"]
