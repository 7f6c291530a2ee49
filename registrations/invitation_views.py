"""The personal link of an invitation: it works only for the account holding the invited
address, verified; anyone else sees whom it was sent to and may pass it on, where the event
allows it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registrations import invitations, services
from registrations.forms import PassOnForm
from registrations.models import Invitee
from registrations.views import INVITEE_SESSION_KEY, follow_personal_link, get_event_or_404


def invitation(request, token):
    invitee = (
        Invitee.objects.select_related("event", "registration", "passed_to").with_answer().filter(token=token).first()
    )
    if invitee is None:
        event = get_event_or_404()
        return render(request, "registrations/invitation_invalid.html", {"event": event}, status=404)
    event = invitee.event
    if invitee.passed_to_id is not None:
        context = {"invitee": invitee, "event": event, "colleague": invitations.masked_address(invitee.passed_to.email)}
        return render(request, "registrations/invitation_passed_on.html", context, status=410)
    if request.method == "POST" and "decline" in request.POST and invitee.registration_id is None:
        invitations.decline_invitation(invitee)
        return render(request, "registrations/invitation_declined.html", {"invitee": invitee, "event": event})
    if not request.user.is_authenticated:
        follow_personal_link(request, session_key=INVITEE_SESSION_KEY, token=token, email=invitee.email)
        return render(request, "registrations/invitation.html", {"invitee": invitee, "event": event})
    registration = invitee.registration
    if registration is not None and registration.user_id == request.user.pk and not registration.is_cancelled:
        return redirect("registrations:mine")
    try:
        services.check_invitation_use(invitee, user=request.user)
    except services.RegistrationError as error:
        return someone_elses_invitation(request, invitee, error)
    follow_personal_link(request, session_key=INVITEE_SESSION_KEY, token=token, email=invitee.email)
    return redirect("registrations:register")


def someone_elses_invitation(request, invitee, refusal):
    """The page a logged-in account sees for an invitation it may not use: whom it was
    sent to, masked, why, and the form to pass it on where that is possible."""
    event = invitee.event
    request.session.pop(INVITEE_SESSION_KEY, None)
    can_pass_on = (
        event.invitations_can_be_passed_on
        and invitee.registration_id is None
        and refusal.code == "invitation_other_address"
    )
    form = None
    if can_pass_on:
        user = request.user
        initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
        form = PassOnForm(request.POST if "pass_on" in request.POST else None, initial=initial)
        if form.is_bound and form.is_valid():
            try:
                colleague = invitations.pass_on_invitation(invitee, **form.cleaned_data)
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The invitation was passed on: %(email)s has received their own by e-mail.")
                    % {"email": colleague.email},
                )
                return redirect("home")
    context = {
        "invitee": invitee,
        "event": event,
        "invited_address": invitations.masked_address(invitee.email),
        "refusal": refusal,
        "form": form,
    }
    return render(request, "registrations/invitation_refused.html", context, status=403)
