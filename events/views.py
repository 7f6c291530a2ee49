from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from events import exports, selectors
from events.editions import event_or_404, programme_or_404
from events.forms import ProgrammeFilterForm
from events.models import Session


def programme(request):
    event = event_or_404(request)
    if not event.shows_programme_to(request.user):
        return render(request, "events/programme.html", {"event": event, "in_draft": True})
    if request.GET:
        form = ProgrammeFilterForm(request.GET)
        filters = form.cleaned_data if form.is_valid() else {}
    else:  # the whole programme: its empty form is drawn only when the grid is not cached
        form, filters = SimpleLazyObject(ProgrammeFilterForm), {}
    theme, kind, language = filters.get("theme"), filters.get("kind", ""), filters.get("language", "")
    # Rendering the grid is most of the page's cost, so it is cached (keyed by the
    # programme's version) and the queries behind it only run when the cache misses.
    grid = SimpleLazyObject(lambda: selectors.programme(event, theme=theme, kind=kind, language=language))
    has_errors = bool(request.GET) and bool(form.errors)
    cache_variant = None if has_errors else f"{theme.slug if theme else ''}:{kind}:{language}:{bool(request.GET)}"
    return render(
        request,
        "events/programme.html",
        {"event": event, "form": form, "programme": grid, "cache_variant": cache_variant},
    )


def session_detail(request, slug):
    event = programme_or_404(request)
    session = get_object_or_404(
        Session.objects.select_related("room", "theme").prefetch_related("speakers"), event=event, slug=slug
    )
    return render(request, "events/session_detail.html", {"event": event, "session": session})


def programme_ics(request):
    response = HttpResponse(
        exports.programme_ics(programme_or_404(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="programme.ics"'
    return response


def programme_json(request):
    return JsonResponse(exports.programme_json(programme_or_404(request)), json_dumps_params={"ensure_ascii": False})
