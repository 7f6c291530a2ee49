"""A rate limit on the Django admin's own login form, which has none: a few failures per
address, then a pause. It counts per client address (REMOTE_ADDR, or the address the
trusted proxy reports), so a forged X-Forwarded-For header does not reset it."""

from functools import wraps

from allauth.core.internal.httpkit import get_client_ip
from django.utils.translation import gettext as _

from core import ratelimits

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


def rate_limited(login_view):
    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST":
            return login_view(request, *args, **kwargs)
        key = f"admin-login-failures:{get_client_ip(request)}"
        if ratelimits.exceeded(key, limit=MAX_FAILURES):
            return ratelimits.too_many_response(WINDOW_SECONDS, _("Too many failed login attempts. Try again later."))
        response = login_view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: the login failed
            ratelimits.count(key, window=WINDOW_SECONDS)
        return response

    return view
