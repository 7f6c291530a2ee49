"""The signed one-click link that accepts a seat offered from the waiting list.

It carries the registration and the offer's deadline, signed with the site's secret and a
salt naming its purpose: it cannot be forged or altered, and it accepts only the offer it was
sent for (a lapsed offer is never made again, a confirmed seat is not confirmed twice)."""

import datetime as dt
from dataclasses import dataclass

from django.core import signing

SALT = "techforclimate.seat-offer"
# Longer than any offer can last: the offer's own deadline is what counts.
MAX_AGE = dt.timedelta(days=31)


@dataclass(frozen=True)
class OfferLink:
    registration_id: int
    expires_at: int  # the offer's deadline, in whole seconds since the epoch

    def is_for(self, registration) -> bool:
        return (
            registration.pk == self.registration_id
            and registration.offer_expires_at is not None
            and int(registration.offer_expires_at.timestamp()) == self.expires_at
        )


def offer_token(registration) -> str:
    return signing.dumps([registration.pk, int(registration.offer_expires_at.timestamp())], salt=SALT)


def read_offer_token(token: str) -> OfferLink | None:
    """The offer a genuine token names, or None for anything forged, altered or garbled."""
    try:
        registration_id, expires_at = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return OfferLink(registration_id=int(registration_id), expires_at=int(expires_at))
    except (signing.BadSignature, ValueError, TypeError):
        return None
