"""Ids in URLs: `<id:name>`, a positive integer that every id column can hold.

`<int:…>` takes any number of digits: a number beyond the column's range reached the view,
and SQLite, which holds 64 bits at most, answered a server error (OverflowError). A larger
number is not matched at all, so the path is not found, on either database. Importing this
module registers the converter: each URLconf that writes `<id:…>` imports it."""

from django.urls import register_converter

# PostgreSQL's integer, the narrowest id column of the site (Django's own tables have
# them); a bigint id holds it too. Ids posted in a body share the bound (core.forms.IdField).
MAX_ID = 2_147_483_647


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # not matched: the path is not found
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
