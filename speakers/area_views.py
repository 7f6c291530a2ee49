"""The speaker area: a speaker's own profile, sessions, photo and badge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.adapter import RETURN_AFTER_LOGIN_SESSION_KEY
from events.models import Session
from events.selectors import current_event
from registrations import badges
from speakers import services
from speakers.forms import PhotoForm, SpeakerLinkFormSet, SpeakerProfileForm
from speakers.models import Speaker
from speakers.photos import PhotoError


def own_speaker_or_404(request, slug=None) -> Speaker:
    """The signed-in person's own profile; any other profile, or none, answers 404."""
    speakers = Speaker.objects.filter(user=request.user)
    return get_object_or_404(speakers, slug=slug) if slug else get_object_or_404(speakers)


def invitation(request, token):
    try:
        invitation = services.find_invitation(token)
    except services.InvitationError as error:
        return render(request, "speakers/invitation_invalid.html", {"error": error}, status=410)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            speaker = services.accept_invitation(token, user=request.user)
        except services.InvitationError as error:
            return render(request, "speakers/invitation_invalid.html", {"error": error}, status=409)
        request.session.pop(RETURN_AFTER_LOGIN_SESSION_KEY, None)
        messages.success(request, _("Welcome, %(name)s: this is your speaker area.") % {"name": speaker.name})
        return redirect("speakers:area")
    # Wherever sign-up or log-in leads (e-mail verification included), come back here.
    request.session[RETURN_AFTER_LOGIN_SESSION_KEY] = request.path
    return render(request, "speakers/invitation.html", {"invitation": invitation, "next": request.path})


@login_required
def area(request):
    speaker = own_speaker_or_404(request)
    sessions = speaker.sessions.select_related("room").prefetch_related("speakers").order_by("start")
    return render(request, "speakers/area.html", {"speaker": speaker, "sessions": sessions, "photo_form": PhotoForm()})


@login_required
def edit_profile(request, slug):
    speaker = own_speaker_or_404(request, slug)
    if request.method != "POST":
        form, links = SpeakerProfileForm(instance=speaker), SpeakerLinkFormSet(instance=speaker)
        return render(request, "speakers/edit.html", {"speaker": speaker, "form": form, "links": links})

    form = SpeakerProfileForm(request.POST, instance=speaker)
    links = SpeakerLinkFormSet(request.POST, instance=speaker)
    if not (form.is_valid() and links.is_valid()):
        return render(request, "speakers/edit.html", {"speaker": speaker, "form": form, "links": links})
    if "preview" in request.POST:
        # The page as it will look, from the unsaved form; the form keeps what was typed.
        preview = form.save(commit=False)
        preview_links = [f.save(commit=False) for f in links.forms if f.has_changed() and f not in links.deleted_forms]
        return render(
            request,
            "speakers/edit.html",
            {"speaker": speaker, "form": form, "links": links, "preview": preview, "preview_links": preview_links},
        )
    with transaction.atomic():
        services.update_profile(speaker, form.changes(), user=request.user)
        links.save()
    messages.success(request, _("Your profile is saved and already visible on your public page."))
    return redirect("speakers:area")


@login_required
@require_POST
def change_photo(request, slug):
    speaker = own_speaker_or_404(request, slug)
    if "remove" in request.POST:
        services.remove_photo(speaker, user=request.user)
        messages.success(request, _("Your photo is removed."))
        return redirect("speakers:area")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.replace_photo(speaker, form.cleaned_data["photo"], user=request.user)
        except PhotoError as error:
            form.add_error("photo", error.message)
        else:
            messages.success(request, _("Your new photo is in place."))
            return redirect("speakers:area")
    sessions = speaker.sessions.select_related("room").prefetch_related("speakers").order_by("start")
    return render(
        request, "speakers/area.html", {"speaker": speaker, "sessions": sessions, "photo_form": form}, status=400
    )


@login_required
def speaker_badge(request):
    speaker = own_speaker_or_404(request)
    event = current_event()
    if event is None or not Session.objects.filter(event=event, speakers=speaker).exists():
        raise Http404("No session at the current event.")
    pdf = badges.render_badges([badges.badge_for_speaker(speaker, event)], language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{speaker.slug}.pdf"'
    return response
