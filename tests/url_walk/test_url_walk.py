"""No parameter ever causes a server error.

Every URL pattern of the project, for every role, is sent GET and POST requests with hostile
values in every parameter the view reads. The parameters are found two ways: the keys the
view looks up in `request.GET` / `request.POST` while answering a first, plain request (the
QueryDict is watched), and the names of the fields and links of the page it returned (the
admin's filters, forms and actions). Path parameters get hostile values too. Any 5xx answer,
or an exception escaping the view, is a failure listing what was sent."""

import contextlib
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts.roles import ACCUEIL_GROUP, ORGANISERS_GROUP
from events.models import Session
from footprint.models import TravelDeclaration
from mail.models import OutgoingEmail
from registrations import holds
from registrations.models import (
    Announcement,
    BadgePrintRun,
    CheckIn,
    Invitee,
    SeatHold,
    WorkshopBooking,
)
from speakers.services import invite_speaker
from tests.factories import (
    EventFactory,
    InviteeFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    at,
)

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = {
    "letters": "abc",
    "unicode digits": "١٢٣",
    "superscript digits": "²³",
    "5,000 digits": "9" * 5000,
    "negative": "-1",
    "NUL byte": "a\x00b",
    "very long": "é" * 20_000,
    "repeated key": ["1", "abc"],
    "unknown choice": "zzz-not-a-choice",
    "empty": "",
    "float": "1.5e308",
}
# One parameter at a time, the others valid: a value the view rejects early must not hide
# what a later parameter does.
ONE_AT_A_TIME = ["letters", "5,000 digits", "NUL byte", "repeated key", "unknown choice"]
HOSTILE_PATH_VALUES = ["abc", "9" * 5000, "-1", "a\x00b", "é" * 300]
# Names a hand-written view might read, tried everywhere even when the page names none.
COMMON_NAMES = ["q", "page", "p", "o", "next", "token", "id", "pk", "registration", "session", "shift", "kind"]


class FieldFinder(HTMLParser):
    """The parameters a page offers: its form fields (with a valid value where it shows
    one) and the query keys of its links."""

    def __init__(self):
        super().__init__()
        self.get_names: set[str] = set()
        self.post_fields: dict[str, str] = {}
        self.form_method = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form_method = (attrs.get("method") or "get").lower()
        elif tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.get_names.update(key for key, _ in parse_qsl(attrs["href"][1:], keep_blank_values=True))
        elif tag in ("input", "select", "textarea") and attrs.get("name"):
            name = attrs["name"]
            if self.form_method == "post":
                if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                    self.post_fields.setdefault(name, "")
                elif attrs.get("type") != "file":
                    self.post_fields[name] = attrs.get("value") or ""
            else:
                self.get_names.add(name)
            self.select = name if tag == "select" else None
        elif tag == "option" and self.select and attrs.get("value") and self.form_method == "post":
            self.post_fields[self.select] = self.post_fields.get(self.select) or attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form_method = None
        elif tag == "select":
            self.select = None


@contextlib.contextmanager
def watching_querydicts():
    """Record every key looked up in any QueryDict (request.GET, request.POST)."""
    seen: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("__getitem__", "get", "getlist", "__contains__")}

    def watch(name):
        original = originals[name]

        def watched(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return watched

    for name in originals:
        setattr(QueryDict, name, watch(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def route_parameters(route: str) -> list[str]:
    return [match["name"] or match["group"] for match in PARAMETER.finditer(route)]


def fill(route: str, values: dict[str, str]) -> str:
    path = PARAMETER.sub(lambda match: quote(values[match["name"] or match["group"]], safe=""), route)
    return "/" + path.replace("^", "").replace("$", "")


@dataclass
class World:
    """One of each object a URL can name, and one person per role."""

    roles: dict = field(default_factory=dict)
    path_values: dict = field(default_factory=dict)
    admin_objects: dict = field(default_factory=dict)


@pytest.fixture
def world(organisers_group):
    event = EventFactory()
    plenary = SessionFactory(event=event)
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, capacity=10, start=at("11:00"), end=at("12:00"))
    attendee = UserFactory(verified=True)
    registration = RegistrationFactory(event=event, user=attendee)
    WorkshopBooking.objects.create(registration=registration, session=workshop, status="booked")
    speaker_user = UserFactory(verified=True)
    speaker = SpeakerFactory(user=speaker_user)
    plenary.speakers.add(speaker)
    RegistrationFactory(event=event, user=speaker_user)
    checkin_staff = UserFactory(verified=True)
    checkin_staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    organiser = UserFactory(verified=True, is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISERS_GROUP))

    invitee = InviteeFactory(event=event)
    hold = holds.hold_seat_for_colleague(
        event,
        held_by=attendee,
        first_name="Colin",
        last_name="Collègue",
        email="colleague@example.org",
        organisation=registration.organisation,
        category=registration.category,
    )
    invite_speaker(SpeakerFactory(email="invited.speaker@example.org"), sent_by=organiser)
    invitation_email = OutgoingEmail.objects.get(kind="speaker_invitation")
    speaker_token = re.search(r"/invitation/([^/\s]+)/", invitation_email.body_text)[1]
    announcement = Announcement.objects.create(
        event=event, subject_fr="Sujet", body_fr="Texte", subject_en="Subject", body_en="Text"
    )
    run = BadgePrintRun.objects.create(event=event, source="confirmed", status=BadgePrintRun.Status.READY, file="x.pdf")
    CheckIn.objects.create(registration=registration, checked_in_by=checkin_staff, checked_in_at=timezone.now())
    TravelDeclaration.objects.create(registration=registration, town="Lyon", mode="tgv", distance_km=465)
    OutgoingEmail.objects.create(recipient="someone@example.org", kind="confirmation", about=registration)

    return World(
        roles={
            "anonymous": None,
            "attendee": attendee,
            "speaker": speaker_user,
            "check-in staff": checkin_staff,
            "organiser": organiser,
        },
        path_values={
            "session_id": str(workshop.pk),
            "session slug": plenary.slug,
            "speaker slug": speaker.slug,
            "invitation token": invitee.token,
            "hold token": hold.token,
            "speaker token": speaker_token,
            "pk": str(run.pk),
            "id": str(organiser.pk),
            "app_label": "registrations",
            "key": "not-a-key",
            "uidb36": "1",
            "path": "missing.jpg",
            "url": "nowhere/",
            "content_type_id": str(ContentType.objects.get_for_model(Session).pk),
            "object_id": str(plenary.pk),
        },
        admin_objects={
            model._meta.label_lower: obj.pk
            for model, obj in [
                (type(organiser), organiser),
                (type(event), event),
                (type(plenary.room), plenary.room),
                (type(plenary.theme), plenary.theme),
                (Session, plenary),
                (type(speaker), speaker),
                (type(registration), registration),
                (WorkshopBooking, WorkshopBooking.objects.first()),
                (OutgoingEmail, OutgoingEmail.objects.first()),
                (Announcement, announcement),
                (BadgePrintRun, run),
                (CheckIn, CheckIn.objects.first()),
                (Invitee, invitee),
                (SeatHold, hold),
                (TravelDeclaration, TravelDeclaration.objects.first()),
            ]
        },
    )


TOKEN_OF_VIEW = {
    "registrations.views.hold": "hold token",
    "registrations.views.invitation": "invitation token",
    "speakers.area_views.invitation": "speaker token",
}


def real_path_values(route: str, pattern: URLPattern, world: World) -> dict[str, str]:
    values = dict(world.path_values)
    values["slug"] = world.path_values[
        "session slug" if pattern.lookup_str == "events.views.session_detail" else "speaker slug"
    ]
    if pattern.lookup_str in TOKEN_OF_VIEW:
        values["token"] = world.path_values[TOKEN_OF_VIEW[pattern.lookup_str]]
    if "object_id" in route and pattern.name and pattern.name != "view_on_site":
        app_label, model_name = pattern.name.split("_")[:2]
        values["object_id"] = str(world.admin_objects.get(f"{app_label}.{model_name}", 1))
    return values


@dataclass
class Walk:
    client: object
    world: World
    failures: list = field(default_factory=list)
    requests: int = 0
    parameters: set = field(default_factory=set)
    logged_in: dict = field(default_factory=dict)
    behaviours: set = field(default_factory=set)

    def log_in(self, role):
        """Each role logs in once; its cookies are put back before every request, so that a
        view that logs out (or deletes the account) does not change who asks next."""
        if role not in self.logged_in:
            self.client.cookies.clear()
            if self.world.roles[role] is not None:
                self.client.force_login(self.world.roles[role])
            self.logged_in[role] = {name: morsel.value for name, morsel in self.client.cookies.items()}
        self.client.cookies.clear()
        for name, value in self.logged_in[role].items():
            self.client.cookies[name] = value

    def send(self, role, method, url, data=None, query_string=None):
        """One request in a savepoint rolled back afterwards, so that no request changes
        what the next one sees (a logout, a deletion, a cancelled seat)."""
        self.requests += 1
        self.log_in(role)
        cache.clear()  # rate limits would answer 429 before the view reads anything
        savepoint = transaction.savepoint_create()
        try:
            extra = {"QUERY_STRING": query_string} if query_string is not None else {}
            response = getattr(self.client, method)(url, data or {}, **extra)
            if response.status_code >= 500:
                self.failures.append(f"{role} {method.upper()} {url[:120]} {summary(data)} → {response.status_code}")
            return response
        except Exception as error:  # the test client re-raises what the view raised
            self.failures.append(
                f"{role} {method.upper()} {url[:120]} {summary(data)} → {type(error).__name__}: {str(error)[:200]}"
            )
            return None
        finally:
            transaction.savepoint_rollback(savepoint)

    def probe(self, role, method, url):
        with watching_querydicts() as seen:
            response = self.send(role, method, url)
        finder = FieldFinder()
        if response is not None and response.get("Content-Type", "").startswith("text/html"):
            finder.feed(response.content.decode(errors="replace"))
        reached = response is not None and not is_turned_away(response)
        return seen, finder, reached

    def attack(self, role, url, *, stock_admin: bool) -> bool:
        """Hostile values in every parameter `url` reads for `role`; False when the role is
        turned away before the view reads anything, or treated like a role already walked."""
        get_seen, get_page, get_reached = self.probe(role, "get", url)
        post_seen, post_page, post_reached = self.probe(role, "post", url)
        page_names = get_page.get_names | set(post_page.post_fields) | set(get_page.post_fields)
        names = get_seen | post_seen | page_names
        # A role the view treats like one already walked (same answers, same parameters
        # read) would only repeat that walk: allauth's pages for any logged-in person, say.
        behaviour = (url, get_reached, post_reached, frozenset(names))
        if behaviour in self.behaviours:
            return False
        self.behaviours.add(behaviour)
        if not names:
            return get_reached or post_reached
        names |= set(COMMON_NAMES)
        self.parameters |= {(url, name) for name in names}
        # Django's own admin views get the values of the one-at-a-time list; ours get all.
        values = [HOSTILE_VALUES[label] for label in ONE_AT_A_TIME] if stock_admin else HOSTILE_VALUES.values()
        for value in values:
            hostile = dict.fromkeys(names, value)
            self.send(role, "get", url, hostile)
            self.send(role, "post", url, hostile)
        # Bytes that are not UTF-8 at all.
        self.send(role, "get", url, query_string="&".join(f"{quote(name)}=%FF%FE%00" for name in sorted(names)))
        # One parameter at a time, the others valid. Django's own admin views validate
        # every field of a form at once, so there only the actions are taken one by one.
        valid = get_page.post_fields | post_page.post_fields
        one_by_one = ACTION_FIELDS & set(valid) if stock_admin else get_seen | post_seen | set(valid)
        for name in sorted(one_by_one):
            for label in ONE_AT_A_TIME:
                self.send(role, "post", url, valid | {name: HOSTILE_VALUES[label]})
                if name in get_seen:
                    self.send(role, "get", url, {name: HOSTILE_VALUES[label]})
        return True


# The fields of an admin changelist's action form, taken one at a time with a valid action.
ACTION_FIELDS = {"_selected_action", "select_across", "index", "confirmed"}


def is_turned_away(response) -> bool:
    """A login page, a refusal or a missing page: the view proper did not run."""
    location = response.get("Location", "")
    return response.status_code in (403, 404, 405) or (
        response.status_code == 302 and ("login" in location or "connexion" in location)
    )


def summary(data):
    if not data:
        return ""
    shown = {
        key: (value[:12] + "…" if isinstance(value, str) and len(value) > 12 else value) for key, value in data.items()
    }
    return str(shown)[:300]


def is_stock_admin_view(pattern: URLPattern) -> bool:
    return pattern.lookup_str.startswith("django.contrib.admin.options.ModelAdmin.")


@pytest.fixture
def quiet_logs():
    """Thousands of refused requests would each log a warning."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


def test_no_parameter_of_any_url_causes_a_server_error(client, world, quiet_logs):
    walk_ = Walk(client, world)
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 150  # the walk sees the whole project, admin included
    for route, pattern in routes:
        real = real_path_values(route, pattern, world)
        url = fill(route, real)
        for role in world.roles:
            if not walk_.attack(role, url, stock_admin=is_stock_admin_view(pattern)):
                continue  # turned away at the door (or walked already): so would hostile paths be
            for name in route_parameters(route):
                for value in HOSTILE_PATH_VALUES[:3] if is_stock_admin_view(pattern) else HOSTILE_PATH_VALUES:
                    hostile_url = fill(route, real | {name: value})
                    walk_.send(role, "get", hostile_url)
                    walk_.send(role, "post", hostile_url)
    print(
        f"\nURL walk: {len(routes)} URL patterns, {len(walk_.parameters)} (URL, parameter) pairs, "
        f"{walk_.requests} requests"
    )
    failures = sorted(set(walk_.failures))
    assert failures == [], "\n".join(failures)


# The defects the walk found, each as a person would meet it.


@pytest.fixture
def desk_client(client, organisers_group):
    EventFactory()
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client.force_login(staff)
    return client


@pytest.mark.parametrize("registration", ["abc", "١٢٣x", "9" * 5000, "-1", "a\x00b"])
def test_a_malformed_registration_posted_to_the_desk_is_a_message_not_an_error(desk_client, registration):
    response = desk_client.post("/en/check-in/", {"registration": registration})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_malformed_search_at_the_desk_is_a_message_not_an_error(desk_client):
    response = desk_client.get("/en/check-in/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("shift", ["²³", "9" * 5000, "-5", "101", "abc"])
def test_an_impossible_share_on_the_dashboard_is_a_form_error_and_the_default(organiser_client, shift):
    EventFactory()
    response = organiser_client.get("/en/admin/registrations/registration/dashboard/", {"shift": shift})
    assert response.status_code == 200
    assert response.context["shift_percent"] == 50
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("export", ["export.csv", "export.xlsx"])
def test_an_export_with_a_filter_the_list_does_not_have_goes_back_to_the_list(organiser_client, export):
    response = organiser_client.get(f"/en/admin/registrations/registration/{export}", {"no_such_filter": "1"})
    assert (response.status_code, response["Location"]) == (302, "/en/admin/registrations/registration/?e=1")


def test_an_action_on_a_selection_that_is_not_ids_shows_a_message(organiser_client):
    RegistrationFactory()
    response = organiser_client.post(
        "/en/admin/registrations/registration/",
        {"action": "resend_confirmation", "_selected_action": ["abc"], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "The selection is not valid" in response.content.decode()


def test_a_missing_badge_pdf_is_not_found(organiser_client):
    run = BadgePrintRun.objects.create(
        event=EventFactory(), source="confirmed", status=BadgePrintRun.Status.READY, file="gone.pdf"
    )
    response = organiser_client.get(f"/en/admin/registrations/badgeprintrun/{run.pk}/download/")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/en/invitation/a%00b/", "/en/register/colleague/a%00b/"])
def test_a_link_token_with_a_nul_byte_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_french_and_english_urls_take_the_same_parameters_with_the_same_converters():
    """The walk runs in English; a translated route must not loosen a converter."""
    from django.utils import translation

    def converters():
        return [re.findall(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", route) for route, _ in walk(get_resolver().url_patterns)]

    english = converters()
    with translation.override("fr"):
        french = converters()
    assert french == english
