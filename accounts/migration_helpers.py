"""Helpers the data migrations share. Migrations call them with their historical `apps`,
so these functions must keep working with any past state of the models: keep them small
and never import models directly."""

from django.contrib.auth.management import create_permissions

DEFAULT_ACTIONS = {"view", "add", "change", "delete"}


def grant_to_group(apps, group_name: str, permissions: dict[str, dict[str, list[str]]]) -> None:
    """Give `group_name` the permissions {app_label: {model: [action, ...]}}, creating the
    group and the permissions themselves if they do not exist yet (on a fresh database they
    are normally created only after every migration ran)."""
    for app_label in permissions:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, models in permissions.items():
        for model, actions in models.items():
            # An action is "view", "add"…, or a model's own permission such as "check_in".
            codenames = [action if action not in DEFAULT_ACTIONS else f"{action}_{model}" for action in actions]
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
