from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.adapter import RETURN_AFTER_LOGIN_SESSION_KEY, vouch_for_address
from core import ratelimits
from events import editions
from events.models import Session
from registrations import calendars, holds, sections, selectors, services, workshops
from registrations.forms import ColleagueForm, RegistrationDetailsForm, RegistrationForm
from registrations.models import Invitee, Registration, SeatHold, WorkshopBooking
from registrations.offers import refresh_offer


def get_event_or_404(request):
    """The edition the page is about (its address's, or the current one)."""
    return editions.event_or_404(request)


def get_active_registration_or_404(request) -> Registration:
    registration = selectors.registration_of(request.user, get_event_or_404(request))
    if registration is None or registration.is_cancelled:
        raise Http404("No registration.")
    return registration


INVITEE_SESSION_KEY = "invitee_token"
REGISTRATION_POSTS_PER_MINUTE = 10
HOLD_SESSION_KEY = "hold_token"


def pending_invitee(request, event) -> Invitee | None:
    token = request.session.get(INVITEE_SESSION_KEY)
    return Invitee.objects.filter(token=token, event=event).first() if token else None


def pending_hold(request, event) -> SeatHold | None:
    token = request.session.get(HOLD_SESSION_KEY)
    hold = SeatHold.objects.filter(token=token, event=event).first() if token else None
    return hold if hold is not None and hold.is_active(timezone.now()) else None


def may_use_invitation(user, invitee: Invitee) -> bool:
    try:
        services.check_invitation_use(invitee, user=user)
    except services.RegistrationError:
        return False
    return True


# What a person registering again keeps from the last edition they registered for: who
# they are and what they need, never a category (an invitation or a held seat vouches for it).
CARRIED_OVER = ["first_name", "last_name", "organisation", "job_title", "dietary_requirements", "accessibility_needs"]


def prefill(request, invitee: Invitee | None, hold: SeatHold | None, event=None) -> dict:
    source = hold or invitee
    if source is None:
        before = selectors.latest_registration_of(request.user, event) if event is not None else None
        if before is not None:
            return {field: getattr(before, field) for field in CARRIED_OVER}
        return {"first_name": request.user.first_name, "last_name": request.user.last_name}
    fields = ["first_name", "last_name", "organisation", "category"]
    return {field: getattr(source, field) for field in fields}


def other_editions_context(request, event) -> dict:
    """ "My registration" lists the person's other editions, each with its own page."""
    others = []
    for registration in selectors.other_editions_of(request.user, event):
        with editions.addresses_of(registration.event):
            others.append((registration, reverse("registrations:mine")))
    return {"other_editions": others}


@verified_email_required
def register(request):
    event = get_event_or_404(request)
    if selectors.is_registered(request.user, event):
        messages.info(request, _("You are already registered."))
        return redirect("registrations:mine")
    now = timezone.now()
    try:
        services.check_registration_open(event, now)
    except services.RegistrationError as error:
        return render(request, "registrations/closed.html", {"event": event, "reason": error.message})
    invitee, hold = pending_invitee(request, event), pending_hold(request, event)
    if invitee is not None and not may_use_invitation(request.user, invitee):
        # Followed while logged out, then logged in with another account: the invitation's page says why.
        return redirect("registrations:invitation", token=invitee.token)
    if event.is_invitation_only and invitee is None and hold is None:
        return render(request, "registrations/invitation_only.html", {"event": event})

    if request.method == "POST":
        # Per account and edition, not per address: a whole company may register from one
        # address, and a person registering for two editions has two forms to send.
        key = f"registration-posts:{event.pk}:{request.user.pk}"
        if ratelimits.hit(key, limit=REGISTRATION_POSTS_PER_MINUTE, window=60):
            return ratelimits.too_many_response(60)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        initial=prefill(request, invitee, hold, event),
        category_given_by="hold" if hold else "invitation" if invitee else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_attendee(
                event, user=request.user, details=form.details(), invitee=invitee, hold=hold
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            request.session.pop(INVITEE_SESSION_KEY, None)
            request.session.pop(HOLD_SESSION_KEY, None)
            if registration.is_confirmed:
                messages.success(request, _("Your seat is confirmed. See you on the day!"))
            else:
                messages.info(request, _("The event is full: you are on the waiting list."))
            return redirect("registrations:mine")
    # Without a hold, a full event puts the person on the waiting list: they are told first.
    is_full = hold is None and services.seat_counts(event, now).free == 0
    context = {"event": event, "form": form, "invitee": invitee, "hold": hold, "is_full": is_full}
    return render(request, "registrations/register.html", context)


def follow_personal_link(request, *, session_key: str, token: str, email: str):
    """Remember the link for the registration form, vouch for the address it was sent to
    (so signing up with it needs no verification e-mail), and come back after login."""
    request.session[session_key] = token
    request.session[RETURN_AFTER_LOGIN_SESSION_KEY] = reverse("registrations:register")
    if not request.user.is_authenticated:
        vouch_for_address(request, email)


def hold(request, token):
    with editions.every_edition():  # the token names its held seat, of whichever edition
        hold = SeatHold.objects.select_related("event", "held_by").filter(token=token).first()
    if hold is not None and (moved := editions.elsewhere(request, hold.event)):
        return moved
    if hold is None or not hold.is_active(timezone.now()):
        return render(
            request, "registrations/hold_lapsed.html", {"event": get_event_or_404(request), "hold": hold}, status=410
        )
    follow_personal_link(request, session_key=HOLD_SESSION_KEY, token=token, email=hold.email)
    if request.user.is_authenticated:
        return redirect("registrations:register")
    return render(request, "registrations/hold.html", {"hold": hold, "event": hold.event})


@verified_email_required
def register_colleague(request):
    event = get_event_or_404(request)
    own = selectors.registration_of(request.user, event)
    initial = {"organisation": own.organisation, "category": own.category} if own else {}
    form = ColleagueForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hold = holds.hold_seat_for_colleague(event, held_by=request.user, **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("A seat is held for %(name)s until %(until)s. They have received an e-mail to confirm it.")
                % {
                    "name": f"{hold.first_name} {hold.last_name}",
                    "until": date_format(timezone.localtime(hold.held_until), "DATETIME_FORMAT"),
                },
            )
            return redirect("registrations:mine" if own else "home")
    return render(request, "registrations/colleague.html", {"event": event, "form": form})


@login_required
def my_registration(request):
    event = get_event_or_404(request)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        context = {"event": event} | other_editions_context(request, event)
        return render(request, "registrations/not_registered.html", context)
    return render_my_registration(request, refresh_offer(registration))


def render_my_registration(request, registration, *, extra_context=None, status=200):
    """The page, with the sections other apps add to it (the footprint's trip) unless the
    registration is cancelled; `extra_context` last (a section's form as it was typed)."""
    event = registration.event
    context = {
        "event": event,
        "registration": registration,
        "is_over": timezone.now() >= event.ends_at,
        "check_in": getattr(registration, "check_in", None),
    }
    if not registration.is_cancelled:
        context |= {
            "position": registration.waiting_list_position(),
            "agenda": selectors.personal_agenda(registration) if registration.is_confirmed else [],
            "workshops": selectors.workshops_with_places(event, registration) if registration.is_confirmed else [],
        }
        context |= sections.section_context(sections.MY_REGISTRATION, request, registration)
    context |= other_editions_context(request, event)
    return render(request, "registrations/mine.html", context | (extra_context or {}), status=status)


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
    try:
        services.check_cancellable_by_attendee(registration, timezone.now())
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect("registrations:mine")
    if request.method == "POST":
        try:
            services.cancel_registration(registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled. Thank you for freeing your seat."))
        return redirect("registrations:mine")
    return render(request, "registrations/cancel.html", {"event": registration.event, "registration": registration})


@login_required
@require_POST
def book_workshop(request, session_id):
    registration = get_active_registration_or_404(request)
    workshop = get_object_or_404(Session, pk=session_id, event=registration.event, kind=Session.Kind.WORKSHOP)
    try:
        booking = workshops.book_workshop(registration, workshop)
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
    workshops.cancel_booking(booking)
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
