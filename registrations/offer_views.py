"""The pages of a seat offered from the waiting list: the one-click link from the e-mail (no
login needed: the signed link names the offer) and the button on "My registration".

A GET only shows the offer and one button; the POST accepts it. An offer past its deadline
lapses whenever someone looks, as the periodic sweep would have done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import editions
from registrations import offers
from registrations.models import Registration
from registrations.offer_links import read_offer_token
from registrations.services import RegistrationError
from registrations.views import get_active_registration_or_404


def offer(request, token):
    link = read_offer_token(token)
    with editions.every_edition():  # the link names its registration, of whichever edition
        registration = (
            Registration.objects.select_related("event", "user").filter(pk=link.registration_id).first()
            if link
            else None
        )
    if registration is None or not link.is_for(registration):
        return render(request, "registrations/offer_invalid.html", {"event": request.event}, status=404)
    if moved := editions.elsewhere(request, registration.event):
        return moved
    registration = offers.refresh_offer(registration)
    error = None
    if request.method == "POST":
        try:
            offers.accept_offer(registration, link=link)
        except RegistrationError as refusal:
            error = refusal.message
            registration.refresh_from_db()
        else:
            messages.success(request, _("Your seat is confirmed. See you on the day!"))
            return redirect(request.path)
    context = {"event": registration.event, "registration": registration, "error": error}
    status = 200 if registration.is_offered or registration.is_confirmed else 410
    return render(request, "registrations/offer.html", context, status=status)


@login_required
@require_POST
def accept_my_offer(request):
    registration = offers.refresh_offer(get_active_registration_or_404(request))
    try:
        offers.accept_offer(registration)
    except RegistrationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your seat is confirmed. See you on the day!"))
    return redirect("registrations:mine")
