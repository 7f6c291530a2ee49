"""The second factor's pages (allauth's mfa, in the site's templates), as an organiser meets
them: sent from the back office to set up the app, the recovery codes, the code asked at
the next login, and the pages to manage it."""

import re

from django.contrib.auth.models import Group
from django.test import Client

from accounts.roles import ORGANISERS_GROUP
from tests.factories import UserFactory
from tests.forms import PASSWORD
from tests.html_validity.documents import Documents, url
from tests.second_factor import current_code, wrong_code


def secret_on(page: str) -> str:
    return re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page)[1]


def visit_second_factor_pages(docs: Documents, lang: str) -> None:
    docs.fetch(Client(), url(lang, "admin:login"))  # the site's login, at the admin's address
    organiser = UserFactory(is_staff=True, verified=True, password=PASSWORD, language=lang)
    organiser.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    client = Client()
    client.post(url(lang, "account_login"), {"login": organiser.email, "password": PASSWORD})
    activate = url(lang, "mfa_activate_totp")
    # From the back office to the password asked again, with the message saying why.
    docs.fetch(client, url(lang, "admin:index"), follow=True)
    client.post(url(lang, "account_reauthenticate"), {"password": PASSWORD})
    secret = secret_on(docs.fetch(client, activate).content.decode())
    docs.fetch(client, activate, {"code": wrong_code(secret)}, method="post")
    docs.fetch(client, activate, {"code": current_code(secret)}, method="post", follow=True)  # the recovery codes
    docs.fetch(client, url(lang, "mfa_index"))
    docs.fetch(client, url(lang, "mfa_deactivate_totp"))  # refused to staff, with the reason
    docs.fetch(client, url(lang, "mfa_generate_recovery_codes"))
    docs.fetch(client, url(lang, "mfa_generate_recovery_codes"), method="post", follow=True)

    # The next login asks the code.
    client = Client()
    client.post(url(lang, "account_login"), {"login": organiser.email, "password": PASSWORD})
    authenticate = url(lang, "mfa_authenticate")
    docs.fetch(client, authenticate)
    docs.fetch(client, authenticate, {"code": wrong_code(secret)}, method="post")
    client.post(authenticate, {"code": current_code(secret)})
    docs.fetch(client, url(lang, "mfa_reauthenticate"))  # confirming by the app's code

    # An attendee, who may take the app or leave it.
    attendee = UserFactory(verified=True, password=PASSWORD, language=lang)
    client = Client()
    client.post(url(lang, "account_login"), {"login": attendee.email, "password": PASSWORD})
    docs.fetch(client, url(lang, "mfa_index"))
    client.post(url(lang, "account_reauthenticate"), {"password": PASSWORD})
    client.post(activate, {"code": current_code(secret_on(client.get(activate).content.decode()))})
    docs.fetch(client, url(lang, "mfa_index"))
    docs.fetch(client, url(lang, "mfa_deactivate_totp"))
    docs.fetch(client, url(lang, "mfa_deactivate_totp"), method="post", flash=True)
