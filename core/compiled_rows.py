"""A read compiled to SQL once, which Django's Paginator (pages and DRF alike) counts and slices.

Some lists are a UNION ALL of querysets contributed by several apps ("My tasks"). Building and
compiling such a union costs the web worker more CPU than PostgreSQL spends running it, and a
Paginator compiles its queryset twice (the COUNT, then the page); a page that shows two groups
of the same items compiled it four times. `CompiledRows` holds the SQL and parameters of a
queryset compiled once, narrows it with plain SQL conditions on its output columns, and
answers the count and the expected page in one statement (`count(*) OVER ()`).

Conditions and orderings name output columns only, and values always travel as parameters.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet

from core.prepared import prepared_cursor


def _order_sql(columns: Sequence[str]) -> str:
    """ORDER BY of output columns: "-i_due" is "i_due DESC" (the ORM's meaning)."""
    parts = [f'"{name[1:]}" DESC' if name.startswith("-") else f'"{name}" ASC' for name in columns]
    return " ORDER BY " + ", ".join(parts) if parts else ""


@dataclass(frozen=True)
class CompiledRows:
    """Rows (dicts) of one compiled SELECT, narrowed by `where`, sorted by `order_by`.

    `expected` is the (offset, limit) slice the caller will ask for: counting then fetches that
    slice in the same statement, and the slice is served from it."""

    sql: str
    params: tuple
    columns: tuple[str, ...]
    where: tuple[tuple[str, tuple], ...] = ()
    order_by: tuple[str, ...] = ()
    expected: tuple[int, int] | None = None
    _fetched: dict = field(default_factory=dict, compare=False, repr=False)

    ordered = True  # Paginator warns about unordered object lists

    @classmethod
    def of(cls, queryset: QuerySet, columns: Sequence[str]) -> "CompiledRows":
        """Compile a values() queryset whose output columns are `columns`, in that order."""
        sql, params = queryset.order_by().query.sql_with_params()
        return cls(sql=sql, params=tuple(params), columns=tuple(columns))

    def filter(self, condition: str, *params) -> "CompiledRows":
        """Narrowed by an SQL condition on output columns, e.g. ('"i_state" = %s', 'overdue')."""
        return replace(self, where=(*self.where, (condition, params)), _fetched={})

    def sorted_by(self, *columns: str) -> "CompiledRows":
        return replace(self, order_by=columns, _fetched={})

    def expecting(self, offset: int, limit: int) -> "CompiledRows":
        return replace(self, expected=(offset, limit), _fetched={})

    def _statement(self, select: str, tail: str = "") -> tuple[str, list]:
        conditions = [condition for condition, _ in self.where]
        params = [*self.params, *(p for _, values in self.where for p in values)]
        where = " WHERE " + " AND ".join(f"({c})" for c in conditions) if conditions else ""
        names = ", ".join(f'"{name}"' for name in self.columns)
        sql = f"SELECT {names}{select} FROM ({self.sql}) AS compiled_rows{where}"
        return sql + _order_sql(self.order_by) + tail, params

    def _run(self, sql: str, params: list) -> list[tuple]:
        with prepared_cursor() as cursor:  # the same SQL each request: planned once
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _rows(self, offset: int, limit: int | None) -> list[dict]:
        tail = " OFFSET %s" + (" LIMIT %s" if limit is not None else "")
        sql, params = self._statement("", tail)
        extra = [offset] + ([limit] if limit is not None else [])
        return [dict(zip(self.columns, row, strict=True)) for row in self._run(sql, params + extra)]

    def count(self) -> int:
        if "count" not in self._fetched:
            self._fetched["count"] = self._count()
        return self._fetched["count"]

    def _count(self) -> int:
        """The count, with the expected slice fetched by the same statement when there is one."""
        if self.expected is not None:
            offset, limit = self.expected
            sql, params = self._statement(", count(*) OVER ()", " OFFSET %s LIMIT %s")
            rows = self._run(sql, [*params, offset, limit])
            self._fetched[(offset, limit)] = [
                dict(zip(self.columns, row[:-1], strict=True)) for row in rows
            ]
            if rows or offset == 0:
                return rows[0][-1] if rows else 0
        sql, params = self._statement("")
        [(total,)] = self._run(f"SELECT count(*) FROM ({sql}) AS counted", params)
        return total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("CompiledRows takes a slice without a step")
        offset = index.start or 0
        limit = None if index.stop is None else max(index.stop - offset, 0)
        for (start, size), rows in self._slices():
            if start <= offset and (
                size is None or (limit is not None and offset + limit <= start + size)
            ):
                return rows[offset - start :][:limit]
        self._fetched[(offset, limit)] = self._rows(offset, limit)
        return self._fetched[(offset, limit)]

    def _slices(self):
        """The slices fetched so far: a Paginator asks for a last page shorter than expected."""
        return [(key, rows) for key, rows in self._fetched.items() if key != "count"]

    def __iter__(self):
        return iter(self[0:None])
