"""Extension points onto a member's record: what other apps add to it without being listed here.

Four registries, each filled by the contributing app from its own `AppConfig.ready()` and read
by the app that shows them, so the showing app never names its contributors (style.md,
"Extension points"):

- `member_sections`: the sections of the member page, loaded with htmx (members/views.py);
- `timeline_sources`: entries of the member's timeline, one SQL SELECT each, merged in one
  UNION ALL ordered and paged in the database (members/timeline.py);
- `clock_rules` and `clock_settings`: due-date clocks, one SQL rule each, recomputed set-based
  (careplans/clocks);
- `task_sources`: items of "My tasks", one annotated queryset each, merged in one UNION ALL
  (careplans/worklists);
- `member_list_filters`: filters of the caseload, the member list and /api/members/ about data
  another app keeps (eligibility's population and status), members/filters.py.

Registration is idempotent by key, so a module imported twice (tests, autoreload) does not add
an entry twice, and a registry lists its entries in the order the contributors asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import QuerySet

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Entries keyed by `key`, listed by (`order`, registration order)."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, Entry] = {}

    def register(self, entry: Entry) -> Entry:
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    def __iter__(self) -> Iterator[Entry]:
        entries = list(self._entries.values())
        return iter(sorted(entries, key=lambda e: getattr(e, "order", 0)))

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class SectionCount:
    """A short count beside a section's title in the member page's navigation ("17",
    "2 overdue"). `sql` is one scalar SQL expression of `%(member_id)s`; the page runs every
    section's expression in one statement. It may use the reader's `%(partner_org)s` and
    `%(sud_ok)s` as a TimelineSource does, so a count never counts what the reader cannot
    open. `label` shows the number (None shows nothing)."""

    sql: str
    label: Callable[[int], str | None] = str


@dataclass(frozen=True)
class MemberSection:
    """A card of the member page, fetched with htmx from `url_name` (which takes the member id).

    The view behind `url_name` answers the section alone to htmx and a page of its own
    otherwise, scopes the member and writes the access log like every door onto the record.
    """

    key: str  # the section's element id is "member-<key>"
    title: str
    url_name: str
    order: int
    heading_id: str
    loading: str  # shown until the section arrives, with a link to open it on its own
    shown_to: Callable[..., bool] | None = None  # who gets the card at all (None: all who
    # may see the member); its view must refuse the others too
    count: SectionCount | None = None  # a short count for the page's section navigation


def sections_for(user) -> list[MemberSection]:
    """The member page's sections this user is shown, in order."""
    return [s for s in member_sections if s.shown_to is None or s.shown_to(user)]


@dataclass(frozen=True)
class TimelineSource:
    """Rows of the member's timeline: `sql` selects (kind, at, date_only, ref_id, data, actor)
    for `%(member_id)s` (`%(tz)s` is the plan's time zone; `data` is jsonb, `actor` the user's
    name or NULL), and `describe(kind, data)` words a row as (title, detail).

    `category` (an accounts.access.DataCategory) leaves the source out for readers who may not
    see that part of the record (CBO partners: assessments, enrollment, plan versions). The SQL
    may also use `%(partner_org)s` (the CBO a partner reads for, NULL for plan staff) and
    `%(sud_ok)s` (may the reader see SUD records) to leave rows out (members/timeline.py); a
    row whose `data` has "sud": true is substance-use data (42 CFR Part 2)."""

    key: str
    sql: str
    describe: Callable[[str, dict], tuple[str, str]]
    order: int = 0
    category: str | None = None


@dataclass(frozen=True)
class ClockSettingSpec:
    """A number of days a clock counts, with its default, whether plan admins may change it,
    and where the number comes from."""

    key: str
    label: str
    default_days: int
    configurable: bool
    source: str
    order: int = 0


@dataclass(frozen=True)
class ClockRule:
    """One way a due-date clock starts: `sql` is a SELECT of (member_id, started_on, started_by)
    for the members in `{scope}` (a filter on `m.id`), with `%(today)s` the plan's day and
    `%(tz)s` its time zone. The clock is due `setting` days after `started_on`; a clock with
    several rules is due on the earliest. `team_column` says which overdue column of the
    supervisors' team table counts it ("assessments", "care_plans" or "other"). A rule with
    `business_days` counts its setting in business days (core.business_days: weekends and
    California's state holidays skipped)."""

    key: str  # unique per rule: "<clock>" or "<clock>:<variant>"
    clock: str
    label: str
    setting: str
    sql: str
    doc: str
    team_column: str = "other"
    order: int = 0
    business_days: bool = False


@dataclass(frozen=True)
class TaskSource:
    """Items of a care manager's "My tasks": `items(members, owner, today, due_soon_days)`
    returns a queryset annotated with the columns of careplans.worklists.selectors.COLUMNS for
    `owner`'s members among `members` (the reader's scope, from the access layer: a source
    never scopes by itself), and `kinds()` the (value, label) pairs it can yield (the list's
    "kind" filter)."""

    key: str
    items: Callable[..., QuerySet]
    kinds: Callable[[], list[tuple[str, str]]]
    order: int = 0


@dataclass(frozen=True)
class MemberListFilter:
    """A choice filter of the member lists: `choices()` gives the (value, label) pairs and
    `apply(queryset, value)` filters members by a subquery (no extra query per page)."""

    key: str  # the form field and API parameter
    label: str
    empty: str  # the option that does not filter, e.g. "Any"
    choices: Callable[[], list[tuple[str, str]]]
    apply: Callable[[QuerySet, str], QuerySet]
    order: int = 0


member_sections: Registry[MemberSection] = Registry("member sections")
timeline_sources: Registry[TimelineSource] = Registry("timeline sources")
clock_settings: Registry[ClockSettingSpec] = Registry("clock settings")
clock_rules: Registry[ClockRule] = Registry("clock rules")
task_sources: Registry[TaskSource] = Registry("task-list sources")
member_list_filters: Registry[MemberListFilter] = Registry("member list filters")


_REGISTRY_OF: dict[type, Registry] = {
    MemberSection: member_sections,
    TimelineSource: timeline_sources,
    ClockSettingSpec: clock_settings,
    ClockRule: clock_rules,
    TaskSource: task_sources,
    MemberListFilter: member_list_filters,
}


def contribute(*entries) -> None:
    """Register each entry in the registry of its kind: what an app's ready() calls."""
    for entry in entries:
        _REGISTRY_OF[type(entry)].register(entry)


def clock_labels() -> dict[str, str]:
    """Every registered clock's label by clock key (several rules may share a clock)."""
    return {rule.clock: rule.label for rule in clock_rules}


def clock_label(clock: str) -> str:
    return clock_labels().get(clock, clock)
