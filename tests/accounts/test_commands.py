import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_organiser_makes_a_staff_member_of_organisers(capsys):
    call_command("create_organiser", "Orga@Example.org", "--password", "correct horse battery")
    user = get_user_model().objects.get()
    assert (user.email, user.is_staff, user.is_superuser) == ("Orga@example.org", True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Organisers"]
    assert authenticate(email="orga@example.org", password="correct horse battery") == user
    assert "Orga@example.org / correct horse battery" in capsys.readouterr().out


def test_create_organiser_twice_updates_the_same_account():
    call_command("create_organiser", "orga@example.org", "--password", "first password")
    call_command("create_organiser", "ORGA@example.org", "--password", "second password")
    assert get_user_model().objects.count() == 1
    assert authenticate(email="orga@example.org", password="second password") is not None


def test_create_organiser_without_password_generates_one(capsys):
    call_command("create_organiser", "orga@example.org")
    printed_password = capsys.readouterr().out.strip().rsplit(" / ", 1)[1]
    assert len(printed_password) >= 16
    assert authenticate(email="orga@example.org", password=printed_password) is not None


def test_create_organiser_refuses_a_bad_address():
    with pytest.raises(CommandError, match="valid email"):
        call_command("create_organiser", "not-an-address", "--password", "whatever it is")


def test_organisers_can_log_into_the_admin_once_they_have_a_second_factor(client):
    from tests.second_factor import add_authenticator_app

    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    assert client.login(email="orga@example.org", password="correct horse battery")
    assert client.get("/admin/")["Location"] == "/comptes/2fa/totp/activate/"
    add_authenticator_app(get_user_model().objects.get())
    assert client.get("/admin/").status_code == 200


def test_organiser_address_is_verified_so_they_can_log_in_on_the_site(client):
    from tests.factories import EventFactory

    EventFactory()
    call_command("create_organiser", "orga@example.org", "--password", "correct horse battery")
    response = client.post("/en/accounts/login/", {"login": "orga@example.org", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/en/check-in/").status_code == 200
