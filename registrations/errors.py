"""The refusals of the registration rules, and the one answer to an overloaded moment."""

from core.errors import DomainError


class SiteBusy(Exception):
    """Too many people at the same moment: nothing was written, the person may retry."""


class RegistrationError(DomainError):
    """A request the registration rules refuse."""
