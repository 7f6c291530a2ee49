"""The project's URL patterns, and their paths filled in with real or hostile values."""

import re
from urllib.parse import quote

from django.urls import URLPattern, URLResolver

from tests.url_walk.world import World


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


TOKEN_OF_VIEW = {
    "registrations.views.hold": "hold token",
    "registrations.invitation_views.invitation": "invitation token",
    "registrations.invitation_views.answer": "invitation token",
    "speakers.area_views.invitation": "speaker token",
}


def real_path_values(route: str, pattern: URLPattern, world: World) -> dict[str, str]:
    values = dict(world.path_values)
    values["slug"] = world.path_values[
        "session slug" if pattern.lookup_str == "events.views.session_detail" else "speaker slug"
    ]
    # A link's token that no object has (its page says the link is not valid), unless the
    # world made a real one for that view.
    values.setdefault("token", "not-a-token")
    if pattern.lookup_str in TOKEN_OF_VIEW:
        values["token"] = world.path_values[TOKEN_OF_VIEW[pattern.lookup_str]]
    if "object_id" in route and pattern.name and pattern.name != "view_on_site":
        app_label, model_name = pattern.name.split("_")[:2]
        values["object_id"] = str(world.admin_objects.get(f"{app_label}.{model_name}", 1))
    return values


def is_stock_admin_view(pattern: URLPattern) -> bool:
    return pattern.lookup_str.startswith("django.contrib.admin.options.ModelAdmin.")
