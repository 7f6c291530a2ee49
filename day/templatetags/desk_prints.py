"""The desk's "Print badge" button, with how many times the badge was printed there."""

from django import template

from day import paperless

register = template.Library()


@register.simple_tag
def desk_print_counts(registrations) -> dict[int, int]:
    """Prints per registration for a list of search results, in one query."""
    return paperless.desk_print_counts(registration.pk for registration in registrations)


@register.inclusion_tag("day/_desk_print.html")
def desk_print_button(registration, counts=None):
    """`counts`: from `desk_print_counts`, for a list; without it, one query for this one."""
    if counts is None:
        counts = paperless.desk_print_counts([registration.pk])
    return {"registration": registration, "printed": counts.get(registration.pk, 0)}
