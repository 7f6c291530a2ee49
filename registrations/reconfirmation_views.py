"""The reconfirmation e-mail's one-click links, which need no login: a GET shows where the
seat stands and one button; only the POST of that button answers."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from events import editions
from registrations import reconfirmation
from registrations.models import Registration
from registrations.services import RegistrationError


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    link = reconfirmation.read_answer_token(token)
    registration = None
    if link is not None:
        with editions.every_edition():  # the link names its registration, of whichever edition
            registration = Registration.objects.select_related("event").filter(pk=link.registration_id).first()
    if registration is None or registration.badge_version != link.badge_version:
        return render(request, "registrations/reconfirm_invalid.html", status=400)
    if moved := editions.elsewhere(request, registration.event):
        return moved
    error = None
    if request.method == "POST":
        act = reconfirmation.reconfirm if link.answer == reconfirmation.Answer.COMING else reconfirmation.free_seat
        try:
            act(registration)
        except RegistrationError as refused:
            error = refused.message
            registration.refresh_from_db()
        else:
            return redirect("registrations:reconfirm", token=token)
    context = {
        "event": registration.event,
        "registration": registration,
        "answer": str(link.answer),
        "error": error,
        "is_over": timezone.now() >= registration.event.ends_at,
    }
    return render(request, "registrations/reconfirm.html", context, status=409 if error else 200)
