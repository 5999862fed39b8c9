"""Work lists: a care manager's open items and the team overdue table.

The open items come from the sources apps register in members.extensions.task_sources (open
care-plan tasks, running clocks, and whatever a new app adds). Both lists are reads scoped by
the access layer (the task list through worklists/access.py), so a supervisor sees a care
manager's items only for members on their team, and both cost a fixed number of queries
whatever the caseload: the task list is one UNION ALL of the sources (a COUNT and a page), the
team table one query with a correlated count per column.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, gettext

from accounts.access import Capability, may
from accounts.models import User
from careplans.clocks.selectors import current_settings
from careplans.models import (
    TASK_ITEM_KIND,
    CarePlanStatus,
    CarePlanTask,
    ClockState,
    MemberClock,
    TaskSnooze,
    TaskStatus,
)
from core.compiled_rows import CompiledRows
from core.kept_per_key import KeptPerKey
from members import extensions
from members.selectors import assignable_care_manager, assignable_care_managers

from . import access

ITEM_SORTS = {
    "due": ("i_due", "i_kind", "i_id"),
    "-due": ("-i_due", "i_kind", "i_id"),
    "member": ("i_last", "i_first", "i_member", "i_due"),
    "kind": ("i_kind", "i_due", "i_id"),
}


def task_kinds() -> list[tuple[str, str]]:
    """What a "My tasks" item can be, from every registered source: (value, label)."""
    return [
        (value, gettext(label))
        for source in extensions.task_sources
        for value, label in source.kinds()
    ]


def clocks_counted_in(team_column: str) -> list[str]:
    """The clocks whose overdue state the team table counts in this column."""
    return sorted({r.clock for r in extensions.clock_rules if r.team_column == team_column})


def items_owner(user, care_manager_id: int | None) -> User | None:
    """Whose items the user may list: their own, or (supervisors, admins) a team member's.

    None means "not yours to see" and the caller answers 404.
    """
    if not may(user, Capability.DO_CARE_WORK):
        return None
    if care_manager_id is None or care_manager_id == user.pk:
        return user
    if not may(user, Capability.VIEW_TEAM_WORK):
        return None
    return assignable_care_manager(user, care_manager_id)


NEEDS_ACTION = "needs_action"  # the state filter for overdue or due soon

COLUMNS = (
    "i_kind", "i_id", "i_member", "i_last", "i_first", "i_what", "i_due", "i_state", "i_owner",
)  # fmt: skip


def active_snoozes(kind, item_id, today: datetime.date) -> QuerySet[TaskSnooze]:
    """The item's snoozes that still hide it: not yet at their day, not lifted."""
    return TaskSnooze.objects.filter(
        item_kind=kind, item_id=item_id, until__gt=today, lifted_at__isnull=True
    )


def snoozed(kind, item_id, today: datetime.date) -> Exists:
    """Whether a supervisor's snooze hides the item (kind and id: expressions or OuterRefs)."""
    return Exists(active_snoozes(kind, item_id, today))


def source_items(
    *,
    user,
    owner: User,
    today: datetime.date,
    kind: str = "",
    snoozed_only: bool = False,
    due_soon_days: int | None = None,
) -> list[QuerySet]:
    """Each source's open, not snoozed items of `owner`'s caseload within the reader's scope
    (`snoozed_only`: the snoozed ones instead)."""
    if due_soon_days is None:
        due_soon_days = current_settings()["due_soon"].days
    visible = access.items_scope(user)  # the reader's scope, once for every source
    parts = []
    for source in extensions.task_sources:
        items = source.items(visible, owner, today, due_soon_days)
        if "i_owner" not in items.query.annotations:  # a source that names no owner
            items = items.annotate(i_owner=Value("", output_field=CharField()))
        hidden = snoozed(OuterRef("i_kind"), OuterRef("i_id"), today)
        items = items.filter(hidden) if snoozed_only else items.exclude(hidden)
        if kind:
            items = items.filter(i_kind=kind)
        parts.append(items)
    return parts


def union_of(parts: list[QuerySet]) -> QuerySet:
    values = [items.order_by().values(*COLUMNS) for items in parts]  # no sort inside the union
    return values[0].union(*values[1:], all=True)


# The task list's union compiled per reader, owner, kind, day and due-soon setting: the
# statement's text and parameters, nothing read from a member (core/compiled_rows.py).
_compiled_unions: KeptPerKey[CompiledRows] = KeptPerKey(limit=512)


def task_items(
    *, user, owner: User, kind: str = "", today: datetime.date | None = None
) -> CompiledRows:
    """Every registered source's open, not snoozed items of `owner`'s caseload within the
    reader's scope, as one UNION ALL compiled once: the list and its pre-go-live group are
    narrowings of it (`open_of`, `pre_go_live_of`), each counted and paged in one statement.

    Building and compiling the union cost the page more than running it (issue 14), and the
    statement is the same for the same reader, owner, kind, day and due-soon setting (the
    sources and the scope leave everything else to SQL), so it is compiled once per process
    for each of those."""
    today = today or timezone.localdate()
    due_soon_days = current_settings()["due_soon"].days
    # and what else the ORM compiles in: the registered sources, the time zone, the language
    key = (access.items_scope_signature(user), owner.pk, kind, today, due_soon_days,
           tuple(extensions.task_sources), timezone.get_current_timezone_name(),
           get_language())  # fmt: skip
    compiled = _compiled_unions.get(
        key,
        lambda: CompiledRows.of(
            union_of(
                source_items(
                    user=user, owner=owner, today=today, kind=kind, due_soon_days=due_soon_days
                )
            ),
            COLUMNS,
        ),
    )
    return CompiledRows(sql=compiled.sql, params=compiled.params, columns=COLUMNS)  # unfetched


def open_of(items: CompiledRows, *, state: str = "", sort: str = "due") -> CompiledRows:
    """The items to act on, sortable: `state` "needs_action" is overdue or due soon. Clocks
    with no record before go-live (careplans/clocks/history.py) are left out unless asked for by
    their state: `pre_go_live_of` lists them apart."""
    if state == NEEDS_ACTION:
        items = items.filter('"i_state" IN (%s, %s)', ClockState.OVERDUE, ClockState.DUE_SOON)
    elif state:
        items = items.filter('"i_state" = %s', state)
    else:
        items = items.filter('"i_state" <> %s', ClockState.NO_RECORD)
    return items.sorted_by(*ITEM_SORTS.get(sort, ITEM_SORTS["due"]))


def pre_go_live_of(items: CompiledRows) -> CompiledRows:
    """Clocks that fell due before go-live for members without imported history, by member."""
    return items.filter('"i_state" = %s', ClockState.NO_RECORD).sorted_by(*ITEM_SORTS["member"])


def open_items(
    *,
    user,
    owner: User,
    state: str = "",
    kind: str = "",
    sort: str = "due",
    today: datetime.date | None = None,
) -> CompiledRows:
    """The open items of `owner`'s caseload from every registered source, as one sortable list
    (snoozed items are left out until their day)."""
    return open_of(
        task_items(user=user, owner=owner, kind=kind, today=today), state=state, sort=sort
    )


SNOOZE_COLUMNS = ("s_until", "s_reason", "s_by_first", "s_by_last")


def snoozed_items(
    *, user, owner: User, today: datetime.date | None = None, only: Q | None = None
) -> QuerySet:
    """The items of `owner`'s list a snooze hides now (`only`: those of them it names), soonest
    back first, each with its latest snooze's day, reason and supervisor: what a supervisor may
    show again."""
    today = today or timezone.localdate()
    latest = active_snoozes(OuterRef("i_kind"), OuterRef("i_id"), today).order_by(
        "-snoozed_at", "-id"
    )
    parts = [
        items.annotate(
            s_until=Subquery(latest.values("until")[:1]),
            s_reason=Subquery(latest.values("reason")[:1]),
            s_by_first=Subquery(latest.values("snoozed_by__first_name")[:1]),
            s_by_last=Subquery(latest.values("snoozed_by__last_name")[:1]),
        ).values(*COLUMNS, *SNOOZE_COLUMNS)
        for items in source_items(user=user, owner=owner, today=today, snoozed_only=True)
    ]
    if only is not None:
        parts = [items.filter(only) for items in parts]
    return parts[0].union(*parts[1:], all=True).order_by("s_until", "i_last", "i_first", "i_id")


@dataclass(frozen=True)
class SnoozedItem:
    item: "OpenItem"
    until: datetime.date
    reason: str
    by: str


def describe_snoozed(rows) -> list[SnoozedItem]:
    items = describe_items(rows)
    return [
        SnoozedItem(
            item=item,
            until=row["s_until"],
            reason=row["s_reason"],
            by=f"{row['s_by_first']} {row['s_by_last']}".strip(),
        )
        for item, row in zip(items, rows, strict=True)
    ]


@dataclass(frozen=True)
class OpenItem:
    kind: str
    kind_label: str
    item_id: int
    member_id: int
    member_name: str
    what: str
    due_on: datetime.date
    state: str
    state_label: str
    owner: str

    @property
    def key(self) -> str:
        """How a bulk action names the item: "<kind>:<id>"."""
        return f"{self.kind}:{self.item_id}"


def describe_items(rows) -> list[OpenItem]:
    """Each row as an OpenItem, its labels translated once per kind and state, not per row."""
    kind_labels = dict(task_kinds())
    state_labels = {value: str(label) for value, label in ClockState.choices}
    return [
        OpenItem(
            kind=row["i_kind"],
            kind_label=kind_labels.get(row["i_kind"], row["i_kind"]),
            item_id=row["i_id"],
            member_id=row["i_member"],
            member_name=f"{row['i_last']}, {row['i_first']}",
            what=row["i_what"],
            due_on=row["i_due"],
            state=row["i_state"],
            state_label=state_labels[row["i_state"]],
            owner=(row.get("i_owner") or "").strip(),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class MemberGroup:
    member_id: int
    member_name: str
    items: list[OpenItem]


def group_by_member(items: list[OpenItem]) -> list[MemberGroup]:
    """Consecutive items of one member together (the list sorted by member)."""
    return [
        MemberGroup(member_id, group[0].member_name, group)
        for member_id, group in (
            (member_id, list(grouped))
            for member_id, grouped in itertools.groupby(items, key=lambda i: i.member_id)
        )
    ]


def _count(queryset: QuerySet, member_path: str) -> Coalesce:
    counted = (
        queryset.filter(**{member_path: OuterRef("pk")})
        .order_by()
        .values(member_path)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def team_overdue(user, *, today: datetime.date | None = None) -> QuerySet[User]:
    """Per care manager on the user's team (plan admin: all), overdue and due-soon counts.

    One query: a correlated count per column. Overdue tasks are open tasks of active plans of
    the care manager's members past their due date; due soon follows the due-soon setting.
    """
    if not may(user, Capability.VIEW_TEAM_WORK):
        return User.objects.none()
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=current_settings()["due_soon"].days)
    # Snoozed items are not counted; clocks with no record before go-live are not overdue.
    clocks = MemberClock.objects.exclude(snoozed(OuterRef("clock"), OuterRef("pk"), today))
    assessment_clocks = clocks_counted_in("assessments")
    care_plan_clocks = clocks_counted_in("care_plans")
    tasks = CarePlanTask.objects.filter(
        status=TaskStatus.OPEN, plan__status=CarePlanStatus.ACTIVE
    ).exclude(snoozed(Value(TASK_ITEM_KIND), OuterRef("pk"), today))
    return assignable_care_managers(user).annotate(
        overdue_assessments=_count(
            clocks.filter(state=ClockState.OVERDUE, clock__in=assessment_clocks),
            "member__care_manager",
        ),
        overdue_care_plans=_count(
            clocks.filter(state=ClockState.OVERDUE, clock__in=care_plan_clocks),
            "member__care_manager",
        ),
        overdue_other_clocks=_count(
            clocks.filter(state=ClockState.OVERDUE).exclude(
                clock__in=assessment_clocks + care_plan_clocks
            ),
            "member__care_manager",
        ),
        overdue_tasks=_count(tasks.filter(due_on__lt=today), "plan__member__care_manager"),
        due_soon_clocks=_count(clocks.filter(state=ClockState.DUE_SOON), "member__care_manager"),
        due_soon_tasks=_count(
            tasks.filter(due_on__gte=today, due_on__lte=soon), "plan__member__care_manager"
        ),
    )
