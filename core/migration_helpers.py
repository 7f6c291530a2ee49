"""Helpers the migrations share. Migrations call them with their historical `apps`, so these
functions must keep working with any past state of the models: keep them small and never
import models directly."""


def move_content_types(apps, models: list[str], *, from_app: str, to_app: str) -> None:
    """Give the content types of `models` (model names in lower case) the app `to_app`: a
    model moved between apps with its table keeps its content type's row, and with it what
    points at that row (permissions and the groups holding them, the admin's history, the
    e-mails about its objects). A row of `to_app` found already is one made afresh by
    `migrate` while the models were back in `from_app` (after the move was undone): it holds
    nothing but its own new permissions, and gives way to the old row."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        moving = ContentType.objects.filter(app_label=from_app, model=model).first()
        if moving is None:
            continue  # a fresh database: `migrate` makes the row of `to_app` at its end
        ContentType.objects.filter(app_label=to_app, model=model).delete()
        moving.app_label = to_app
        moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
