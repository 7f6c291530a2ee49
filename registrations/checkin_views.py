"""The check-in desk: a page for staff at the door, usable on a phone."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from registrations import checkin
from registrations.models import Registration
from registrations.views import get_event_or_404

CHECK_IN_PERMISSION = "registrations.check_in"


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_desk(request):
    event = get_event_or_404()
    context = {"event": event, "query": request.GET.get("q", "")}
    if request.method == "POST":
        try:
            if request.POST.get("registration"):
                registration = get_object_or_404(Registration, pk=request.POST["registration"], event=event)
                context["checked_in"] = checkin.check_in(registration, staff=request.user)
            else:
                result = checkin.check_in_badge(request.POST.get("token", ""), event=event, staff=request.user)
                context["welcome" if isinstance(result, checkin.Welcome) else "checked_in"] = result
        except checkin.CheckInError as error:
            context["error"] = error
    if context["query"]:
        context["matches"] = checkin.search_attendees(event, context["query"])
    context["checked_in_count"], context["confirmed_count"] = checkin.check_in_counts(event)
    return render(request, "registrations/check_in.html", context)


@require_GET
@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_count(request):
    checked_in, confirmed = checkin.check_in_counts(get_event_or_404())
    return JsonResponse({"checked_in": checked_in, "confirmed": confirmed})
