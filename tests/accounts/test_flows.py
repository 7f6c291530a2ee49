"""The account flows (django-allauth with the site's adapter and settings): signing up and
verifying the address, logging in by password or by a one-time code, resetting a password,
the rate limits, and the pages' layout."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory
from tests.forms import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def path_in(message, fragment: str) -> str:
    return re.search(rf"https?://[^/\s]+(/\S*{fragment}\S*)", message.body).group(1)


def test_signing_up_asks_to_verify_the_address_and_verifying_logs_in(client, db):
    response = client.post(
        "/en/accounts/signup/", {"email": "aurore@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    [verification] = mail.outbox
    assert verification.to == ["aurore@example.org"]
    confirm_url = path_in(verification, "/confirm-email/")

    # The link shows a confirmation button (no change on a mere visit); pressing it logs in.
    assert client.get(confirm_url).status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.post(confirm_url).status_code == 302
    user = get_user_model().objects.get(email="aurore@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified


def test_a_password_reset_link_sets_a_new_password_once(client, db):
    UserFactory(email="oubli@example.org", password=PASSWORD, verified=True)
    client.post("/en/accounts/password/reset/", {"email": "oubli@example.org"})
    [message] = mail.outbox
    assert message.to == ["oubli@example.org"]
    link = path_in(message, "/password/reset/key/")

    form_url = client.get(link)["Location"]  # the key moves out of the address into the session
    new_password = "une toute nouvelle phrase de passe"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    assert client.get(link, follow=True).context["token_fail"]
    client.logout()
    old = client.post("/en/accounts/login/", {"login": "oubli@example.org", "password": PASSWORD})
    assert old.status_code == 200 and "_auth_user_id" not in client.session
    new = client.post("/en/accounts/login/", {"login": "oubli@example.org", "password": new_password})
    assert new.status_code == 302 and "_auth_user_id" in client.session


def test_signing_up_with_a_taken_address_reveals_nothing(client, db):
    UserFactory(email="existe@example.org")
    taken = client.post(
        "/en/accounts/signup/", {"email": "existe@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.logout()
    fresh = client.post(
        "/en/accounts/signup/", {"email": "nouveau@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])


def test_password_reset_reveals_nothing(client, db):
    UserFactory(email="existe@example.org")
    known = client.post("/en/accounts/password/reset/", {"email": "existe@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "inconnu@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_log_in_by_one_time_code(client, db):
    user = UserFactory(email="code@example.org", verified=True)
    response = client.post("/en/accounts/login/code/", {"email": "code@example.org"})
    assert response.status_code == 302
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_failures_are_rate_limited(client, db):
    UserFactory(email="cible@example.org", password=PASSWORD, verified=True)
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": "cible@example.org", "password": "mauvais"})
    # Even the right password is refused for a while after five failures.
    response = client.post("/en/accounts/login/", {"login": "cible@example.org", "password": PASSWORD})
    assert response.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "url"),
    [
        ("fr", "/comptes/login/"),
        ("fr", "/comptes/signup/"),
        ("fr", "/comptes/password/reset/"),
        ("en", "/en/accounts/login/"),
        ("en", "/en/accounts/signup/"),
        ("en", "/en/accounts/login/code/"),
    ],
)
def test_account_pages_use_the_site_layout_and_language(client, db, lang, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert 'class="skip-link"' in page
    assert page.count("<h1") == 1


def test_a_forged_forwarded_for_header_does_not_reset_the_rate_limit(client, db):
    UserFactory(email="cible@example.org", password=PASSWORD, verified=True)
    for attempt in range(6):
        client.post(
            "/en/accounts/login/",
            {"login": "cible@example.org", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = client.post(
        "/en/accounts/login/", {"login": "cible@example.org", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]
