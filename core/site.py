from django.conf import settings


def site_url(path: str) -> str:
    """An absolute address on the site, for links that leave it (e-mails, calendars)."""
    return settings.SITE_URL.rstrip("/") + path
