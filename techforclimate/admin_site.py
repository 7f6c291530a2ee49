"""The organisers' admin site: Django's, one edition at a time, with the few parameters it
trusts checked.

Under /2026/admin/ (or /admin/, the current edition) every list of an edition's rows shows
that edition's only, its forms offer that edition's rooms, sessions and registrations, and
a new row starts in it; the header switches to the same list in another edition.
Accounts, speakers' profiles and themes are shared: their lists show everything.

Django's admin answers a server error to a few hand-made requests: an action posted with a
selected id that is not a number, an empty `_to_field`, or (on SQLite) a many-to-many choice
beyond 64 bits. Every model admin registered here (ours and Django's own, such as groups) is
given `HardenedModelAdmin` first in its bases."""

import functools

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from core.forms import BoundedModelMultipleChoiceField
from events import editions
from events.models import Event
from events.selectors import editions_for_the_back_office


def is_valid_primary_key(model, value: str) -> bool:
    field = model._meta.pk
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    return True


@functools.cache  # a model's relations do not change: asked on every list, form and filter
def edition_lookup(model) -> str | None:
    """How a row of `model` names its edition ("event", "registration__event"), or None
    for what editions share."""
    if model is Event:
        return None
    fields = [field for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one]
    if any(field.name == "event" and field.related_model is Event for field in fields):
        return "event"
    for field in fields:
        if field.related_model is not None and edition_lookup(field.related_model) == "event":
            return f"{field.name}__event"
    return None


def is_edition_owned(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False  # a lookup through a relation ("session__room"): left as it is
    return field.is_relation and field.related_model is not None and edition_lookup(field.related_model) is not None


class OneEditionAtATime:
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        lookup, event = edition_lookup(self.model), getattr(request, "event", None)
        return queryset.filter(**{lookup: event}) if lookup and event is not None else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        event = getattr(request, "event", None)
        if db_field.related_model is Event and field is not None and event is not None:
            # A row of this edition stays in it: no moving a room, with its sessions, to another.
            field.queryset = field.queryset.filter(pk=event.pk)
            return field
        return in_the_edition(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return in_the_edition(field, request)

    def get_list_filter(self, request):
        # A filter by room, session or registration offers those of the rows listed (the
        # edition's), not every edition's.
        return [
            (name, admin.RelatedOnlyFieldListFilter)
            if isinstance(name, str) and is_edition_owned(self.model, name)
            else name
            for name in super().get_list_filter(request)
        ]

    # The pages of what editions share (a theme, a speaker, an e-mail) may show rows of every
    # edition: a theme's deletion lists the sessions of each edition it takes with it.
    def changeform_view(self, request, *args, **kwargs):
        return self.in_every_edition_if_shared(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self.in_every_edition_if_shared(super().delete_view, request, *args, **kwargs)

    def history_view(self, request, *args, **kwargs):
        return self.in_every_edition_if_shared(super().history_view, request, *args, **kwargs)

    def in_every_edition_if_shared(self, view, request, *args, **kwargs):
        if edition_lookup(self.model) is not None:
            return view(request, *args, **kwargs)
        with editions.every_edition():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # inside: the template reads the rows
        return response

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if edition_lookup(self.model) == "event" and getattr(request, "event", None) is not None:
            initial.setdefault("event", request.event.pk)
        return initial


def in_the_edition(field, request):
    """A choice of an edition's rows offers the request's edition's only."""
    queryset = getattr(field, "queryset", None) if field is not None else None
    event = getattr(request, "event", None)
    if queryset is not None and event is not None:
        lookup = edition_lookup(queryset.model)
        if lookup:
            field.queryset = queryset.filter(**{lookup: event})
    return field


def in_every_edition(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with editions.every_edition():
            return view(request, *args, **kwargs)

    return wrapped


def same_list_in(path: str, this: Event, other: Event) -> str:
    """The admin page at `path`, in `other`'s edition: a list stays the list (the change
    page of one row is the list, since the row is not in the other edition)."""
    language, _, rest = path.partition("/admin/")
    language = language.removesuffix(f"/{this.edition}").removeprefix("/")
    model_list = "/".join(rest.split("/")[:2]) + "/" if rest.count("/") >= 2 else ""
    prefix = f"/{language}/" if language else "/"
    return f"{prefix}{other.edition}/admin/{model_list}"


class HardenedModelAdmin:
    def get_object(self, request, object_id, from_field=None):
        # An empty `_to_field` names no field; Django would look for a field called "".
        return super().get_object(request, object_id, from_field or None)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_valid_primary_key(self.model, value) for value in selected):
            self.message_user(request, _("The selection is not valid: select the items again."), messages.WARNING)
            return None  # the changelist shows itself again with the message
        return super().response_action(request, queryset, *args, **kwargs)


class OrganisersAdminSite(admin.AdminSite):
    def get_urls(self):
        # "View on site" looks its row up by content type and id, of whichever edition.
        urls = super().get_urls()
        for pattern in urls:
            if getattr(pattern, "name", None) == "view_on_site":
                pattern.callback = in_every_edition(pattern.callback)
        return urls

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HardenedModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (HardenedModelAdmin, OneEditionAtATime, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        context = super().each_context(request)
        this = getattr(request, "event", None)
        if this is not None:
            context["edition"] = this
            context["other_editions"] = [
                (other, same_list_in(request.path, this, other))
                for other in editions_for_the_back_office()
                if other.pk != this.pk
            ]
        return context
