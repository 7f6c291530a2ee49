"""Daily counters kept by the site itself (page views, PDFs generated): each adds to its
day's row in one statement, an upsert, so that counting stays as cheap as the thing counted."""

import logging

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from footprint.models import DocumentsGenerated

logger = logging.getLogger(__name__)


def add_to_counts(model: type[Model], rows: list[dict], *, keys: tuple[str, ...], added: tuple[str, ...]) -> None:
    """Insert each row, or add its `added` fields to the existing row with the same `keys`;
    any other field keeps the value it has, or takes the row's when it has none.
    One statement for all the rows (their keys must differ)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [model._meta.get_field(name) for name in rows[0]]
    columns = [quote(field.column) for field in fields]
    updates = []
    for field, column in zip(fields, columns, strict=True):
        if field.name in added:
            updates.append(f"{column} = {table}.{column} + EXCLUDED.{column}")
        elif field.name not in keys:
            updates.append(f"{column} = COALESCE({table}.{column}, EXCLUDED.{column})")
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    conflict = ", ".join(quote(model._meta.get_field(name).column) for name in keys)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(updates)}"
    )
    params = [field.get_db_prep_save(row[field.name], connection) for row in rows for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def count_pdf(sender, *, kind: str, pages: int, size_bytes: int, **kwargs) -> None:
    """Receiver of core.pdf's `pdf_rendered`: one PDF more of `kind` today."""
    row = {"date": timezone.localdate(), "kind": kind, "documents": 1, "pages": pages, "kilobytes": size_bytes / 1024}
    add_to_counts(DocumentsGenerated, [row], keys=("date", "kind"), added=("documents", "pages", "kilobytes"))
