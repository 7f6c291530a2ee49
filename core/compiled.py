"""Small, hot queries compiled once per process and database, then run with each call's own
values.

The ORM compiles a queryset again on every call, and for the small queries of a
registration that was most of their time (asking whether someone is registered: 0.41 of
its 0.49 ms; the seat count's UNION: a fifth of the whole registration). A function
decorated with `compiled_once(kind, ...)` builds a queryset from its arguments; it is
compiled for two sets of stand-in arguments, which shows which of the SQL's parameters each
argument became, and from then on that SQL runs with the call's own values in their places.

Only an argument the ORM passes to the database as it is (after the database's own
adaptation: a date and time as the backend writes one) can be compiled this way; anything
else (a value a lookup changes, such as `contains`, or one that changes the SQL itself) is
refused at the first call, never answered wrong. The arguments are the site's own (ids read
from its rows, the current moment): a value out of a column's range, which the ORM answers
with no rows, is the database's error here."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection


def stand_ins(kind: type, place: int) -> tuple[Any, Any]:
    """Two values of `kind` no query is ever asked about, different for each argument (ints
    within every integer field's range: the ORM compiles a value beyond it to no query)."""
    if kind is int:
        return 2_101_000_001 + 1000 * place, 2_102_000_002 + 1000 * place
    if kind is dt.datetime:
        return (
            dt.datetime(1901, 1, 1 + place, 1, 2, 3, 4, tzinfo=dt.UTC),
            dt.datetime(1902, 2, 1 + place, 5, 6, 7, 8, tzinfo=dt.UTC),
        )
    raise TypeError(f"compiled_once takes int and datetime arguments, not {kind.__name__}")


def adapted(value):
    """`value` as the ORM hands it to the database driver."""
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    params: tuple
    places: dict[int, int]  # the parameter's index: the argument's
    compiler: Any  # the compilation's own, for turning rows into model instances
    fetch_mode: Any
    converters: dict  # what the ORM does to each column read (e.g. SQLite's text to datetime)

    def run(self, args: tuple) -> list[tuple]:
        params = list(self.params)
        for index, argument in self.places.items():
            params[index] = adapted(args[argument])
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()

    def instances(self, args: tuple) -> list:
        """The rows as the queryset's model instances (a queryset of plain rows of its model:
        no `select_related`, annotations or `values`)."""
        compiler = self.compiler
        if compiler.klass_info is None or compiler.klass_info.get("related_klass_infos") or compiler.annotation_col_map:
            raise ValueError("instances() is for querysets of plain rows of their model")
        rows = self.run(args)
        if self.converters:
            rows = compiler.apply_converters(rows, self.converters)
        model = compiler.klass_info["model"]
        names = [column.target.attname for column, _, _ in compiler.select[: compiler.col_count]]
        return [model.from_db(connection.alias, names, row, fetch_mode=self.fetch_mode) for row in rows]


class compiled_once:
    """`@compiled_once(int, dt.datetime)` over a function building a queryset from an int and
    a moment; `function.rows(…)`, `function.instances(…)` and `function.first(…)` run it."""

    def __init__(self, *kinds: type):
        self.kinds = kinds
        self.compiled: dict[tuple[str, str], CompiledQuery] = {}

    def __call__(self, build):
        self.build = build
        self.__doc__, self.__name__ = build.__doc__, build.__name__
        return self

    def rows(self, *args) -> list[tuple]:
        return self.query().run(args)

    def instances(self, *args) -> list:
        return self.query().instances(args)

    def first(self, *args):
        """The first instance, or None when there is no row."""
        found = self.instances(*args)
        return found[0] if found else None

    def query(self) -> CompiledQuery:
        # SQL compiled for one database is not another's.
        key = (connection.vendor, connection.alias)
        if key not in self.compiled:
            self.compiled[key] = self.compile()
        return self.compiled[key]

    def compile(self) -> CompiledQuery:
        first, second = zip(*(stand_ins(kind, place) for place, kind in enumerate(self.kinds)), strict=True)
        queryset = self.build(*first)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        other_sql, other_params = self.build(*second).query.get_compiler(connection=connection).as_sql()
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError(f"{self.__name__}: its arguments change the SQL itself")
        places = {}
        for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            matching = [
                argument
                for argument, (a, b) in enumerate(zip(first, second, strict=True))
                if (adapted(a), adapted(b)) == (one, other)
            ]
            if len(matching) != 1:
                raise ValueError(f"{self.__name__}: parameter {index} is not one of its arguments as they are")
            places[index] = matching[0]
        if set(places.values()) != set(range(len(self.kinds))):
            raise ValueError(f"{self.__name__}: an argument that is no parameter of its SQL")
        converters = compiler.get_converters([column for column, _, _ in compiler.select[: compiler.col_count]])
        return CompiledQuery(sql, tuple(params), places, compiler, queryset._fetch_mode, converters)
