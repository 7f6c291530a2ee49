from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Session
from events.selectors import current_event
from registrations import badges, calendars, selectors, services
from registrations.forms import RegistrationDetailsForm, RegistrationForm
from registrations.models import Registration, WorkshopBooking


def get_event_or_404():
    event = current_event()
    if event is None:
        raise Http404("No published event.")
    return event


def get_active_registration_or_404(request) -> Registration:
    registration = selectors.registration_of(request.user, get_event_or_404())
    if registration is None or registration.is_cancelled:
        raise Http404("No registration.")
    return registration


@verified_email_required
def register(request):
    event = get_event_or_404()
    registration = selectors.registration_of(request.user, event)
    if registration is not None and not registration.is_cancelled:
        messages.info(request, _("You are already registered."))
        return redirect("registrations:mine")
    try:
        services.check_registration_open(event, timezone.now())
    except services.RegistrationError as error:
        return render(request, "registrations/closed.html", {"event": event, "reason": error.message})

    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_attendee(event, user=request.user, details=form.details())
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            if registration.is_confirmed:
                messages.success(request, _("Your seat is confirmed. See you on the day!"))
            else:
                messages.info(request, _("The event is full: you are on the waiting list."))
            return redirect("registrations:mine")
    return render(request, "registrations/register.html", {"event": event, "form": form})


@login_required
def my_registration(request):
    event = get_event_or_404()
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        return render(request, "registrations/not_registered.html", {"event": event})
    context = {"event": event, "registration": registration}
    if not registration.is_cancelled:
        context |= {
            "position": registration.waiting_list_position(),
            "agenda": selectors.personal_agenda(registration) if registration.is_confirmed else [],
            "workshops": selectors.workshops_with_places(event, registration) if registration.is_confirmed else [],
        }
    return render(request, "registrations/mine.html", context)


@login_required
def edit_registration(request):
    registration = get_active_registration_or_404(request)
    form = RegistrationDetailsForm(request.POST if request.method == "POST" else None, instance=registration)
    if request.method == "POST" and form.is_valid():
        services.update_registration_details(registration, form.details())
        messages.success(request, _("Your details are saved."))
        return redirect("registrations:mine")
    return render(request, "registrations/edit.html", {"event": registration.event, "form": form})


@login_required
def cancel_registration(request):
    registration = get_active_registration_or_404(request)
    if request.method == "POST":
        services.cancel_registration(registration)
        messages.success(request, _("Your registration is cancelled. Thank you for freeing your seat."))
        return redirect("registrations:mine")
    return render(request, "registrations/cancel.html", {"event": registration.event, "registration": registration})


@login_required
@require_POST
def book_workshop(request, session_id):
    registration = get_active_registration_or_404(request)
    workshop = get_object_or_404(Session, pk=session_id, event=registration.event, kind=Session.Kind.WORKSHOP)
    try:
        booking = services.book_workshop(registration, workshop)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if booking.is_booked:
            messages.success(request, _("Your place in “%(title)s” is booked.") % {"title": workshop.title})
        else:
            messages.info(request, _("“%(title)s” is full: you are on its waiting list.") % {"title": workshop.title})
    return redirect("registrations:mine")


@login_required
@require_POST
def cancel_booking(request, session_id):
    registration = get_active_registration_or_404(request)
    booking = get_object_or_404(WorkshopBooking.objects.active(), registration=registration, session_id=session_id)
    services.cancel_booking(booking)
    messages.success(request, _("You gave up your place in “%(title)s”.") % {"title": booking.session.title})
    return redirect("registrations:mine")


@login_required
def agenda_ics(request):
    registration = get_active_registration_or_404(request)
    if not registration.is_confirmed:
        raise Http404("No agenda before a seat is confirmed.")
    response = HttpResponse(calendars.agenda_ics(registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@login_required
def my_badge(request):
    registration = get_active_registration_or_404(request)
    if not registration.is_confirmed:
        raise Http404("Only a confirmed registration has a badge.")
    pdf = badges.render_badges([badges.badge_for_registration(registration)], language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.event.slug}.pdf"'
    return response
