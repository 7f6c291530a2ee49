"""Organisation contacts: the attendees organisers mark as the person to whom their
organisation's footprint statement goes (the footprint reads the mark)."""

from registrations.models import Registration


def set_organisation_contact(registrations, *, is_contact: bool) -> int:
    """Mark (or unmark) these registrations; only a confirmed one with an account, hence an
    address, can be marked. Returns how many changed."""
    if is_contact:
        registrations = registrations.filter(status=Registration.Status.CONFIRMED, user__isnull=False)
    return registrations.exclude(is_organisation_contact=is_contact).update(is_organisation_contact=is_contact)
