"""A confirmed person passes their seat to a colleague of the same organisation.

The giver names the colleague; the colleague receives a personal link (a random token, of
which only the hash is stored), valid three days and never past the waiting list's cut-off.
Until the colleague accepts with their own account, whose verified address is the one the
link was sent to, the seat stays the giver's and the giver may withdraw the offer. On
acceptance, in one transaction under the event lock, the giver's registration is cancelled
and the colleague's confirmed in the same category: the seat passes, it is never freed, so
nobody is promoted from the waiting list. The giver's badge version goes up, so their badge
no longer opens the door.

"Same organisation" is read from the e-mail addresses: the colleague's must be at the
giver's own domain, and not at a public provider, where a domain says nothing of an
organisation.
"""

import datetime as dt
import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.site import site_url
from mail.outbox import queue_email
from registrations.emails import EmailKind, queue_registration_email
from registrations.models import Registration, SeatTransfer
from registrations.services import AttendeeDetails, RegistrationError, check_not_checked_in, lock_event
from registrations.workshops import release_workshop_places

VALID_FOR = dt.timedelta(days=3)
# Addresses anyone can get: their domain does not tell an organisation.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "free.fr",
        "gmail.com",
        "gmx.com",
        "gmx.fr",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.com",
        "live.fr",
        "me.com",
        "msn.com",
        "neuf.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "wanadoo.fr",
        "yahoo.com",
        "yahoo.fr",
    }
)


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


def organisation_domain_of(address: str) -> str | None:
    """The organisation's domain of an address, or None for a public provider's."""
    domain = email_domain(address)
    return None if not domain or domain in PUBLIC_EMAIL_DOMAINS else domain


def organisation_domain(registration: Registration) -> str | None:
    """The domain a colleague's address must have, or None when the giver's own address is at
    a public provider (no transfer then: write to the organisers)."""
    return organisation_domain_of(registration.user.email)


def live_transfers(registration: Registration, now: dt.datetime):
    """The giver's offers that can still be accepted: pending, not lapsed, and made for the
    seat they hold now (not for one they cancelled before registering again)."""
    transfers = registration.transfers.filter(status=SeatTransfer.Status.PENDING, expires_at__gt=now)
    if registration.confirmed_at:
        transfers = transfers.filter(created_at__gte=registration.confirmed_at)
    return transfers


def pending_transfer(registration: Registration, *, now: dt.datetime | None = None) -> SeatTransfer | None:
    """The giver's offer still waiting for the colleague, if any."""
    if not registration.is_confirmed:
        return None
    return live_transfers(registration, now or timezone.now()).first()


def offer_seat_transfer(
    registration: Registration,
    *,
    first_name: str,
    last_name: str,
    email: str,
    now: dt.datetime | None = None,
) -> SeatTransfer:
    """Offer the giver's seat to a colleague, who receives an e-mail with a personal link.

    Locks the event, then the registration. Refused unless the giver is confirmed, before the
    cut-off, with no offer already pending, for a colleague at the giver's own domain who has
    no seat yet."""
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("user").get(pk=registration.pk)
        )
        if not registration.is_confirmed:
            raise RegistrationError(_("Only a confirmed seat can be passed on."), code="not_confirmed")
        check_not_checked_in(registration)
        if now >= event.promotion_cutoff:
            raise RegistrationError(
                _("It is too late to pass your seat on. Write to %(email)s if you cannot come.")
                % {"email": event.contact_email},
                code="too_late",
            )
        check_same_organisation(registration, email, contact=event.contact_email)
        if (
            Registration.objects.holding_a_seat()
            .filter(event=event, user__email__iexact=email)
            .exclude(pk=registration.pk)
            .exists()
        ):
            raise RegistrationError(
                _("%(email)s already has a seat at the event.") % {"email": email}, code="already_registered"
            )
        # Offers that can no longer be accepted make way for a new one.
        closed = registration.transfers.filter(status=SeatTransfer.Status.PENDING).exclude(
            pk__in=live_transfers(registration, now).values("pk")
        )
        closed.filter(expires_at__lte=now).update(status=SeatTransfer.Status.EXPIRED, decided_at=now)
        closed.update(status=SeatTransfer.Status.CANCELLED, decided_at=now)
        if live_transfers(registration, now).exists():
            raise RegistrationError(
                _("Your seat is already offered to a colleague. Withdraw that offer first."), code="already_pending"
            )
        token = secrets.token_urlsafe(32)
        transfer = SeatTransfer.objects.create(
            registration=registration,
            first_name=first_name,
            last_name=last_name,
            email=email,
            token_hash=SeatTransfer.hash_token(token),
            expires_at=min(now + VALID_FOR, event.promotion_cutoff),
        )
        queue_transfer_email(transfer, token)
    return transfer


def check_same_organisation(registration: Registration, email: str, *, contact: str) -> None:
    domain = organisation_domain(registration)
    if domain is None:
        raise RegistrationError(
            _(
                "Your own address is at a public e-mail provider, so it does not show your organisation. "
                "Write to %(email)s to pass your seat on."
            )
            % {"email": contact},
            code="public_domain",
        )
    if email.lower() == registration.user.email.lower():
        raise RegistrationError(_("Give the address of your colleague, not your own."), code="own_address")
    if email_domain(email) != domain:
        raise RegistrationError(
            _(
                "A seat passes only to a colleague of your organisation: their address must end in @%(domain)s, "
                "like yours. Write to %(email)s for anyone else."
            )
            % {"domain": domain, "email": contact},
            code="other_organisation",
        )


def queue_transfer_email(transfer: SeatTransfer, token: str) -> None:
    """The colleague's e-mail, in the giver's language. It carries the link, so it is rendered
    now (the token is stored nowhere else) and its text erased once sent."""
    giver = transfer.registration
    language = giver.user.language or "fr"
    with translation.override(language):
        context = {
            "transfer": transfer,
            "giver": giver,
            "event": giver.event,
            "link": site_url(reverse("registrations:transfer", kwargs={"token": token})),
            "until": formats.date_format(timezone.localtime(transfer.expires_at), "DATETIME_FORMAT"),
        }
        subject = " ".join(render_to_string("registrations/email/seat_transfer_subject.txt", context).split())
        body = render_to_string("registrations/email/seat_transfer.txt", context).strip() + "\n"
    queue_email(
        recipient=transfer.email,
        language=language,
        kind=EmailKind.SEAT_TRANSFER,
        about=transfer,
        subject=subject,
        body_text=body,
    )


def withdraw_transfer(registration: Registration, *, now: dt.datetime | None = None) -> SeatTransfer | None:
    """The giver takes the offer back; its link stops working. Withdrawing twice, or after
    the colleague accepted, changes nothing. Returns the offer withdrawn, if there was one."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(registration.event_id)
        transfer = (
            SeatTransfer.objects.select_for_update()
            .filter(registration_id=registration.pk, status=SeatTransfer.Status.PENDING)
            .first()
        )
        if transfer is None:
            return None
        transfer.status, transfer.decided_at = SeatTransfer.Status.CANCELLED, now
        transfer.save(update_fields=["status", "decided_at"])
    return transfer


def find_transfer(token: str, *, now: dt.datetime | None = None) -> SeatTransfer:
    """The offer a link's token names, while it can be accepted; otherwise an error that says
    why. An offer accepted already is returned (its page says so) with `status` accepted."""
    now = now or timezone.now()
    transfer = (
        SeatTransfer.objects.select_related("registration__event", "registration__user", "new_registration")
        .filter(token_hash=SeatTransfer.hash_token(token or ""))
        .first()
    )
    if transfer is None:
        raise RegistrationError(_("This link is not valid."), code="unknown")
    check_transfer_usable(transfer, now)
    return transfer


def check_transfer_usable(transfer: SeatTransfer, now: dt.datetime) -> None:
    if transfer.status == SeatTransfer.Status.ACCEPTED:
        return
    if transfer.status == SeatTransfer.Status.CANCELLED:
        raise RegistrationError(_("Your colleague withdrew this offer: the seat stays theirs."), code="withdrawn")
    if transfer.status == SeatTransfer.Status.EXPIRED or transfer.expires_at <= now:
        raise RegistrationError(
            _("This offer has expired. Ask your colleague to pass the seat on again, if there is still time."),
            code="expired",
        )
    giver = transfer.registration
    # Cancelled meanwhile, or cancelled and registered again since the offer: not this seat.
    if not giver.is_confirmed or (giver.confirmed_at and giver.confirmed_at > transfer.created_at):
        raise RegistrationError(_("Your colleague no longer has this seat to pass on: it was freed."), code="seat_gone")


def accept_seat_transfer(token: str, *, user, details: AttendeeDetails, now: dt.datetime | None = None) -> Registration:
    """The colleague takes the seat with their own account: the giver's registration is
    cancelled (nobody promoted: the seat passes) and the colleague's confirmed in the giver's
    category, vouched for as the giver's was, in one transaction under the event lock.

    Locks the event, then the offer, then the registrations. Accepting again with the same
    account returns the same registration; any other account is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        transfer = find_transfer(token, now=now)
        event = lock_event(transfer.registration.event_id)
        transfer = SeatTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status == SeatTransfer.Status.ACCEPTED:
            if transfer.accepted_by_id == user.pk and transfer.new_registration_id:
                return Registration.objects.get(pk=transfer.new_registration_id)
            raise RegistrationError(_("This offer has already been accepted."), code="used")
        check_verified_address(user, transfer.email)
        giver = (
            Registration.objects.select_for_update(of=("self",)).select_related("user").get(pk=transfer.registration_id)
        )
        transfer.registration = giver
        check_transfer_usable(transfer, now)
        if giver.has_come_in():
            raise RegistrationError(
                _("Your colleague has already come in on this seat: it can no longer be passed on."),
                code="checked_in",
            )
        if giver.user_id == user.pk:
            raise RegistrationError(_("You cannot pass a seat to yourself."), code="own_seat")
        colleague = Registration.objects.select_for_update().filter(event=event, user=user).first()
        if colleague is not None and colleague.status in {Registration.Status.CONFIRMED, Registration.Status.OFFERED}:
            raise RegistrationError(_("You already have a seat at the event."), code="already_registered")

        giver.status = Registration.Status.CANCELLED
        giver.cancelled_at, giver.queued_at = now, None
        giver.badge_version += 1
        giver.save()
        release_workshop_places(giver)

        colleague = colleague or Registration(event=event, user=user)
        details.apply_to(colleague, now=now)
        colleague.category, colleague.category_vouched = giver.category, giver.category_vouched
        colleague.status = Registration.Status.CONFIRMED
        colleague.accepted_terms_at = colleague.confirmed_at = now
        for field in (
            "queued_at",
            "cancelled_at",
            "decided_at",
            "offer_expires_at",
            "offer_lapsed_at",
            "list_closed_told_at",
            "reconfirmation_sent_at",
            "reconfirmation_reminded_at",
            "reconfirmed_at",
            "freed_at",
        ):
            setattr(colleague, field, None)
        colleague.refusal_reason = ""
        colleague.save()

        transfer.status, transfer.decided_at = SeatTransfer.Status.ACCEPTED, now
        transfer.accepted_by, transfer.new_registration = user, colleague
        transfer.save(update_fields=["status", "decided_at", "accepted_by", "new_registration"])
        queue_registration_email(colleague, EmailKind.CONFIRMED)
        queue_registration_email(giver, EmailKind.SEAT_PASSED)
    return colleague


def check_verified_address(user, email: str) -> None:
    if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        raise RegistrationError(
            _("This offer was sent to another address. Log in with the account of %(email)s.") % {"email": mask(email)},
            code="wrong_account",
        )


def mask(email: str) -> str:
    """j•••@client.fr: enough for the right person to recognise their address."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"
