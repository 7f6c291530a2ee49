"""The desk's walk-in page in each of its states: before the waiting list closes, its form's
errors, a walk-in registered (with the print button), someone already registered, no seat."""

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.roles import ACCUEIL_GROUP
from registrations.models import Registration
from tests.factories import RegistrationFactory, UserFactory
from tests.html_validity.documents import Documents, url

FORM = {"first_name": "Noé", "last_name": "Passant", "organisation": "Voisins SA", "category": "press", "desk": "2"}


def visit_walk_in_pages(docs: Documents, lang: str, programme) -> None:
    event = programme["event"]
    staff = UserFactory(language=lang)
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client = Client()
    client.force_login(staff)
    page = url(lang, "day:walk_in")
    docs.fetch(client, page)  # not open yet: the event is weeks away
    docs.fetch(client, page, FORM, method="post", status=409)
    date, capacity = event.date, event.capacity
    event.date = timezone.localdate()  # the day: the waiting list has closed
    event.save(update_fields=["date"])
    try:
        docs.fetch(client, page, FORM | {"last_name": "", "email": "pas-une-adresse"}, method="post", status=400)
        docs.fetch(client, page, FORM | {"last_name": f"Passant-{lang}"}, method="post", follow=True)
        already = RegistrationFactory(event=event, last_name=f"Déjà-{lang}")
        docs.fetch(client, page, FORM | {"email": already.user.email}, method="post", status=409)
        event.capacity = Registration.objects.holding_a_seat().filter(event=event).count()
        event.save(update_fields=["capacity"])
        docs.fetch(client, page, FORM, method="post", status=409)
    finally:
        event.date, event.capacity = date, capacity
        event.save(update_fields=["date", "capacity"])
        Registration.objects.filter(event=event, is_walk_in=True).delete()
