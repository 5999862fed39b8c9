"""Work lists: a care manager's open items (tasks and running clocks) and the team overdue table.

Both are reads scoped by the access layer's members_visible_to(user), so a supervisor sees a
care manager's items only for members on their team, and both cost a fixed number of queries
whatever the caseload: the task list is one UNION ALL of open care-plan tasks and running clocks
(a COUNT and a page), the team table one query with a correlated count per column.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import Capability, may, members_visible_to
from accounts.models import User
from members.selectors import assignable_care_manager, assignable_care_managers

from .clock_rules import state_expression
from .clocks import current_settings
from .models import CarePlanStatus, CarePlanTask, Clock, ClockState, MemberClock, TaskStatus

ASSESSMENT_CLOCKS = (Clock.INITIAL_HRA, Clock.REASSESSMENT)
CARE_PLAN_CLOCKS = (Clock.CARE_PLAN, Clock.CARE_PLAN_REVIEW)
ITEM_SORTS = {
    "due": ("i_due", "i_kind", "i_id"),
    "-due": ("-i_due", "i_kind", "i_id"),
    "member": ("i_last", "i_first", "i_member", "i_due"),
    "kind": ("i_kind", "i_due", "i_id"),
}
TASK_KINDS = [("task", "Care plan task"), *Clock.choices]  # what a "My tasks" item can be
KIND_LABELS = dict(TASK_KINDS)


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


def _open_tasks(user, owner: User, today: datetime.date, due_soon_days: int) -> QuerySet:
    return (
        CarePlanTask.objects.filter(
            status=TaskStatus.OPEN,
            plan__status=CarePlanStatus.ACTIVE,
            plan__member__in=members_visible_to(user),
        )
        .filter(plan__member__care_manager=owner)
        .annotate(
            i_kind=Value("task", output_field=CharField()),
            i_id=F("id"),
            i_member=F("plan__member_id"),
            i_last=F("plan__member__last_name"),
            i_first=F("plan__member__first_name"),
            i_what=F("description"),
            i_due=F("due_on"),
            i_state=state_expression("due_on", today=today, due_soon_days=due_soon_days),
        )
    )


def _running_clocks(user, owner: User) -> QuerySet:
    return MemberClock.objects.filter(
        member__in=members_visible_to(user), member__care_manager=owner
    ).annotate(
        i_kind=F("clock"),
        i_id=F("id"),
        i_member=F("member_id"),
        i_last=F("member__last_name"),
        i_first=F("member__first_name"),
        i_what=F("basis"),
        i_due=F("due_on"),
        i_state=F("state"),
    )


COLUMNS = ("i_kind", "i_id", "i_member", "i_last", "i_first", "i_what", "i_due", "i_state")


def open_items(
    *,
    user,
    owner: User,
    state: str = "",
    kind: str = "",
    sort: str = "due",
    today: datetime.date | None = None,
) -> QuerySet:
    """Open care-plan tasks and running clocks of `owner`'s caseload, as one sortable list."""
    today = today or timezone.localdate()
    due_soon_days = current_settings()["due_soon"].days
    tasks = _open_tasks(user, owner, today, due_soon_days)
    clocks = _running_clocks(user, owner)
    if state:
        tasks = tasks.filter(i_state=state)
        clocks = clocks.filter(state=state)
    if kind == "task":
        clocks = clocks.none()
    elif kind:
        tasks = tasks.none()
        clocks = clocks.filter(clock=kind)
    combined = tasks.values(*COLUMNS).union(clocks.values(*COLUMNS), all=True)
    return combined.order_by(*ITEM_SORTS.get(sort, ITEM_SORTS["due"]))


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


def describe_items(rows) -> list[OpenItem]:
    return [
        OpenItem(
            kind=row["i_kind"],
            kind_label=KIND_LABELS.get(row["i_kind"], row["i_kind"]),
            item_id=row["i_id"],
            member_id=row["i_member"],
            member_name=f"{row['i_last']}, {row['i_first']}",
            what=row["i_what"],
            due_on=row["i_due"],
            state=row["i_state"],
            state_label=ClockState(row["i_state"]).label,
        )
        for row in rows
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
    clocks = MemberClock.objects.all()
    tasks = CarePlanTask.objects.filter(status=TaskStatus.OPEN, plan__status=CarePlanStatus.ACTIVE)
    return assignable_care_managers(user).annotate(
        overdue_assessments=_count(
            clocks.filter(state=ClockState.OVERDUE, clock__in=ASSESSMENT_CLOCKS),
            "member__care_manager",
        ),
        overdue_care_plans=_count(
            clocks.filter(state=ClockState.OVERDUE, clock__in=CARE_PLAN_CLOCKS),
            "member__care_manager",
        ),
        overdue_other_clocks=_count(
            clocks.filter(state=ClockState.OVERDUE).exclude(
                clock__in=ASSESSMENT_CLOCKS + CARE_PLAN_CLOCKS
            ),
            "member__care_manager",
        ),
        overdue_tasks=_count(tasks.filter(due_on__lt=today), "plan__member__care_manager"),
        due_soon_clocks=_count(clocks.filter(state=ClockState.DUE_SOON), "member__care_manager"),
        due_soon_tasks=_count(
            tasks.filter(due_on__gte=today, due_on__lte=soon), "plan__member__care_manager"
        ),
    )
