"""The signed token a badge's QR code carries: who the badge is for, and for which event.

Signed with the site's secret (Django's Signer), so it cannot be forged or altered; it
holds no personal data, only the kind of holder and a number, and the signature.

A registration's badge also carries its `badge_version` once it is above 1 ("…r42v2"): a seat
passed to a colleague bumps it, so the giver's printed badge stops working at the desk. A
code without a version is version 1, so badges printed before versions existed still work."""

from dataclasses import dataclass

from django.core import signing

SIGNER = signing.Signer(salt="techforclimate.badge")
HOLDER_KINDS = {"r": "registration", "s": "speaker", "u": "organiser"}


@dataclass(frozen=True)
class BadgeReference:
    event_id: int
    kind: str  # "registration", "speaker" or "organiser"
    pk: int
    version: int = 1


def badge_token(*, event_id: int, kind: str, pk: int, version: int = 1) -> str:
    letter = next(letter for letter, name in HOLDER_KINDS.items() if name == kind)
    suffix = f"v{version}" if version != 1 else ""
    return SIGNER.sign(f"{event_id}.{letter}{pk}{suffix}")


def read_badge_token(token: str) -> BadgeReference | None:
    """The holder a genuine token names, or None for anything forged, altered or garbled."""
    try:
        value = SIGNER.unsign(token.strip())
        event_id, holder = value.split(".", 1)
        pk, _, version = holder[1:].partition("v")
        return BadgeReference(
            event_id=int(event_id), kind=HOLDER_KINDS[holder[0]], pk=int(pk), version=int(version) if version else 1
        )
    except (signing.BadSignature, ValueError, KeyError, IndexError):
        return None
