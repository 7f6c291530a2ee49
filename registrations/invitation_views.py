"""The personal link of an invitation: it works only for the account holding the invited
address, verified; anyone else sees whom it was sent to. Declining it or passing it on to a
colleague needs the same proof: only the invited account answers for the invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from events import editions
from registrations import invitations, services
from registrations.forms import PassOnForm
from registrations.models import Invitee
from registrations.views import INVITEE_SESSION_KEY, follow_personal_link, get_event_or_404


def find_invitee(token) -> Invitee | None:
    invitees = Invitee.objects.select_related("event", "registration", "passed_to").with_answer()
    with editions.every_edition():  # the token names its invitation, of whichever edition
        return invitees.filter(token=token).first()


def invitation(request, token):
    invitee = find_invitee(token)
    if invitee is None:
        event = get_event_or_404(request)
        return render(request, "registrations/invitation_invalid.html", {"event": event}, status=404)
    if moved := editions.elsewhere(request, invitee.event):
        return moved
    event = invitee.event
    if invitee.passed_to_id is not None:
        context = {"invitee": invitee, "event": event, "colleague": invitations.masked_address(invitee.passed_to.email)}
        return render(request, "registrations/invitation_passed_on.html", context, status=410)
    if not request.user.is_authenticated:
        follow_personal_link(request, session_key=INVITEE_SESSION_KEY, token=token, email=invitee.email)
        context = {"invitee": invitee, "event": event, "invited_address": invitations.masked_address(invitee.email)}
        return render(request, "registrations/invitation.html", context)
    registration = invitee.registration
    if registration is not None and registration.user_id == request.user.pk and not registration.is_cancelled:
        return redirect("registrations:mine")
    try:
        services.check_invitation_use(invitee, user=request.user)
    except services.RegistrationError as error:
        return someone_elses_invitation(request, invitee, error)
    follow_personal_link(request, session_key=INVITEE_SESSION_KEY, token=token, email=invitee.email)
    return redirect("registrations:register")


@login_required
def answer(request, token):
    """The invited account's answers other than registering: it cannot come (the organisers
    are told), or a colleague of the same organisation comes instead."""
    invitee = find_invitee(token)
    if invitee is None or invitee.passed_to_id is not None:
        return redirect("registrations:invitation", token=token)
    if moved := editions.elsewhere(request, invitee.event):
        return moved
    try:
        services.check_invitation_use(invitee, user=request.user)
    except services.RegistrationError as error:
        return someone_elses_invitation(request, invitee, error)
    event = invitee.event
    if request.method == "POST" and "decline" in request.POST and invitee.registration_id is None:
        invitations.decline_invitation(invitee)
        request.session.pop(INVITEE_SESSION_KEY, None)
        return render(request, "registrations/invitation_declined.html", {"invitee": invitee, "event": event})
    form = None
    if event.invitations_can_be_passed_on and invitee.registration_id is None:
        form = PassOnForm(request.POST if "pass_on" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                colleague = invitations.pass_on_invitation(invitee, **form.cleaned_data)
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                request.session.pop(INVITEE_SESSION_KEY, None)
                messages.success(
                    request,
                    _("The invitation was passed on: %(email)s has received their own by e-mail.")
                    % {"email": colleague.email},
                )
                return redirect("home")
    context = {"invitee": invitee, "event": event, "form": form}
    return render(request, "registrations/invitation_answer.html", context)


def someone_elses_invitation(request, invitee, refusal):
    """The page a logged-in account sees for an invitation it may not use: whom it was
    sent to, masked, and why. A colleague hoping to come asks the person invited, who can
    pass it on from their own account."""
    request.session.pop(INVITEE_SESSION_KEY, None)
    can_be_passed_on = (
        invitee.event.invitations_can_be_passed_on
        and invitee.registration_id is None
        and refusal.code == "invitation_other_address"
    )
    context = {
        "invitee": invitee,
        "event": invitee.event,
        "invited_address": invitations.masked_address(invitee.email),
        "refusal": refusal,
        "can_be_passed_on": can_be_passed_on,
    }
    return render(request, "registrations/invitation_refused.html", context, status=403)
