"""Second factors (allauth's mfa): an authenticator app and recovery codes for every account,
required for staff before any page of the back office opens, and asked at every login of an
account that has one — the admin's own login URL included. The codes are computed here as an
authenticator app computes them (tests.second_factor)."""

import base64
import re
from urllib.parse import unquote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from techforclimate.admin_login import MAX_FAILURES
from techforclimate.privacy import delete_account
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.forms import PASSWORD
from tests.second_factor import TOTP_SECRET, current_code, wrong_code

pytestmark = pytest.mark.django_db

PREFIX = {"fr": "", "en": "/en"}


def url(lang: str, name: str) -> str:
    with translation.override(lang):
        return reverse(name)


def organiser(**fields):
    user = UserFactory(is_staff=True, verified=True, password=PASSWORD, **fields)
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    return user


def check_in_staff(**fields):
    user = UserFactory(verified=True, password=PASSWORD, **fields)
    user.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    return user


def log_in(client, user, lang="en", next_url=None):
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url(lang, "account_login"), data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def confirm_password(client, lang="en"):
    """allauth asks for the password again (for five minutes) before a second factor is
    added, removed, or its recovery codes shown or replaced."""
    assert client.post(url(lang, "account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def activation_page(client, lang="en"):
    confirm_password(client, lang)
    response = client.get(url(lang, "mfa_activate_totp"))
    assert response.status_code == 200
    return response


def secret_on(page: str) -> str:
    return re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page)[1]


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>(\w+)</code></li>", page)


def in_site_layout(response, lang: str) -> bool:
    page = response.content.decode()
    return (
        f'<html lang="{lang}">' in page
        and 'class="skip-link"' in page
        and 'class="site-header"' in page
        and page.count("<h1") == 1
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_organiser_without_a_second_factor_sets_it_up_on_the_way_to_the_admin(client, organisers_group, lang):
    user = organiser()
    asked_for = PREFIX[lang] + "/admin/registrations/registration/?status__exact=confirmed"
    assert log_in(client, user, lang).status_code == 302

    # No admin page opens, whichever: first the authenticator app.
    for path in (asked_for, PREFIX[lang] + "/admin/", PREFIX[lang] + "/admin/events/session/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, url(lang, "mfa_activate_totp")), path
    client.get(asked_for)

    # allauth asks for the password again before a second factor is added.
    confirm = client.get(url(lang, "mfa_activate_totp"))
    assert confirm["Location"].startswith(url(lang, "account_reauthenticate"))
    confirm_page = client.get(confirm["Location"])
    assert in_site_layout(confirm_page, lang) and 'role="status"' in confirm_page.content.decode()  # says why
    setup = client.post(confirm["Location"], {"password": PASSWORD}, follow=True)
    assert setup.redirect_chain[-1][0] == url(lang, "mfa_activate_totp")
    assert setup.status_code == 200 and in_site_layout(setup, lang)
    page = setup.content.decode()
    secret = secret_on(page)
    # The QR code is an SVG in a data: URI that loads nothing and holds the secret's URL.
    [data_uri] = re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', page)
    svg = base64.b64decode(data_uri.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
    assert "href" not in svg and "<image" not in svg
    assert "img-src 'self' data:" in setup["Content-Security-Policy"]

    refused = client.post(url(lang, "mfa_activate_totp"), {"code": wrong_code(secret)})
    assert refused.status_code == 200 and not Authenticator.objects.filter(user=user).exists()

    done = client.post(url(lang, "mfa_activate_totp"), {"code": current_code(secret)})
    assert (done.status_code, done["Location"]) == (302, url(lang, "mfa_view_recovery_codes"))
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    codes_page = client.get(done["Location"])
    assert codes_page.status_code == 200 and in_site_layout(codes_page, lang)
    assert len(recovery_codes_on(codes_page.content.decode())) == 10
    # The set-up ends with a way back to the page asked for.
    assert f'href="{asked_for.replace("&", "&amp;")}"' in codes_page.content.decode()
    assert client.get(asked_for).status_code == 200
    assert client.get(PREFIX[lang] + "/admin/").status_code == 200


def test_logging_in_again_asks_the_code_and_refuses_a_wrong_one(client, organisers_group):
    user = organiser(totp=True)
    response = log_in(client, user, next_url="/en/admin/")
    assert (response.status_code, response["Location"]) == (302, url("en", "mfa_authenticate"))
    assert not logged_in(client)
    assert client.get("/en/admin/")["Location"].startswith("/en/admin/login/")

    wrong = client.post(url("en", "mfa_authenticate"), {"code": wrong_code()})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.content.decode()
    assert not logged_in(client)

    right = client.post(url("en", "mfa_authenticate"), {"code": current_code()})
    assert (right.status_code, right["Location"]) == (302, "/en/admin/")
    assert logged_in(client)
    assert client.get("/en/admin/").status_code == 200


def test_a_recovery_code_logs_in_once(client, organisers_group):
    user = organiser(totp=True)
    log_in(client, user)
    client.post(url("en", "mfa_authenticate"), {"code": current_code()})
    confirm_password(client)
    client.post(url("en", "mfa_generate_recovery_codes"))
    codes = recovery_codes_on(client.get(url("en", "mfa_view_recovery_codes")).content.decode())
    assert len(codes) == 10
    client.logout()

    log_in(client, user)
    response = client.post(url("en", "mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302 and logged_in(client)
    client.logout()

    log_in(client, user)
    again = client.post(url("en", "mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200 and "Incorrect code." in again.content.decode()
    assert not logged_in(client)
    assert client.post(url("en", "mfa_authenticate"), {"code": codes[1]}).status_code == 302
    assert "There are 8 out of 10 recovery codes available." in client.get(url("en", "mfa_index")).content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_admin_login_is_the_sites_login_and_asks_the_second_factor(client, organisers_group, lang):
    user = organiser(totp=True)
    admin_login = PREFIX[lang] + "/admin/login/"

    # The admin sends anonymous visitors to its login URL, which shows the site's login form.
    response = client.get(PREFIX[lang] + "/admin/events/session/")
    assert response["Location"] == f"{admin_login}?next={PREFIX[lang]}/admin/events/session/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and in_site_layout(page, lang)
    html = page.content.decode()
    assert f'action="{url(lang, "account_login")}"' in html
    assert f'name="next" value="{PREFIX[lang]}/admin/events/session/"' in html
    # With no `next`, the login leads to the back office's home.
    assert f'name="next" value="{PREFIX[lang]}/admin/"' in client.get(admin_login).content.decode()

    # Django's admin form's fields log nobody in.
    django_form = client.post(admin_login, {"username": user.email, "password": PASSWORD})
    assert django_form.status_code == 200 and not logged_in(client)
    # The right password posted to the admin's URL reaches the code, not the back office.
    response = client.post(admin_login, {"login": user.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, url(lang, "mfa_authenticate"))
    assert not logged_in(client)
    assert client.get(PREFIX[lang] + "/admin/").status_code == 302

    assert client.post(url(lang, "mfa_authenticate"), {"code": current_code()})["Location"] == PREFIX[lang] + "/admin/"
    assert client.get(PREFIX[lang] + "/admin/").status_code == 200
    # Logged in, the admin's login URL leads on to the back office.
    assert client.get(admin_login)["Location"] == PREFIX[lang] + "/admin/"


def test_the_admin_login_sends_staff_already_logged_in_on_to_a_page_of_the_site(organiser_client):
    assert organiser_client.get("/en/admin/login/?next=https://evil.example/")["Location"] == "/en/admin/"
    # A `next` that is no URL is not looked up as a view's name (the URL walk found it).
    assert organiser_client.get("/en/admin/login/?next=abc")["Location"] == "abc"


def test_the_admin_login_keeps_its_rate_limit(client, organisers_group):
    user = organiser(totp=True)
    for _ in range(MAX_FAILURES):
        assert client.post("/en/admin/login/", {"login": user.email, "password": "wrong"}).status_code == 200
    response = client.post("/en/admin/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429 and not logged_in(client)


def test_someone_logged_in_who_is_not_staff_is_refused_by_the_admin_login_without_a_loop(client, organisers_group):
    client.force_login(check_in_staff())
    response = client.get("/en/admin/")
    assert response["Location"] == "/en/admin/login/?next=/en/admin/"
    refused = client.get(response["Location"])
    assert refused.status_code == 403 and in_site_layout(refused, "en")


def test_an_attendee_uses_the_site_without_a_second_factor_and_may_add_one(client, organisers_group):
    registration = RegistrationFactory(event=EventFactory(), user=UserFactory(verified=True, password=PASSWORD))
    assert log_in(client, registration.user).status_code == 302 and logged_in(client)
    mine = client.get(url("en", "registrations:mine"))
    assert mine.status_code == 200
    assert f'href="{url("en", "mfa_index")}"' in mine.content.decode()

    index = client.get(url("en", "mfa_index"))
    assert index.status_code == 200 and "An authenticator app is not active." in index.content.decode()
    secret = secret_on(activation_page(client).content.decode())
    assert client.post(url("en", "mfa_activate_totp"), {"code": current_code(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=registration.user, type="totp").exists()
    # Nothing leads to the back office, and the attendee may switch the app off again.
    assert "Continue to the back office" not in client.get(url("en", "mfa_view_recovery_codes")).content.decode()
    assert client.post(url("en", "mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=registration.user).exists()


def test_check_in_staff_use_the_desk_without_a_second_factor_and_may_add_one(client, organisers_group):
    EventFactory()
    staff = check_in_staff()
    log_in(client, staff)
    assert client.get(url("en", "day:check_in")).status_code == 200
    mine = client.get(url("en", "registrations:mine"))  # not registered: the page says so
    assert f'href="{url("en", "mfa_index")}"' in mine.content.decode()
    secret = secret_on(activation_page(client).content.decode())
    assert client.post(url("en", "mfa_activate_totp"), {"code": current_code(secret)}).status_code == 302
    client.logout()

    assert log_in(client, staff)["Location"] == url("en", "mfa_authenticate")


def test_staff_cannot_switch_their_app_off(client, organisers_group):
    user = organiser(totp=True)
    log_in(client, user)
    client.post(url("en", "mfa_authenticate"), {"code": current_code()})
    confirm_password(client)
    index = client.get(url("en", "mfa_index")).content.decode()
    assert url("en", "mfa_deactivate_totp") not in index and "ask an administrator to reset it" in index
    page = client.get(url("en", "mfa_deactivate_totp"))
    assert "You cannot deactivate two-factor authentication." in page.content.decode()
    client.post(url("en", "mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=user, type="totp").exists()


def test_the_admin_header_links_to_the_second_factor(organiser_client):
    page = organiser_client.get("/en/admin/").content.decode()
    assert f'<a href="{url("en", "mfa_index")}">Two-Factor Authentication</a>' in page


def test_a_locked_out_organiser_is_reset_by_a_command(client, organisers_group, capsys):
    user = organiser(totp=True)
    call_command("reset_second_factor", user.email.upper())
    assert "Second factor removed" in capsys.readouterr().out
    assert not Authenticator.objects.filter(user=user).exists()

    # The next login asks no code, and the back office asks for a new app.
    assert log_in(client, user, next_url="/en/admin/")["Location"] == "/en/admin/"
    assert client.get("/en/admin/")["Location"] == url("en", "mfa_activate_totp")


def test_a_superuser_resets_one_in_the_admin_without_seeing_its_secret(admin_client, organiser_client):
    organiser_user = organiser_client.get("/en/admin/").wsgi_request.user
    authenticator = Authenticator.objects.get(user=organiser_user)
    change = admin_client.get(f"/en/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert change.status_code == 200 and TOTP_SECRET not in change.content.decode()
    assert admin_client.get("/en/admin/mfa/authenticator/add/").status_code == 403
    # Organisers do not manage accounts.
    assert organiser_client.get("/en/admin/mfa/authenticator/").status_code == 403
    admin_client.post(f"/en/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert not Authenticator.objects.filter(user=organiser_user).exists()


def test_the_reset_command_refuses_an_unknown_address(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No account"):
        call_command("reset_second_factor", "nobody@example.org")


def test_deleting_an_account_deletes_its_authenticators(db):
    user = UserFactory(totp=True)
    delete_account(user)
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_second_factor_pages_use_the_site_layout_in_both_languages(client, organisers_group, lang):
    title = {"fr": "Authentification à deux facteurs", "en": "Two-Factor Authentication"}[lang]
    newcomer = UserFactory(verified=True, password=PASSWORD)
    log_in(client, newcomer, lang)
    confirm_password(client, lang)
    for name in ("mfa_index", "mfa_activate_totp"):
        response = client.get(url(lang, name))
        assert response.status_code == 200 and in_site_layout(response, lang), name
    assert f"<h1>{title}</h1>" in client.get(url(lang, "mfa_index")).content.decode()
    client.logout()

    user = organiser(totp=True)
    stage = log_in(client, user, lang)
    code_page = client.get(stage["Location"])
    assert code_page.status_code == 200 and in_site_layout(code_page, lang)
    assert f"<h1>{title}</h1>" in code_page.content.decode()
    client.post(stage["Location"], {"code": current_code()})
    confirm_page = client.get(url(lang, "account_reauthenticate"))
    assert confirm_page.status_code == 200 and in_site_layout(confirm_page, lang)
    confirm_password(client, lang)
    for name in ("mfa_index", "mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        response = client.get(url(lang, name))
        assert response.status_code == 200 and in_site_layout(response, lang), name
    client.post(url(lang, "mfa_generate_recovery_codes"))
    codes = client.get(url(lang, "mfa_view_recovery_codes"))
    assert codes.status_code == 200 and in_site_layout(codes, lang)
    download = client.get(url(lang, "mfa_download_recovery_codes"))
    assert download["Content-Type"].startswith("text/plain") and len(unquote(download.content.decode()).split()) >= 10
