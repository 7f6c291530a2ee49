from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # From the first save on, in every process (web, worker, shell): a changed user's
        # copy in the cache is dropped (accounts/backends.py).
        from accounts import backends  # noqa: F401
