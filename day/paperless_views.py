"""The badge on a phone ("My registration"), and a badge printed at the desk on demand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from day import badges, paperless
from day.checkin import CHECK_IN_PERMISSION
from registrations import selectors
from registrations.models import Registration
from registrations.views import get_event_or_404


@login_required
def phone_badge(request):
    """The person's own badge, made for a phone at the door: no script, and kept by the
    phone until the end of the event's day so that it opens without the network."""
    event = get_event_or_404(request)
    registration = selectors.registration_of(request.user, event)
    if registration is None or not registration.is_confirmed:
        context = {"event": event, "registration": registration}
        return render(request, "day/phone_badge_none.html", context, status=404)
    badge = badges.badge_for_registration(registration)
    context = {
        "event": event,
        "badge": badge,
        "qr": paperless.qr_svg(badge.token, label=_("QR code of your badge, to show at the door")),
    }
    response = render(request, "day/phone_badge.html", context)
    # Private: the page is one person's. The middleware's "no-store" is for other pages.
    patch_cache_control(response, private=True, max_age=paperless.phone_badge_max_age(event))
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
@require_POST
def desk_print(request, registration_id):
    """One A6 page, opened by the browser's PDF viewer (print in one click); every print is
    recorded, the second and later ones as reprints."""
    registration = get_object_or_404(Registration, pk=registration_id, event=get_event_or_404(request))
    try:
        paperless.record_desk_print(registration, staff=request.user)
    except paperless.DeskPrintError as error:
        messages.error(request, error.message)
        return redirect("day:check_in")
    pdf = badges.render_badges(
        [badges.badge_for_registration(registration)], sheets=False, language=request.LANGUAGE_CODE, kind="desk_badge"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.pk}.pdf"'
    return response
