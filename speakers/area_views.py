"""The speaker area's own parts: accepting an invitation and editing the profile.

The page of the speaker's sessions (and the photo posted from it) is
`events.speaker_pages`, the badge `day.badge_views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.adapter import RETURN_AFTER_LOGIN_SESSION_KEY
from speakers import services
from speakers.forms import SpeakerLinkFormSet, SpeakerProfileForm
from speakers.models import Speaker


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
