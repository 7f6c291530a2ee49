"""Forms and columns agree: a value a form accepts fits the column it is written to.

Every form the site uses is walked: the form classes of the project's apps (found by importing
each of their modules: forms.py, *_forms.py, and the forms defined beside views and admins)
and the admin's, as `ModelAdmin.get_form` builds them for a superuser (with their inlines'
and their lists' forms). For each field:

- a text written to a column with a length has a max_length, no longer than the column's;
  a text of a plain form has a max_length, column or not;
- an integer's bounds fit its column's range on PostgreSQL (SQLite holds any 64-bit number,
  so a run on SQLite alone would not see a bound missing); a plain form's integer with no
  column fits PostgreSQL's integer, and an id posted in a body is `core.forms.IdField`;
- an e-mail address is 254 characters at most, in every form and every model;
- a list of ids is checked against the column's range before its query.

A plain form's fields are mapped below to the columns they are written to."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from allauth.account.forms import AddEmailForm, SignupForm
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import validators
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from accounts.roles import ACCUEIL_GROUP
from core.forms import BoundedModelMultipleChoiceField, IdField
from registrations.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.forms import PASSWORD

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    "accounts",
    "backoffice",
    "core",
    "day",
    "events",
    "feedback",
    "footprint",
    "mail",
    "registrations",
    "speakers",
    "techforclimate",
]
NOT_IMPORTED = (".migrations", "techforclimate.settings", "techforclimate.wsgi", "techforclimate.asgi")

# PostgreSQL's ranges, whatever the database of the run (SQLite's are all 64 bits).
POSTGRESQL_RANGES = BaseDatabaseOperations.integer_field_ranges
INTEGER_RANGE = POSTGRESQL_RANGES["IntegerField"]
EMAIL_MAX_LENGTH = 254

# Where each field of a plain form (or a form field that is not a model field) is written.
WRITTEN_TO = {
    "registrations.forms.ColleagueForm": {
        "first_name": ["registrations.SeatHold.first_name"],
        "last_name": ["registrations.SeatHold.last_name"],
        "email": ["registrations.SeatHold.email"],
        "organisation": ["registrations.SeatHold.organisation"],
    },
    "registrations.forms.PassOnForm": {
        "first_name": ["registrations.Invitee.first_name"],
        "last_name": ["registrations.Invitee.last_name"],
        "email": ["registrations.Invitee.email"],
    },
    "registrations.transfer_views.SeatTransferForm": {
        "first_name": ["registrations.SeatTransfer.first_name"],
        "last_name": ["registrations.SeatTransfer.last_name"],
        "email": ["registrations.SeatTransfer.email"],
    },
    "day.walk_in_views.WalkInForm": {
        "email": ["accounts.User.email", "account.EmailAddress.email"],
        "desk": ["day.CheckIn.desk"],
    },
    "day.desk_forms.DeskForm": {"desk": ["day.CheckIn.desk", "day.DeskScan.desk"]},
    "feedback.views.FeedbackForm": {
        "day_comment": ["feedback.DayFeedback.comment"],
        "comment_1": ["feedback.SessionFeedback.comment"],
    },
    "registrations.admin.registrations.RefusalForm": {"reason": ["registrations.Registration.refusal_reason"]},
    "footprint.forms.TravelForm": {"car_occupants": ["footprint.TravelDeclaration.car_occupants"]},
    "footprint.forms.OwnTripForm": {"car_occupants": ["footprint.TravelDeclaration.car_occupants"]},
    "footprint.journey_forms.JourneyMessageForm": {"body": ["footprint.JourneyMessage.body"]},
}

# Ids posted in a body, looked up rather than written.
ID_FIELDS = {
    "day.desk_forms.CheckInForm": ["registration"],
    "footprint.journey_forms.JourneyMessageForm": ["recipient"],
}

# The keyword arguments a form needs to be built (its fields may depend on them).
FORM_ARGUMENTS = {
    "feedback.views.FeedbackForm": {"sessions": [SimpleNamespace(pk=1, title="A workshop")]},
    "day.desk_forms.DeskForm": {"event": None},
    "registrations.transfer_views.SeatTransferForm": {"domain": "example.org"},
}


def dotted(form_class) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def project_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in module.name for part in NOT_IMPORTED):
                importlib.import_module(module.name)


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def admin_form_classes() -> set:
    """The forms the admin builds on (walked as it builds them, with its widgets and fields)."""
    return {
        form_class
        for model_admin in admin.site._registry.values()
        for form_class in (model_admin.form, getattr(model_admin, "add_form", None))
    }


def project_form_classes() -> list:
    project_modules()
    found = {cls for cls in subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in PROJECT_APPS}
    return sorted(found - admin_form_classes(), key=dotted)


def project_forms() -> list[tuple[str, forms.BaseForm]]:
    built = []
    for form_class in project_form_classes():
        name = dotted(form_class)
        try:
            built.append((name, form_class(**FORM_ARGUMENTS.get(name, {}))))
        except TypeError as error:
            pytest.fail(f"{name} cannot be built without arguments ({error}): add them to FORM_ARGUMENTS")
    return built


def admin_forms(superuser) -> list[tuple[str, forms.BaseForm]]:
    request = RequestFactory().get("/en/admin/")
    request.user = superuser
    request.LANGUAGE_CODE = "en"
    built = []
    for model, model_admin in admin.site._registry.items():
        where = f"admin of {model._meta.label}"
        built.append((f"{where} (add)", model_admin.get_form(request)()))
        built.append((f"{where} (change)", model_admin.get_form(request, model())()))
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            built.append((f"{where}, inline {inline_class.__name__}", inline.get_formset(request).form()))
        if model_admin.list_editable:
            built.append((f"{where} (list)", model_admin.get_changelist_form(request)()))
    return built


def column(label: str) -> models.Field:
    app_model, field_name = label.rsplit(".", 1)
    return apps.get_model(app_model)._meta.get_field(field_name)


def model_column(form: forms.BaseForm, name: str) -> models.Field | None:
    """The model field a ModelForm writes `name` to (and validates it with), if any."""
    meta = getattr(form, "_meta", None)
    if getattr(meta, "model", None) is None or (name not in (meta.fields or []) and meta.fields != "__all__"):
        return None
    try:
        field = meta.model._meta.get_field(name)
    except Exception:
        return None
    return field if field.concrete and not field.many_to_many else None


def bounds(validator_list, low=None, high=None) -> tuple:
    for validator in validator_list:
        if isinstance(validator, validators.MinValueValidator) and not callable(validator.limit_value):
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        if isinstance(validator, validators.MaxValueValidator) and not callable(validator.limit_value):
            high = validator.limit_value if high is None else min(high, validator.limit_value)
    return low, high


def integer_bounds(field: forms.IntegerField, bound_to: models.Field | None) -> tuple:
    """What a form lets through: its field's bounds and, for a ModelForm's field, the model
    field's validation, which has the column's range on PostgreSQL (Django adds it from the
    database: 64 bits on SQLite, so it is taken from PostgreSQL's here)."""
    low, high = bounds(field.validators, field.min_value, field.max_value)
    if bound_to is not None:
        low, high = bounds([*bound_to.default_validators, *bound_to._validators], low, high)
        column_low, column_high = POSTGRESQL_RANGES[bound_to.get_internal_type()]
        low = column_low if low is None else max(low, column_low)
        high = column_high if high is None else min(high, column_high)
    return low, high


def is_integer_field(field: forms.Field) -> bool:
    # A float or a decimal is an IntegerField for Django's forms, but no integer column.
    return isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField | forms.DecimalField)


def is_password(field: forms.Field) -> bool:
    # Hashed before it is stored (and a long one costs one more hash): no column holds it.
    return isinstance(field.widget, forms.PasswordInput)


def is_unchecked_list_of_ids(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, BoundedModelMultipleChoiceField)
        and isinstance(field.queryset.model._meta.pk, models.IntegerField)
    )


def field_problems(name: str, form: forms.BaseForm) -> list[str]:
    problems = []
    mapped = WRITTEN_TO.get(dotted(form.__class__), {})
    ids = ID_FIELDS.get(dotted(form.__class__), [])
    for field_name, field in form.fields.items():
        where = f"{name}: {field_name}"
        bound_to = model_column(form, field_name)
        columns = [bound_to] if bound_to is not None else [column(label) for label in mapped.get(field_name, [])]
        if isinstance(field, forms.CharField) and not is_password(field):
            lengths = [c.max_length for c in columns if c.max_length is not None]
            if field.max_length is None and (lengths or bound_to is None):
                problems.append(f"{where} has no max_length" + (f" (its column: {min(lengths)})" if lengths else ""))
            elif lengths and field.max_length > min(lengths):
                problems.append(f"{where}: max_length {field.max_length} > its column's {min(lengths)}")
            if isinstance(field, forms.EmailField) and (field.max_length or 0) > EMAIL_MAX_LENGTH:
                problems.append(f"{where}: an e-mail address of {field.max_length} characters (254 at most)")
        if field_name in ids:
            if not isinstance(field, IdField):
                problems.append(f"{where} is an id posted in a body: core.forms.IdField")
        elif is_integer_field(field):
            low, high = integer_bounds(field, bound_to)
            allowed = [POSTGRESQL_RANGES[c.get_internal_type()] for c in columns] or [INTEGER_RANGE]
            column_low, column_high = max(r[0] for r in allowed), min(r[1] for r in allowed)
            if low is None or high is None or low < column_low or high > column_high:
                problems.append(f"{where}: from {low} to {high}, beyond the column's {column_low} to {column_high}")
        if is_unchecked_list_of_ids(field):
            problems.append(f"{where}: a list of ids unchecked before its query (BoundedModelMultipleChoiceField)")
    return problems


def test_every_form_of_the_project_fits_its_columns():
    built = project_forms()
    names = {name for name, _ in built}
    assert len(built) >= 20  # the walk sees the project's forms
    stale = [name for name in [*WRITTEN_TO, *ID_FIELDS, *FORM_ARGUMENTS] if name not in names]
    assert stale == [], "forms that no longer exist"
    problems = [problem for name, form in built for problem in field_problems(name, form)]
    assert problems == [], "\n".join(problems)


def test_every_admin_form_fits_its_columns(admin_user):
    built = admin_forms(admin_user)
    assert len(built) > 30  # every registered model, its inlines and lists
    problems = [problem for name, form in built for problem in field_problems(name, form)]
    assert problems == [], "\n".join(problems)


def test_the_mapped_fields_exist_and_their_columns_too():
    by_name = dict(project_forms())
    for form_name, fields in WRITTEN_TO.items():
        for field_name, labels in fields.items():
            assert field_name in by_name[form_name].fields, f"{form_name}.{field_name}"
            for label in labels:
                column(label)


def test_every_e_mail_column_holds_254_characters_at_most():
    too_long = [
        f"{model._meta.label}.{field.name}: {field.max_length}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField) and (field.max_length is None or field.max_length > EMAIL_MAX_LENGTH)
    ]
    assert too_long == []


def test_allauth_refuses_an_address_longer_than_the_columns():
    """allauth's address fields take 320 characters; its adapter refuses what no column holds,
    for the forms that write an address (signing up, adding one on the account's page)."""
    user = UserFactory()
    signup = SignupForm(data={"email": address_of(255), "password1": PASSWORD, "password2": PASSWORD})
    assert "email" in signup.errors
    assert "email" in AddEmailForm(user=user, data={"email": address_of(255)}).errors
    assert "email" not in AddEmailForm(user=user, data={"email": address_of(254)}).errors


# Real pages, a value one character too long in each field (on PostgreSQL a varchar refuses it).


def address_of(length: int) -> str:
    """A valid e-mail address of `length` characters (a domain's labels are 63 at most)."""
    domain = ".".join(["d" * 60] * 3) + ".org"
    return "a" * (length - len(domain) - 1) + "@" + domain


WALK_IN = {"first_name": "Noé", "last_name": "Passant", "organisation": "Voisins SA", "category": "client"}


@pytest.mark.parametrize(
    ("field", "too_long"),
    [
        ("first_name", "n" * 101),
        ("last_name", "p" * 101),
        ("organisation", "o" * 201),
        ("job_title", "j" * 201),
        ("email", address_of(255)),
        ("desk", "d" * 51),
    ],
)
def test_a_walk_in_with_a_field_one_character_too_long_is_a_form_error(client, organisers_group, field, too_long):
    EventFactory(capacity=3, date=timezone.localdate())
    staff = UserFactory()
    staff.groups.add(Group.objects.get(name=ACCUEIL_GROUP))
    client.force_login(staff)
    response = client.post("/en/check-in/walk-in/", WALK_IN | {field: too_long})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Registration.objects.exists()


def test_signing_up_with_an_address_one_character_too_long_is_a_form_error(client):
    EventFactory()
    response = client.post(
        "/en/accounts/signup/", {"email": address_of(255), "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.exists()  # allauth had cut it to 254 characters: another address
