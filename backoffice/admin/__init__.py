"""The organisers' back office, by area. Importing a module registers its admins with the
site; each module's docstring says what it covers."""

from backoffice.admin import mail, registrations

__all__ = ["mail", "registrations"]
