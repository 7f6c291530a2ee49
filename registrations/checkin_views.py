"""The check-in desk: a page for staff at the door, usable on a phone."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registrations import checkin
from registrations.forms import AttendeeSearchForm, CheckInForm
from registrations.models import Registration
from registrations.views import get_event_or_404

CHECK_IN_PERMISSION = "registrations.check_in"


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_desk(request):
    event = get_event_or_404()
    search = AttendeeSearchForm(request.GET)
    context = {"event": event, "search": search, "query": search.cleaned_data["q"] if search.is_valid() else ""}
    status = 200 if search.is_valid() else 400
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            context |= check_in_posted(form.cleaned_data, event=event, staff=request.user)
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
    return render(request, "registrations/check_in.html", context, status=status)


def check_in_posted(data: dict, *, event, staff) -> dict:
    try:
        if data["registration"]:
            registration = get_object_or_404(Registration, pk=data["registration"], event=event)
            return {"checked_in": checkin.check_in(registration, staff=staff)}
        result = checkin.check_in_badge(data["token"], event=event, staff=staff)
        return {"welcome" if isinstance(result, checkin.Welcome) else "checked_in": result}
    except checkin.CheckInError as error:
        return {"error": error}


@require_GET
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_count(request):
    checked_in, confirmed = checkin.check_in_counts(get_event_or_404())
    return JsonResponse({"checked_in": checked_in, "confirmed": confirmed})
