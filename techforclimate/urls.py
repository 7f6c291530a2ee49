import functools
from types import ModuleType

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from core.ratelimits import allauth_too_many
from techforclimate import views
from techforclimate.admin_login import rate_limited, through_site_login

# The admin's login is the site's (allauth's): it asks the second factor. See admin_login.py.
admin.site.login = rate_limited(through_site_login(admin.site))
admin.site.site_header = _("Tech For Climate — organisers")
admin.site.site_title = _("Tech For Climate")
admin.site.index_title = _("Back office")

# allauth looks for this name to answer its rate limits with a page of the site.
handler429 = allauth_too_many


def site_patterns(edition: str = "") -> list:
    """The site's URLs; with `edition`, its pages under /2027/ (and /en/2027/), the pages
    every edition shares (accounts, privacy) beside them. See events/editions.py."""
    edition_pages = [
        # The most visited pages first: a request tries each pattern in turn until one
        # matches, and every translated one compares in the active language (40 of them
        # stood before the programme). No two of these patterns match the same path, so the
        # order only decides how soon a path is found.
        path("", views.home, name="home"),
        path("", include("events.urls")),
        path("", include("techforclimate.speaker_urls")),
        path("", include("registrations.urls")),
        path("", include("day.urls")),
        path("", include("feedback.urls")),
        path("", include("footprint.urls")),
        # The back office follows the language and the edition: /admin/ (the current
        # edition), /2026/admin/, /en/2026/admin/. The e-mails' list lived under the
        # registrations before the outbox became its own app, and so did the announcements
        # (now the back office's) and the badges and arrivals (the day's).
        *[
            path(
                f"admin/registrations/{model}/",
                RedirectView.as_view(pattern_name=f"admin:{app}_{model}_changelist", query_string=True),
            )
            for app, model in [
                ("mail", "outgoingemail"),
                ("backoffice", "announcement"),
                ("day", "badgeprintrun"),
                ("day", "checkin"),
            ]
        ],
        path("admin/", admin.site.urls),
    ]
    shared_pages = [
        path("", include("techforclimate.privacy_urls")),
        path(_("accounts/"), include("allauth.urls")),
    ]
    if edition:
        edition_pages = [path(f"{edition}/", include(edition_pages))]
    patterns = [path("i18n/", include("django.conf.urls.i18n"))]
    patterns += i18n_patterns(*edition_pages, *shared_pages, prefix_default_language=False)
    if settings.DEBUG:
        patterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    return patterns


@functools.lru_cache(maxsize=64)  # the editions that exist (the middleware asks for no other)
def urlconf_of_edition(edition: str) -> ModuleType:
    urlconf = ModuleType(f"{__name__}[{edition}]")
    urlconf.urlpatterns = site_patterns(edition)
    urlconf.handler429 = handler429
    return urlconf


urlpatterns = site_patterns()
