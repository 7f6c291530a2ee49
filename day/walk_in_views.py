"""The desk's walk-in page: check-in staff register someone at the door into a free seat,
then print their badge at once (the desk's print on demand, paperless_views.desk_print)."""

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import EMAIL_MAX_LENGTH
from day import checkin, walk_ins
from day.checkin import CHECK_IN_PERMISSION
from registrations.models import Registration
from registrations.views import get_event_or_404


class WalkInForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Optional. With it, the person gets the confirmation and can log in later by a code."),
    )
    desk = forms.CharField(label=_("Desk"), required=False, max_length=50, help_text=_("For example “Desk 2”."))

    class Meta:
        model = Registration
        fields = ["first_name", "last_name", "organisation", "job_title", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_title"].required = False
        self.fields["category"].choices = Registration.Category.choices
        for name in ("first_name", "last_name", "organisation", "job_title", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def walk_in(self) -> walk_ins.WalkIn:
        data = self.cleaned_data
        fields = ["first_name", "last_name", "organisation", "category", "email", "job_title"]
        return walk_ins.WalkIn(**{field: data[field] for field in fields})


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def walk_in(request):
    event = get_event_or_404(request)
    now = timezone.now()
    status = 200
    if request.method == "POST":
        form = WalkInForm(request.POST)
        error = None
        if form.is_valid():
            try:
                registration = walk_ins.register_walk_in(
                    event, form.walk_in(), staff=request.user, desk=form.cleaned_data["desk"], now=now
                )
            except walk_ins.WalkInError as refusal:
                error, status = refusal, 409
            else:
                # After a redirect, a reload does not register the person twice.
                query = urlencode({"registered": registration.pk, "desk": form.cleaned_data["desk"]})
                return redirect(f"{reverse('day:walk_in')}?{query}")
        else:
            status = 400
    else:
        form, error = WalkInForm(initial={"desk": request.GET.get("desk", "")[:50], "category": "other"}), None
    context = {
        "event": event,
        "form": form,
        "error": error,
        "is_open": walk_ins.walk_ins_open(event, now),
        "check_in_closed": None if now < event.check_in_closes_at else checkin.window_message(event),
        "seats_left": walk_ins.seats_for_walk_ins(event, now),
        "registered": registered_walk_in(request, event),
    }
    return render(request, "day/walk_in.html", context, status=status)


def registered_walk_in(request, event) -> Registration | None:
    pk = request.GET.get("registered", "")
    # A hand-made query string is ignored, never an error (ASCII digits a database id can hold).
    if request.method != "GET" or not (pk.isascii() and pk.isdigit() and len(pk) < 19):
        return None
    return Registration.objects.filter(pk=pk, event=event, is_walk_in=True).select_related("check_in").first()
