"""The Django admin's login page, made the site's login.

Django's admin has its own login form, which checks a password and nothing more: left as
it is, it would open the back office to someone who knows an organiser's password but not
their second factor. Its URL (/admin/login/, /en/admin/login/) therefore answers with
allauth's login (`through_site_login`), which asks the authenticator code of an account
that has one and keeps allauth's own rate limits, and then goes back to the admin page
asked for.

Around it, a rate limit of its own (`rate_limited`): a few failures per address, then a
pause. It counts per client address (REMOTE_ADDR, or the address the trusted proxy
reports), so a forged X-Forwarded-For header does not reset it."""

from functools import wraps

from allauth.account.views import login as site_login
from allauth.core.internal.httpkit import get_client_ip
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


def through_site_login(admin_site):
    """The admin site's `login` view: allauth's login page, whose form posts to the site's
    login URL and comes back to `next` (the admin's home when none is given). Someone
    already logged in goes to `next` if they may use the back office, and is refused
    otherwise (sending them back to the admin would loop)."""

    def login(request, extra_context=None):
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if request.user.is_authenticated:
            if not admin_site.has_permission(request):
                raise PermissionDenied
            safe = next_url and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            # A URL, never a view's name (which `redirect` would look up).
            return HttpResponseRedirect(next_url if safe else reverse("admin:index", current_app=admin_site.name))
        if not next_url:
            request.GET = request.GET.copy()
            request.GET[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=admin_site.name)
        return site_login(request)

    return login
