"""The "Share my journey" page: who comes the same way, a message to one of them, a block,
and opting in or out. Thin: each POST calls one function of `footprint.journeys`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import read_id
from footprint import journeys
from footprint.journey_forms import JourneyMessageForm
from registrations.models import Registration
from registrations.selectors import registration_of


def page_url() -> str:
    return reverse("footprint:journeys")


def message_form(companion_pk: int, data=None) -> JourneyMessageForm:
    # One form per person on the page: ids must differ, names stay the same.
    return JourneyMessageForm(data, initial={"recipient": companion_pk}, auto_id=f"id_to{companion_pk}_%s")


def render_page(request, declaration, *, typed: JourneyMessageForm | None = None, status=200):
    """The page in the state the person is in; `typed` is a refused message, shown as typed."""
    event = request.event
    registration = registration_of(request.user, event) if event else None
    context = {"event": event, "declaration": declaration, "registration": registration}
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        context["state"] = "no_seat"
    elif declaration is None:
        context["state"] = "no_trip"
    elif not journeys.is_sharing(declaration):
        context["state"] = "not_sharing"
    else:
        context["state"] = "sharing"
        typed_for = typed.data.get("recipient") if typed is not None else None
        context["companions"] = [
            (companion, typed if str(companion.pk) == typed_for else message_form(companion.pk))
            for companion in journeys.companions(declaration)
        ]
        shown = {str(companion.pk) for companion, _form in context["companions"]}
        # Refused because that person left the list: the reason, and the words typed.
        context["unsent"] = typed if typed is not None and typed_for not in shown else None
        context["received"] = journeys.received_from_unblocked(declaration)
    if declaration is not None:
        context["can_match"] = journeys.can_match(declaration)
    return render(request, "footprint/journeys/page.html", context, status=status)


def own_declaration(request):
    return journeys.declaration_of(request.user, request.event)


@login_required
def journey_page(request):
    declaration = own_declaration(request)
    if request.method != "POST":
        return render_page(request, declaration)
    form = JourneyMessageForm(request.POST, auto_id=f"id_to{request.POST.get('recipient', '')}_%s")
    if declaration is None or not form.is_valid():
        return render_page(request, declaration, typed=form, status=400)
    try:
        journeys.send_message(declaration, form.cleaned_data["recipient"], form.cleaned_data["body"])
    except journeys.JourneyError as refused:
        form.add_error(None, refused.message)
        status = 429 if refused.code.startswith("too_many") else 400
        return render_page(request, declaration, typed=form, status=status)
    messages.success(request, _("Your message is on its way. Your address was not given."))
    return redirect(page_url())


@login_required
@require_POST
def block(request):
    declaration = own_declaration(request)
    person = read_id(request.POST.get("person", ""))
    if declaration is None or person is None:
        return redirect(page_url())
    try:
        journeys.block(declaration, person)
    except journeys.JourneyError as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, _("Blocked: this person no longer sees you and can no longer write to you."))
    return redirect(page_url())


@login_required
@require_POST
def sharing(request):
    declaration = own_declaration(request)
    if declaration is None:
        return redirect(page_url())
    shares = request.POST.get("share") == "yes"
    journeys.set_sharing(declaration, shares)
    if shares:
        messages.success(request, _("You share your journey. Others coming the same way now see you."))
    else:
        messages.success(request, _("You no longer share your journey: nobody sees you any more."))
    return redirect(page_url())
