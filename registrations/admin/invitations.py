"""Invitations in the back office: the invitees, their import from a file, follow-up,
invitations and reminders sent after a preview, and the seats held for colleagues."""

from django import forms
from django.contrib import admin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event
from mail.models import OutgoingEmail
from registrations import invitations
from registrations.admin.base import AdminPage
from registrations.emails import render_email
from registrations.models import (
    HoldAllowance,
    Invitee,
    SeatHold,
)


class InviteeImportForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.all())
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon) or Excel (.xlsx). First line: first name, last name, e-mail, "
            "organisation, category (client, partner, supplier, press, other), language (fr or en)."
        ),
    )


class AnswerFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return Invitee.Answer.choices

    def queryset(self, request, queryset):
        if self.value() in Invitee.Answer.values:
            return queryset.filter(answer_state=self.value())
        return queryset


@admin.register(Invitee)
class InviteeAdmin(AdminPage, admin.ModelAdmin):
    # The personal link is a key to a seat: the admin does not offer to open it.
    view_on_site = False
    list_display = [
        "__str__",
        "email",
        "category",
        "language",
        "answer_label",
        "invited_at",
        "reminded_at",
        "passed_on",
    ]
    list_filter = [AnswerFilter, "category", "language", "event"]
    list_select_related = ["registration", "passed_to", "passed_from"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    fields = [
        "event",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "category",
        "language",
        "passed_to",
        "passed_at",
        "passed_from_invitee",
    ]
    # Passed on by the person who had the link (`invitations.pass_on_invitation`), not here.
    readonly_fields = ["passed_to", "passed_at", "passed_from_invitee"]
    actions = ["send_invitations", "send_reminders"]
    change_list_template = "admin/registrations/invitee/change_list.html"

    def get_changeform_initial_data(self, request):
        return {"event": request.event}

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="registrations_invitee_import"),
            path("follow-up/", self.admin_site.admin_view(self.follow_up_view), name="registrations_invitee_follow_up"),
            path(
                "last-edition/",
                self.admin_site.admin_view(self.last_edition_view),
                name="registrations_invitee_last_edition",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_answer()

    @admin.display(description=_("answer"), ordering="answer_state")
    def answer_label(self, invitee):
        return invitee.answer.label

    @admin.display(description=_("passed from"))
    def passed_from_invitee(self, invitee):
        return passed_from(invitee) or "—"

    @admin.display(description=_("passed on"))
    def passed_on(self, invitee):
        """To whom (this invitation is closed) or from whom (this one replaced it)."""
        if invitee.passed_to_id:
            return _("to %(person)s") % {"person": invitee.passed_to}
        if source := passed_from(invitee):
            return _("from %(person)s") % {"person": source}
        return "—"

    def import_view(self, request):
        """Upload → preview of every row and its problem → import the valid rows."""
        if not self.has_add_permission(request):
            raise Http404
        if request.method == "POST" and "confirm" in request.POST:
            pending = request.session.pop(IMPORT_SESSION_KEY, None)
            if not pending:
                self.message_user(request, _("Nothing to import: please send the file again."), level="warning")
                return HttpResponseRedirect(reverse("admin:registrations_invitee_import"))
            event = get_object_or_404(Event, pk=pending["event"])
            report = invitations.import_invitees(event, pending["rows"])
            self.message_user(
                request,
                _("Import done: %(added)d added, %(updated)d updated, %(skipped)d unchanged.")
                % {"added": report.added, "updated": report.updated, "skipped": report.skipped},
            )
            return HttpResponseRedirect(reverse("admin:registrations_invitee_changelist"))
        form = InviteeImportForm(request.POST or None, request.FILES or None, initial={"event": request.event})
        context = {"title": _("Import invitees"), "form": form}
        if request.method == "POST" and form.is_valid():
            event = form.cleaned_data["event"]
            try:
                rows = invitations.parse_invitees(form.cleaned_data["file"], event=event)
            except invitations.InviteeFileError as error:
                form.add_error("file", error.message)
            else:
                valid = [row.values for row in rows if row.is_valid]
                request.session[IMPORT_SESSION_KEY] = {"event": event.pk, "rows": valid}
                counts = {
                    action: sum(row.action == action for row in rows) for action in ("add", "update", "unchanged")
                }
                context |= {
                    "rows": rows,
                    "counts": counts,
                    "problems": sum(not r.is_valid for r in rows),
                    "event": event,
                }
        return self.render_admin(request, "admin/registrations/invitee/import.html", context)

    def last_edition_view(self, request):
        """Last year's attendees invited in one step: how many first, then, confirmed, each
        one an invitee of this edition with their invitation sent (once)."""
        if not self.has_add_permission(request) or request.event is None:
            raise Http404
        event = request.event
        if request.method == "POST":
            report, sent = invitations.invite_last_editions_attendees(event)
            self.message_user(
                request,
                _("Last edition's attendees: %(added)d invited, %(sent)d invitations sent.")
                % {"added": report.added, "sent": sent},
            )
            return HttpResponseRedirect(reverse("admin:registrations_invitee_changelist"))
        context = {
            "title": _("Invite last edition's attendees"),
            "event": event,
            "previous": invitations.previous_edition(event),
            "attendees": len(invitations.last_editions_attendees(event)),
        }
        return self.render_admin(request, "admin/registrations/invitee/last_edition.html", context)

    def follow_up_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        event = request.event
        context = {"title": _("Invitations: follow-up"), "event": event}
        if event is not None:
            context |= invitations.follow_up(event)
        return self.render_admin(request, "admin/registrations/invitee/follow_up.html", context)

    @admin.action(description=_("Send the invitation e-mail"), permissions=["change"])
    def send_invitations(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            not_yet = queryset.filter(invited_at__isnull=True)
            return self.confirm_sending(request, queryset, not_yet, "invitation", _("Send these invitations?"))
        sent = invitations.send_invitations(queryset)
        self.message_user(
            request, ngettext("%(count)d invitation queued.", "%(count)d invitations queued.", sent) % {"count": sent}
        )
        return None

    @admin.action(description=_("Send a reminder to those who have not answered"), permissions=["change"])
    def send_reminders(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            awaiting = queryset.awaiting_answer().filter(reminded_at__isnull=True)
            return self.confirm_sending(request, queryset, awaiting, "invitation_reminder", _("Send these reminders?"))
        sent = invitations.send_invitation_reminders(queryset)
        self.message_user(
            request, ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent) % {"count": sent}
        )
        return None

    def confirm_sending(self, request, selected, to_send, kind: str, title: str):
        """The page that shows what an e-mail action will send, and to how many, before it does."""
        return self.render_admin(
            request,
            "admin/registrations/invitee/confirm_send.html",
            {
                "title": title,
                "queryset": selected,
                "count": to_send.count(),
                "already": selected.count() - to_send.count(),
                "previews": [preview_email(invitee, kind) for invitee in preview_samples(to_send)],
                "action": request.POST["action"],
            },
        )


IMPORT_SESSION_KEY = "invitee_import"


def preview_samples(invitees) -> list[Invitee]:
    """One invitee per language, to show the e-mail as each language group will read it."""
    samples = {}
    for invitee in invitees.select_related("event"):
        samples.setdefault(invitee.language, invitee)
        if len(samples) == 2:
            break
    return list(samples.values())


def preview_email(invitee: Invitee, kind: str) -> dict:
    email = OutgoingEmail(recipient=invitee.email, language=invitee.language, kind=kind, about=invitee)
    with translation.override(invitee.language):
        rendered = render_email(email)
    return {
        "language": invitee.get_language_display(),
        "to": invitee.email,
        "subject": rendered.subject,
        "text": rendered.text,
    }


@admin.register(SeatHold)
class SeatHoldAdmin(admin.ModelAdmin):
    # The personal link is a key to a seat: the admin does not offer to open it.
    view_on_site = False
    list_display = ["__str__", "email", "organisation", "held_by", "held_until", "status"]
    list_filter = ["status"]
    list_select_related = ["held_by"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    readonly_fields = [f.name for f in SeatHold._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False


@admin.register(HoldAllowance)
class HoldAllowanceAdmin(admin.ModelAdmin):
    """Where organisers let one account hold more seats for colleagues than the default."""

    list_display = ["user", "event", "seats"]
    list_select_related = ["user", "event"]
    raw_id_fields = ["user"]  # (its widget, unlike the autocomplete one, reads a mistyped id without failing)
    search_fields = ["user__email", "user__first_name", "user__last_name"]


def passed_from(invitee: Invitee) -> Invitee | None:
    """The invitation this one was passed on from, if any."""
    try:
        return invitee.passed_from
    except Invitee.DoesNotExist:
        return None
