"""Pages of a seat passed to a colleague: the giver's form and withdrawal, the colleague's
acceptance from the link they received."""

from dataclasses import replace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.adapter import RETURN_AFTER_LOGIN_SESSION_KEY, vouch_for_address
from core.forms import EMAIL_MAX_LENGTH
from events import editions
from registrations import selectors, transfers
from registrations.forms import RegistrationDetailsForm
from registrations.models import SeatTransfer
from registrations.services import AttendeeDetails, RegistrationError
from registrations.views import get_event_or_404


class SeatTransferForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Their first name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Their last name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("Their e-mail address"), max_length=EMAIL_MAX_LENGTH)

    def __init__(self, *args, domain: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = gettext_lazy(
            "Your colleague's professional address, ending in @%(domain)s like yours."
        ) % {"domain": domain}
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"


class AcceptTransferForm(RegistrationDetailsForm):
    """The colleague's own details, as on "Change my details"; the category is the giver's,
    not theirs to choose."""

    accept_terms = forms.BooleanField(
        label=gettext_lazy(
            "I accept the terms of participation and the processing of my data for the organisation of the day"
        ),
        error_messages={"required": gettext_lazy("You must accept the terms to register.")},
    )

    def details(self, category: str) -> AttendeeDetails:
        return replace(super().details(), category=category)


@login_required
def give_seat(request):
    """The giver's form, or the offer they made and a button to withdraw it."""
    event = get_event_or_404(request)
    registration = selectors.registration_of(request.user, event)
    if registration is None or not registration.is_confirmed:
        raise Http404("Only a confirmed seat can be passed on.")
    pending = transfers.pending_transfer(registration)
    domain = transfers.organisation_domain(registration)
    form = SeatTransferForm(request.POST if request.method == "POST" else None, domain=domain or "")
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            transfer = transfers.offer_seat_transfer(registration, **form.cleaned_data)
        except RegistrationError as error:
            form.add_error("email" if error.code in EMAIL_ERRORS else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your seat is offered to %(name)s until %(until)s. It stays yours until they accept; "
                    "you can withdraw the offer until then."
                )
                % {
                    "name": f"{transfer.first_name} {transfer.last_name}",
                    "until": date_format(timezone.localtime(transfer.expires_at), "DATETIME_FORMAT"),
                },
            )
            return redirect("registrations:mine")
    context = {"event": event, "registration": registration, "form": form, "pending": pending, "domain": domain}
    return render(request, "registrations/transfer_give.html", context)


EMAIL_ERRORS = {"other_organisation", "own_address", "already_registered"}


@login_required
@require_POST
def withdraw(request):
    registration = selectors.registration_of(request.user, get_event_or_404(request))
    if registration is None:
        raise Http404("No registration.")
    if transfers.withdraw_transfer(registration) is not None:
        messages.success(request, _("The offer is withdrawn: your seat stays yours."))
    return redirect("registrations:mine")


def accept(request, token):
    """The colleague's page: log in or sign up with the invited address, then complete one's
    details and take the seat with one button."""
    try:
        with editions.every_edition():  # the token names its transfer, of whichever edition
            transfer = transfers.find_transfer(token)
    except RegistrationError as error:
        return render(
            request,
            "registrations/transfer_invalid.html",
            {"event": get_event_or_404(request), "reason": error.message},
            status=404 if error.code == "unknown" else 410,
        )
    if moved := editions.elsewhere(request, transfer.registration.event):
        return moved
    event, giver = transfer.registration.event, transfer.registration
    if transfer.status == SeatTransfer.Status.ACCEPTED:
        if request.user.is_authenticated and transfer.accepted_by_id == request.user.pk:
            return redirect("registrations:mine")
        reason = _("This offer has already been accepted.")
        return render(request, "registrations/transfer_invalid.html", {"event": event, "reason": reason}, status=410)
    context = {"event": event, "transfer": transfer, "giver": giver, "masked_email": transfers.mask(transfer.email)}
    if not request.user.is_authenticated:
        # Back here after signing up or logging in; signing up with the invited address needs
        # no verification e-mail: the link proves the address.
        request.session[RETURN_AFTER_LOGIN_SESSION_KEY] = request.path
        vouch_for_address(request, transfer.email)
        return render(request, "registrations/transfer_login.html", context)
    try:
        transfers.check_verified_address(request.user, transfer.email)
    except RegistrationError as error:
        return render(request, "registrations/transfer_login.html", context | {"wrong_account": error.message})
    form = AcceptTransferForm(request.POST if request.method == "POST" else None, initial=prefill(request, transfer))
    if request.method == "POST" and form.is_valid():
        try:
            transfers.accept_seat_transfer(token, user=request.user, details=form.details(giver.category))
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            request.session.pop(RETURN_AFTER_LOGIN_SESSION_KEY, None)
            messages.success(request, _("The seat is yours. See you on the day!"))
            return redirect("registrations:mine")
    return render(request, "registrations/transfer_accept.html", context | {"form": form})


def prefill(request, transfer: SeatTransfer) -> dict:
    own = selectors.registration_of(request.user, transfer.registration.event)
    if own is not None:
        return {field: getattr(own, field) for field in AcceptTransferForm._meta.fields}
    return {
        "first_name": transfer.first_name,
        "last_name": transfer.last_name,
        "organisation": transfer.registration.organisation,
    }


def transfer_section_context(request, registration) -> dict:
    """What "My registration" shows of passing the seat on: the offer waiting for a colleague,
    if any (its section is added in `RegistrationsConfig.ready()`)."""
    if not registration.is_confirmed or getattr(registration, "check_in", None) is not None:
        return {"seat_transfer": None, "can_pass_seat": False}
    return {"seat_transfer": transfers.pending_transfer(registration), "can_pass_seat": True}
