"""The door's read of one member, compiled once per reader scope, run prepared, and logged by the
same statement.

`access_member` runs on nearly every request that shows a member: the member page and each of
its htmx sections, every save on a member. Building the scoped queryset with its two joins (the
care manager, the CBO) and compiling it cost the web worker more than PostgreSQL spends running
it, and PostgreSQL planned it afresh each time (issue 14's HTTP load test). Yet the statement
depends only on what `scope_signature` names, the registered grants' contract: so it is compiled
once per signature, with the member's id as a parameter, and run as a prepared statement. The
statement also writes the access-log row (a data-modifying CTE that inserts a row only when the
scope let the member through): one round trip and one commit where the door made two.

Nothing about a member is kept: only SQL and the scope's own parameters. What the grants leave to
SQL (supervision, consents) is read live by every run. Registering a grant drops what was kept.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from core.kept_per_key import KeptPerKey
from core.model_rows import from_row, width_of
from core.prepared import prepared_cursor

from .log import member_read_insert

# Where the member's id goes: an id no member has, inside every integer type's range, so the
# ORM compiles it as it would a real id. Found in the parameters, it is replaced at each run.
_ID_MARK = -1_987_654_321
_RELATED = ("care_manager", "cbo")  # what every door shows with the member, joined in


@dataclass(frozen=True)
class DoorSelect:
    """One scope's compiled statement, and how to rebuild its row into model instances."""

    sql: str | None  # None: the scope is built so no statement can be kept; use the ORM
    params: tuple = ()
    id_at: int = -1
    model: type | None = None

    def fetch(self, member_id: int, log_values: list):
        """The member with `member_id` if the scope lets it through (and the access-log row of
        `log_values`, accounts/access/log.member_read_values, written), else None."""
        params = list(self.params)
        params[self.id_at] = member_id
        with prepared_cursor() as cursor:  # the same text for every member: planned once
            cursor.execute(self.sql, [*params, *log_values])
            row = cursor.fetchone()
        return None if row is None else _instances(self.model, row)


_kept: KeptPerKey[DoorSelect] = KeptPerKey(limit=512)
_NOT_KEPT = DoorSelect(sql=None)


def forget() -> None:
    """Drop every kept statement (a grant was registered: scopes are built differently)."""
    _kept.clear()


def door_select(signature: tuple, scope: Callable[[], QuerySet]) -> DoorSelect:
    """The statement kept for a scope signature, compiled from `scope()` the first time."""
    return _kept.get(signature, lambda: _compile(scope()))


def _columns(model) -> list[str]:
    """The member's concrete fields, then each joined model's, as values_list() names them."""
    names = [field.name for field in model._meta.concrete_fields]
    assert names[0] == model._meta.pk.name  # the access-log row takes the member's id from it
    for relation in _RELATED:
        related = model._meta.get_field(relation).related_model
        names += [f"{relation}__{field.name}" for field in related._meta.concrete_fields]
    return names


def _compile(scope: QuerySet) -> DoorSelect:
    columns = _columns(scope.model)  # the member's primary key first
    one = scope.filter(pk=_ID_MARK).order_by().values_list(*columns)[:1]
    try:
        sql, params = one.query.sql_with_params()
    except EmptyResultSet:  # a scope of nobody: the ORM answers it without a statement
        return _NOT_KEPT
    if list(params).count(_ID_MARK) != 1:  # a grant used the mark's value: do not guess
        return _NOT_KEPT
    names = [f"c{i}" for i in range(len(columns))]  # the joined tables repeat "id"
    sql = (
        f"WITH shown({', '.join(names)}) AS ({sql}),"
        f" logged AS ({member_read_insert(source='shown', member_id='shown.c0')})"
        " SELECT * FROM shown"
    )
    return DoorSelect(
        sql=sql, params=tuple(params), id_at=params.index(_ID_MARK), model=scope.model
    )


def _instances(model, row):
    """The member with its care manager and CBO set (None when not assigned), as
    select_related would give them."""
    width = width_of(model)
    member = from_row(model, row[:width])
    start = width
    for relation in _RELATED:
        field = model._meta.get_field(relation)
        related = field.related_model
        end = start + width_of(related)
        has_one = getattr(member, field.attname) is not None
        setattr(member, relation, from_row(related, row[start:end]) if has_one else None)
        start = end
    return member
