"""The check-in desk: a page for staff at the door, usable on a phone; with its script, it
keeps working offline (the day's list, a queue of scans sent when the network returns)."""

import json
import uuid

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from day import checkin, desk
from day.checkin import CHECK_IN_PERMISSION
from day.desk_forms import (
    AttendeeSearchForm,
    CheckInForm,
    DeskForm,
    RefusedScan,
    UnreadableSync,
    parse_scans,
    workshops_of,
)
from registrations.models import Registration
from registrations.views import get_event_or_404


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_desk(request):
    event = get_event_or_404(request)
    search = AttendeeSearchForm(request.GET)
    context = {"event": event, "search": search, "query": search.cleaned_data["q"] if search.is_valid() else ""}
    status = 200 if search.is_valid() else 400
    context |= desk_context(request, event)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid() and context["workshop"] and form.cleaned_data["token"]:
            scan = desk.Scan(
                client_id=uuid.uuid4(),
                code=form.cleaned_data["token"],
                scanned_at=timezone.now(),
                desk=context["desk_name"],
                mode=desk.WORKSHOP,
                session=context["workshop"],
            )
            context["answer"] = desk.record_scan(event, scan, staff=request.user)
        elif form.is_valid():
            context |= check_in_posted(form.cleaned_data, event=event, staff=request.user, desk=context["desk_name"])
        else:
            context["error"] = checkin.CheckInError(
                " ".join(form.errors.get("__all__", []))
                or _("This badge code or person could not be read. Scan the badge again."),
                code="unreadable",
            )
            status = 400
    if context["query"]:
        context["matches"] = checkin.search_attendees(event, context["query"])
    context["checked_in_count"], context["confirmed_count"] = checkin.check_in_counts(event)
    return render(request, "day/check_in.html", context, status=status)


def desk_context(request, event) -> dict:
    """The desk's name and the workshop in workshop mode (?workshop=<id>, or posted), and
    what the script needs: its words and the URLs of the list and the sync."""
    fields = request.GET.copy()
    fields.update(request.POST)  # the posted values come last, and win
    form = DeskForm(fields, event=event)
    form.is_valid()  # the valid fields are used: a garbled workshop means the door's check-in
    data = form.cleaned_data
    workshop = data.get("session") or data.get("workshop")
    return {
        "desk_name": data.get("desk", ""),
        "workshop": workshop,
        "workshops": workshops_of(event),
        "desk_strings": json.dumps(desk.desk_strings()),
    }


def check_in_posted(data: dict, *, event, staff, desk: str = "") -> dict:
    try:
        if data["registration"]:
            registration = get_object_or_404(Registration, pk=data["registration"], event=event)
            return {"checked_in": checkin.check_in(registration, staff=staff, desk=desk)}
        result = checkin.check_in_badge(data["token"], event=event, staff=staff, desk=desk)
        return {"welcome" if isinstance(result, checkin.Welcome) else "checked_in": result}
    except checkin.CheckInError as error:
        return {"error": error}


@require_GET
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_count(request):
    checked_in, confirmed = checkin.check_in_counts(get_event_or_404(request))
    return JsonResponse({"checked_in": checked_in, "confirmed": confirmed})


@require_GET
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def desk_list(request):
    """The day's list for the desks' script: no-store, for check-in staff and organisers."""
    event = get_event_or_404(request)
    try:
        response = JsonResponse(desk.day_list(event))
    except desk.ListExpired as expired:
        response = JsonResponse({"message": expired.message, "people": []}, status=410)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def desk_sync(request):
    """A desk's scans (its queue, or one scan made online), each recorded once by its id.
    CSRF-protected like any post: the script sends the token in the X-CSRFToken header."""
    event = get_event_or_404(request)
    try:
        scans = parse_scans(request.body, event=event)
    except UnreadableSync:
        return JsonResponse({"message": _("These scans could not be read.")}, status=400)
    answers = [
        desk.refusal_answer(scan.client_id, scan.reason).as_json()
        if isinstance(scan, RefusedScan)
        else desk.record_scan(event, scan, staff=request.user).as_json()
        for scan in scans
    ]
    checked_in, confirmed = checkin.check_in_counts(event)
    response = JsonResponse({"answers": answers, "checked_in": checked_in, "confirmed": confirmed})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def desk_service_worker(request):
    """The desk's service worker, served under the desk's URL so that its scope is the desk."""
    response = render(request, "day/desk_service_worker.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    # Its scope is the desk page even where the two URLs' translations part ways.
    response["Service-Worker-Allowed"] = reverse("day:check_in")
    return response
