"""Reads for member screens, the API and jobs. All start from a scope of the app's access module
(members/access.py)."""

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet, Window

from accounts.access import Capability, may
from accounts.models import User
from accounts.roles import Role
from core.prepared import prepared_cursor

from . import access
from .filters import MemberFilter
from .models import Member
from .timeline import reader_params

PAGE_SIZE = 25
LIST_FIELDS = (
    "id",
    "cin",
    "last_name",
    "first_name",
    "date_of_birth",
    "county",
    "program",
    "plan_product",
    "enrollment_start",
    "enrollment_end",
    "preferred_language",
    "clock_state",
    "next_due_on",
    "next_due_label",
    "risk_tier",
    "risk_score",
    "risk_rising",
    "care_manager__id",
    "care_manager__first_name",
    "care_manager__last_name",
    "care_manager__username",
)


def members_for_list(user) -> QuerySet[Member]:
    """Every member the user may see (the access layer's scope): the member list and its API."""
    return access.list_scope(user)


def caseload_for(user) -> QuerySet[Member]:
    """The members assigned to this care manager (and visible to them)."""
    return access.caseload_scope(user)


def filtered_members(
    *, base: QuerySet[Member], data, care_managers=(), show_risk: bool = True
) -> MemberFilter:
    """Apply the caseload filters to `base`; the filter's form carries any field errors.
    `show_risk` False leaves out the risk filter and sort (for readers who may not see risk)."""
    return MemberFilter(
        data=data or None,
        queryset=base.select_related("care_manager").only(*LIST_FIELDS),
        care_managers=care_managers,
        show_risk=show_risk,
    )


class MemberRow:
    """A member as a list page shows them (members/templatetags/member_rows.py), read as plain
    values: building 25 deferred Member and User instances, and the query that selects them,
    cost more than the rest of the page's reads."""

    # LIST_FIELDS without the two the rows do not show; the care manager's three names stay last
    FIELDS = tuple(f for f in LIST_FIELDS if f not in ("preferred_language", "care_manager__id"))
    __slots__ = (*FIELDS[:-3], "care_manager_name")

    def __init__(self, values: tuple):
        *own, first, last, username = values
        for name, value in zip(self.FIELDS[:-3], own, strict=True):
            setattr(self, name, value)
        # User.get_full_name() or the username; None when unassigned (no user joined)
        self.care_manager_name = None if username is None else _full_name(first, last) or username

    @property
    def pk(self) -> int:
        return self.id


def member_page(*, member_filter: MemberFilter, page_number, bounded: bool = False) -> Page:
    """One page of a filtered list as MemberRows: a COUNT and a SELECT whatever the caseload
    size, or the SELECT alone when the first page is not full (it is then the whole list: most
    searches), since the rows count themselves.

    `bounded` says the list is one care manager's caseload (a few hundred members at most): the
    SELECT then counts them too (`count(*) OVER ()`), one statement where there were two on
    the page care managers open most. Not for the plan-wide list: the window would make
    PostgreSQL sort every member where an index walk stops after a page."""
    members = member_filter.qs.values_list(*MemberRow.FIELDS)
    number = str(page_number)
    if bounded and number.isdigit() and int(number) > 0:
        page = _counted_page(members, int(number))
        if page is not None:
            return page
    paginator = Paginator(members, PAGE_SIZE)
    if number == "1":
        rows = list(members[:PAGE_SIZE])
        if len(rows) < PAGE_SIZE:
            paginator.count = len(rows)
        page = paginator.page(1)
    else:
        page = paginator.get_page(page_number)
        rows = page.object_list
    page.object_list = [MemberRow(values) for values in rows]
    return page


def _counted_page(members: QuerySet, number: int) -> Page | None:
    """Page `number` with the list's size read off its rows; None past the last page (the
    Paginator then picks the last page, as for any list)."""
    offset = (number - 1) * PAGE_SIZE
    counted = members.annotate(listed=Window(Count("pk")))[offset : offset + PAGE_SIZE]
    rows = list(counted)
    if not rows and number > 1:
        return None
    paginator = Paginator((), PAGE_SIZE)
    paginator.count = rows[0][-1] if rows else 0
    return Page([MemberRow(values[:-1]) for values in rows], number, paginator)


def section_counts(sections, member_id: int, *, reader) -> dict[str, str | None]:
    """Each counted section's label ("17", "2 overdue", None), by key, as `reader` sees the
    record: every section's count in one prepared statement, where each used to be a round trip
    of its own on every member page."""
    counted = [section for section in sections if section.count is not None]
    if not counted:
        return {}
    columns = ", ".join(f"({section.count.sql})" for section in counted)
    params = {"member_id": member_id, **reader_params(member_id, reader)}
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        numbers = cursor.fetchone()
    return {
        section.key: section.count.label(number)
        for section, number in zip(counted, numbers, strict=True)
    }


def plan_products(base: QuerySet[Member]) -> list[str]:
    return list(
        base.order_by().values_list("plan_product", flat=True).distinct().order_by("plan_product")
    )


def _full_name(first: str | None, last: str | None) -> str:
    """User.get_full_name() of a joined user's names ("" for none)."""
    return f"{first or ''} {last or ''}".strip()


# The ORM spent twice the query's own time building and compiling its three joins, on a page
# every care manager opens all day: the history is read in plain SQL.
ASSIGNMENT_HISTORY_SQL = """
    SELECT a.assigned_at, p.first_name, p.last_name, c.first_name, c.last_name,
           b.first_name, b.last_name, b.username
      FROM members_caremanagerassignment a
      LEFT JOIN accounts_user p ON p.id = a.previous_care_manager_id
      LEFT JOIN accounts_user c ON c.id = a.care_manager_id
      JOIN accounts_user b ON b.id = a.assigned_by_id
     WHERE a.member_id = %s
     ORDER BY a.assigned_at DESC, a.id DESC
     LIMIT %s"""


def assignment_history(member: Member, *, limit: int = 20) -> list[dict]:
    """The member's latest assignments, newest first, as the names the page shows ("" for
    nobody): one SELECT of those columns, not three whole users per row."""
    with connection.cursor() as cursor:
        cursor.execute(ASSIGNMENT_HISTORY_SQL, [member.pk, limit])
        rows = cursor.fetchall()
    return [
        {
            "assigned_at": assigned_at,
            "previous_care_manager": _full_name(previous_first, previous_last),
            "care_manager": _full_name(to_first, to_last),
            "assigned_by": _full_name(by_first, by_last) or by_username,
        }
        for (
            assigned_at,
            previous_first,
            previous_last,
            to_first,
            to_last,
            by_first,
            by_last,
            by_username,
        ) in rows
    ]


NOT_ON_TEAM = "That care manager is not on your team."


def assignable_care_managers(user) -> QuerySet[User]:
    """Care managers this user may give members to: a supervisor's team, or anyone for an admin."""
    care_managers = User.objects.filter(is_active=True, groups__name=Role.CARE_MANAGER)
    if not may(user, Capability.ASSIGN):
        return care_managers.none()
    if may(user, Capability.VIEW_ALL_MEMBERS):
        return care_managers.order_by("last_name", "first_name")
    return care_managers.filter(Q(supervisor=user) | Q(pk=user.pk)).order_by(
        "last_name", "first_name"
    )


def assignable_care_manager(user, care_manager_id) -> User | None:
    """The care manager with this id if `user` may give members (or work) to them, else None:
    a form, the API and the service all ask here and answer NOT_ON_TEAM when it is None."""
    if not str(care_manager_id).isdigit():
        return None
    return assignable_care_managers(user).filter(pk=care_manager_id).first()
