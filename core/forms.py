"""Form fields for values that reach a query, bounded to what its column can hold."""

from django import forms
from django.core.exceptions import ValidationError

from core.converters import MAX_ID

# What every e-mail column holds (Django's model EmailField, after RFC 5321); Django's form
# EmailField lets 320 characters through, which PostgreSQL refuses in a varchar(254).
EMAIL_MAX_LENGTH = 254


class IdField(forms.IntegerField):
    """A row's id posted in a body (a hidden input, a pick from a list): bounded as `<id:…>`
    is in URLs, so that a number no column holds is a form error, not an overflow."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


def read_id(value) -> int | None:
    """A posted value that names a row, as an id; None if it cannot be one."""
    try:
        return IdField().clean(value)
    except ValidationError:
        return None


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A list of ids, each checked against its column's range before a query: SQLite cannot
    compare a number beyond 64 bits in `IN (…)` (OverflowError), where a single id is
    simply not found."""

    def fits_the_column(self, value) -> bool:
        model = self.queryset.model
        column = model._meta.get_field(self.to_field_name or model._meta.pk.name)
        try:
            column.run_validators(column.to_python(value))
        except (ValidationError, ValueError, TypeError):
            return False
        return True

    def clean(self, value):
        if isinstance(value, list | tuple):
            for item in value:
                if not self.fits_the_column(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super().clean(value)

    def prepare_value(self, value):
        # A refused form shows its choices again, without the ids no row can have: the
        # admin's autocomplete looks up the chosen ones to show their names.
        prepared = super().prepare_value(value)
        if isinstance(prepared, list | tuple):
            return [item for item in prepared if not isinstance(item, str) or self.fits_the_column(item)]
        return prepared
