"""The back office of content in French and English: each translated field's two languages
side by side on the change forms, saved as written, and the "English missing" filter on the
sessions, speakers and themes."""

import html5lib
import pytest
from django.urls import reverse

from backoffice.models import Announcement
from events.models import Room, Session, Theme
from speakers.models import Speaker
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    ThemeFactory,
    WorkshopBookingFactory,
    at,
)

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def elements(root, *tags):
    return [element for element in root.iter() if element.tag in tags]


def form_data(document) -> dict:
    """What the browser would post from the change form as shown (without its files)."""
    data: dict[str, list[str]] = {}
    form = next(f for f in document.iter("form") if f.get("id", "").endswith("_form"))
    for element in elements(form, "input", "select", "textarea"):
        name, kind = element.get("name"), element.get("type", "text")
        if not name or kind in {"submit", "button", "file"} or (kind == "checkbox" and element.get("checked") is None):
            continue
        if element.tag == "select":
            values = [o.get("value") for o in elements(element, "option") if o.get("selected") is not None]
        elif element.tag == "textarea":
            values = [(element.text or "").removeprefix("\n")]
        else:
            values = [element.get("value", "on" if kind == "checkbox" else "")]
        data.setdefault(name, []).extend(values)
    return data


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def announcement():
    return Announcement.objects.create(
        event=EventFactory(), subject_fr="Salle changée", body_fr="Salle B.", subject_en="Room changed", body_en="B."
    )


TRANSLATED = [
    pytest.param(EventFactory, ["tagline", "description", "practical_information", "footprint_actions"], id="event"),
    pytest.param(RoomFactory, ["name"], id="room"),
    pytest.param(ThemeFactory, ["name", "description"], id="theme"),
    pytest.param(SessionFactory, ["title", "abstract"], id="session"),
    pytest.param(SpeakerFactory, ["job_title", "bio"], id="speaker"),
    pytest.param(announcement, ["subject", "body"], id="announcement"),
]


@pytest.mark.parametrize(("make", "fields"), TRANSLATED)
def test_each_translated_field_shows_its_two_languages_side_by_side(organiser_client, make, fields):
    document = parse(organiser_client.get(change_url(make())))
    for field in fields:
        # One row of the form holds the French and the English input, labelled with their language.
        (row,) = [
            row
            for row in document.iterfind(".//div[@class]")
            if "form-row" in row.get("class").split() and f"field-{field}_fr" in row.get("class").split()
        ]
        inputs = {element.get("name"): element for element in elements(row, "input", "textarea")}
        assert set(inputs) == {f"{field}_fr", f"{field}_en"}, field
        assert {name: element.get("lang") for name, element in inputs.items()} == {
            f"{field}_fr": "fr",
            f"{field}_en": "en",
        }
        labels = ["".join(label.itertext()) for label in elements(row, "label")]
        assert [label.removesuffix(":")[-4:] for label in labels] == ["[fr]", "[en]"], labels
        # The original field, which would write only the active language, is not offered.
        assert not document.findall(f".//*[@name='{field}']"), field
    # modeltranslation's plain admin: no tabs, no script from elsewhere (its tabbed one uses a CDN).
    sources = [script.get("src") for script in document.iter("script") if script.get("src")]
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources), sources


def test_the_event_page_lists_its_rooms_in_both_languages(organiser_client):
    room = RoomFactory(name_fr="Grand Auditorium", name_en="Main Hall")
    data = form_data(parse(organiser_client.get(change_url(room.event))))
    assert (data["rooms-0-name_fr"], data["rooms-0-name_en"]) == (["Grand Auditorium"], ["Main Hall"])
    assert "rooms-0-name" not in data


def test_the_admin_saves_both_languages_as_written(organiser_client):
    session = SessionFactory(title_fr="Ouverture", title_en="", abstract_fr="Le mot d'accueil.", abstract_en="")
    data = form_data(parse(organiser_client.get(change_url(session))))
    data |= {"title_en": ["Opening"], "abstract_en": ["The welcome address."], "language": ["bilingual"]}
    assert organiser_client.post(change_url(session), data).status_code == 302
    session.refresh_from_db()
    assert (session.title_fr, session.title_en, session.abstract_fr, session.abstract_en, session.language) == (
        "Ouverture",
        "Opening",
        "Le mot d'accueil.",
        "The welcome address.",
        "bilingual",
    )

    speaker = SpeakerFactory(job_title_fr="Ingénieure", job_title_en="", bio_fr="Sa vie.", bio_en="")
    data = form_data(parse(organiser_client.get(change_url(speaker))))
    data |= {"job_title_en": ["Engineer"], "bio_en": ["Her life."]}
    assert organiser_client.post(change_url(speaker), data).status_code == 302
    speaker.refresh_from_db()
    assert (speaker.job_title_fr, speaker.job_title_en, speaker.bio_fr, speaker.bio_en) == (
        "Ingénieure",
        "Engineer",
        "Sa vie.",
        "Her life.",
    )


def test_french_is_required_and_english_is_not(organiser_client):
    theme = ThemeFactory(name_fr="Sobriété", name_en="Sufficiency")
    data = form_data(parse(organiser_client.get(change_url(theme))))
    response = organiser_client.post(change_url(theme), data | {"name_fr": [""], "name_en": ["Sufficiency"]})
    assert set(response.context["adminform"].form.errors) == {"name_fr"}
    response = organiser_client.post(change_url(theme), data | {"name_en": [""]})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_fr, theme.name_en or "") == ("Sobriété", "")


def test_an_announcement_needs_both_languages(organiser_client):
    event = EventFactory()
    add = reverse("admin:backoffice_announcement_add")
    data = {"event": event.pk, "subject_fr": "Salle changée", "body_fr": "Salle B.", "subject_en": "", "body_en": ""}
    response = organiser_client.post(add, data)
    assert set(response.context["adminform"].form.errors) == {"subject_en", "body_en"}
    assert organiser_client.post(add, data | {"subject_en": "Room changed", "body_en": "Room B."}).status_code == 302
    assert Announcement.objects.values_list("subject_fr", "subject_en", "body_en").get() == (
        "Salle changée",
        "Room changed",
        "Room B.",
    )


def test_rooms_without_an_english_name_are_saved_from_the_event_page(organiser_client):
    """Two rooms with no English name: the missing names are NULL, not two equal "" names."""
    event = EventFactory()
    data = form_data(parse(organiser_client.get(change_url(event))))
    data |= {
        "rooms-TOTAL_FORMS": ["2"],
        **{
            f"rooms-{i}-{field}": [value]
            for i, name in enumerate(["Salon Iéna", "Salon Marceau"])
            for field, value in {"name_fr": name, "name_en": "", "capacity": "30", "position": str(i)}.items()
        },
    }
    response = organiser_client.post(change_url(event), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Room.objects.filter(event=event).values_list("name_fr", "name_en")) == [
        ("Salon Iéna", None),
        ("Salon Marceau", None),
    ]


def test_session_validations_still_apply_to_the_translated_form(organiser_client):
    event = EventFactory()
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, title="Le droit", start=at("09:00"), end=at("10:00"))
    other = SessionFactory(event=event, room=room, start=at("11:00"), end=at("12:00"))
    data = form_data(parse(organiser_client.get(change_url(other))))
    response = organiser_client.post(change_url(other), data | {"start_1": ["09:30"], "end_1": ["10:30"]})
    assert response.status_code == 200
    assert "“Le droit”" in " ".join(response.context["adminform"].form.errors["room"])


def test_lists_search_both_languages_and_show_the_french(organiser_client):
    SessionFactory(title_fr="Ce que cachent nos métaux", title_en="What our metals hide")
    SessionFactory(title_fr="Réparer", title_en="Repairing")
    changelist = reverse("admin:events_session_changelist")
    for query in ["metals", "métaux"]:
        response = organiser_client.get(changelist, {"q": query})
        assert [s.title_fr for s in response.context["cl"].result_list] == ["Ce que cachent nos métaux"], query
    page = organiser_client.get(changelist).content.decode()
    assert "Ce que cachent nos métaux" in page and "Title [fr]" in page


# --- "English missing" ------------------------------------------------------------------------


def sessions_by_translation():
    """Sessions with French and English, or missing English somewhere, or with nothing to translate."""
    event = EventFactory()

    def session(slug, **texts):
        return SessionFactory(event=event, slug=slug, **{"title_en": None, "abstract_en": None} | texts)

    missing = [
        session("no-english", title_fr="Ouverture", abstract_fr="Le mot d'accueil."),
        session("no-english-abstract", title_fr="Réparer", title_en="Repairing", abstract_fr="Un atelier."),
        session("empty-english-title", title_fr="Clôture", title_en="", abstract_fr=""),
    ]
    complete = [
        session("both", title_fr="Données", title_en="Data", abstract_fr="Un atelier.", abstract_en="A workshop."),
        # A slot without an abstract has nothing more to translate.
        session("lunch", kind=Session.Kind.LUNCH, title_fr="Déjeuner", title_en="Lunch", abstract_fr=""),
    ]
    return missing, complete


def speakers_by_translation():
    def speaker(**texts):
        return SpeakerFactory(**{"job_title_en": None, "bio_en": None} | texts)

    missing = [
        speaker(job_title_fr="Ingénieure", bio_fr="Sa vie."),
        speaker(job_title_fr="Ingénieure", job_title_en="Engineer", bio_fr="Sa vie.", bio_en=""),
        speaker(job_title_fr="Chercheuse", bio_fr="", job_title_en=""),
    ]
    complete = [
        speaker(job_title_fr="Ingénieure", job_title_en="Engineer", bio_fr="Sa vie.", bio_en="Her life."),
        speaker(job_title_fr="", bio_fr=""),  # nothing written yet, nothing to translate
    ]
    return missing, complete


def themes_by_translation():
    def theme(**texts):
        return ThemeFactory(**{"name_en": None, "description_en": None} | texts)

    missing = [
        theme(name_fr="Sobriété", description_fr="Moins mais mieux."),
        theme(name_fr="Données", name_en="Data", description_fr="Ce qu'elles coûtent."),
    ]
    complete = [
        theme(name_fr="Réparer", name_en="Repair", description_fr="Faire durer.", description_en="Make it last."),
        theme(name_fr="Mesurer", name_en="Measuring", description_fr=""),
    ]
    return missing, complete


@pytest.mark.parametrize(
    ("model", "rows"),
    [(Session, sessions_by_translation), (Speaker, speakers_by_translation), (Theme, themes_by_translation)],
    ids=["sessions", "speakers", "themes"],
)
def test_english_missing_filter_shows_exactly_the_rows_to_translate(organiser_client, model, rows):
    missing, complete = rows()
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = organiser_client.get(changelist).content.decode()
    assert "English missing" in page
    for value, expected in {"yes": missing, "no": complete, None: missing + complete}.items():
        response = organiser_client.get(changelist, {"english_missing": value} if value else {})
        assert response.status_code == 200
        assert {row.pk for row in response.context["cl"].result_list} == {row.pk for row in expected}, value


def test_english_missing_filter_works_in_french_too(organiser_client):
    missing, _ = themes_by_translation()
    response = organiser_client.get("/admin/events/theme/", {"english_missing": "yes"})
    assert {row.pk for row in response.context["cl"].result_list} == {row.pk for row in missing}


def test_sending_an_announcement_shows_both_languages_each_marked(organiser_client):
    sent = announcement()
    response = organiser_client.post(
        reverse("admin:backoffice_announcement_changelist"),
        {"action": "send_to_confirmed_attendees", "_selected_action": [sent.pk]},
    )
    document = parse(response)
    headings = {heading.text: heading.get("lang") for heading in document.iter("h2")}
    assert (headings["Salle changée"], headings["Room changed"]) == ("fr", "en")
    cells = {cell.text: cell.get("lang") for cell in document.iter("td")}
    assert (cells["Salle changée"], cells["Room changed"]) == ("fr", "en")


def test_workshop_bookings_are_found_by_either_title(organiser_client):
    workshop = SessionFactory(kind=Session.Kind.WORKSHOP, title_fr="Réparer plutôt que jeter", title_en="Repair")
    booking = WorkshopBookingFactory(session=workshop, registration=RegistrationFactory(event=workshop.event))
    changelist = reverse("admin:registrations_workshopbooking_changelist")
    for query in ["Réparer", "Repair"]:
        response = organiser_client.get(changelist, {"q": query})
        assert [b.pk for b in response.context["cl"].result_list] == [booking.pk], query


def test_organisers_change_the_events_approval_and_waiting_list_rules_on_its_page(organiser_client):
    """The rules of an invite-driven event (issue 17) are on the event's change form."""
    event = EventFactory()
    data = form_data(parse(organiser_client.get(change_url(event))))
    data |= {
        "open_registrations_need_approval": ["on"],
        "offer_window_hours": ["12"],
        "reconfirmation_days_before": ["10"],
        "show_rates": ['{"client": 80}'],
    }
    response = organiser_client.post(change_url(event), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.open_registrations_need_approval
    assert (event.offer_window_hours, event.reconfirmation_days_before) == (12, 10)
    assert event.show_rate_for("client") == 80
