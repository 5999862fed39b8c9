"""A member's timeline: every recorded activity, the latest first, in one list.

The entries come from the sources apps register in members.extensions.timeline_sources
(contacts, assessments, care plan versions, enrollment transitions, and whatever a new app
adds). They are read with one UNION ALL ordered and paginated in the database, so a page costs a
COUNT and a SELECT whatever the member's history. Events known only by their day (an
assessment's completion) are placed at the start of that day in the plan's time zone and shown
as a date.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from accounts import access
from core.prepared import prepared_cursor

from . import extensions
from .models import Member

PAGE_SIZE = 20
_WHO = "NULLIF(trim(concat_ws(' ', u.first_name, u.last_name)), '')"
ACTOR = f"COALESCE({_WHO}, u.username)"  # a source's actor column, `u` being accounts_user


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    at: datetime.datetime
    date_only: bool
    title: str
    detail: str
    actor: str | None
    sud: bool = False  # the row is substance-use data (a source's `data` says "sud": true)


def choice_label(choices, value) -> str:
    """The label of a stored choice, or the value itself when the choice no longer exists."""
    try:
        return str(choices(value).label)  # in the reader's language
    except ValueError:
        return value or ""


def _union(reader=None) -> tuple[str, dict, dict]:
    """The sources `reader` may see (a source naming a data category they may not see is left
    out), as one UNION ALL."""
    sources = [
        source
        for source in extensions.timeline_sources
        if reader is None or source.category is None or access.may_see(reader, source.category)
    ]
    describers = {}
    parts = []
    for source in sources:
        parts.append(
            f"SELECT kind, at, date_only, ref_id, data, actor, %(source_{source.key})s"
            f" AS source FROM ({source.sql}) AS s{len(parts)}"
        )
        describers[source.key] = source.describe
    params = {f"source_{source.key}": source.key for source in sources}
    return "\nUNION ALL\n".join(parts) or _EMPTY, params, describers


_EMPTY = (
    "SELECT NULL::text AS kind, NULL::timestamptz AS at, false AS date_only, 0 AS ref_id,"
    " NULL::jsonb AS data, NULL::text AS actor, NULL::text AS source WHERE false"
)


class _TimelineRows:
    """A sliceable, countable view of the UNION for Paginator. With `expected`, the page the
    caller will ask for, counting fetches that page in the same statement (one query a page)."""

    def __init__(self, member_id: int, reader=None, expected: tuple[int, int] | None = None):
        self.union, source_params, self.describers = _union(reader)
        self.params = {
            "member_id": member_id,
            "tz": settings.TIME_ZONE,
            **reader_params(member_id, reader),
            **source_params,
        }
        self.expected = expected
        self._fetched: dict[tuple[int, int], list[TimelineEntry]] = {}

    def count(self) -> int:
        if self.expected is not None:
            start, size = self.expected
            rows = self._select(start, size, counted=True)
            self._fetched[self.expected] = self._entries(rows)
            if rows or start == 0:
                return rows[0][-1] if rows else 0
        with prepared_cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({self.union}) t", self.params)
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[TimelineEntry]:
        start, stop = window.start or 0, window.stop
        for (first, size), entries in self._fetched.items():
            if first <= start and stop <= first + size:  # a short last page of the expected one
                return entries[start - first : stop - first]
        return self._entries(self._select(start, stop - start))

    def _select(self, start: int, size: int, *, counted: bool = False) -> list[tuple]:
        total = ", count(*) OVER ()" if counted else ""
        sql = f"""SELECT kind, at, date_only, data, actor, source{total} FROM ({self.union}) t
                  ORDER BY at DESC, kind, ref_id DESC LIMIT %(limit)s OFFSET %(offset)s"""
        with prepared_cursor() as cursor:  # planning the union cost more than running it
            cursor.execute(sql, {**self.params, "limit": size, "offset": start})
            return cursor.fetchall()

    def _entries(self, rows) -> list[TimelineEntry]:
        entries = []
        for kind, at, date_only, data, actor, source, *_ in rows:
            data = json.loads(data) if isinstance(data, str) else data
            title, detail = self.describers[source](kind, data)
            sud = bool((data or {}).get("sud"))
            entries.append(TimelineEntry(kind, at, date_only, title, detail, actor, sud))
        return entries


def reader_params(member_id: int, reader) -> dict:
    """What a source's SQL may filter on for the reader: `%(partner_org)s`, the CBO a partner
    reads for (NULL for plan staff: they see everything), and `%(sud_ok)s`, whether they may
    see the member's substance-use records (42 CFR Part 2)."""
    if reader is None or not access.is_partner(reader):
        return {"partner_org": None, "sud_ok": True}
    return {
        "partner_org": reader.organization_id or 0,
        "sud_ok": access.may_see_sud(reader, member_id),
    }


def timeline_rows(member: Member, *, reader=None) -> _TimelineRows:
    """The whole timeline as `reader` may see it, lazily: count() and slices, for a page and for
    the API's paginator."""
    return _TimelineRows(member.pk, reader)


def member_timeline(
    member: Member, *, page_number=1, per_page: int = PAGE_SIZE, reader=None
) -> Page:
    """One page of the member's timeline as `reader` may see it, the latest activity first
    (one query: the count comes with the page)."""
    number = str(page_number)
    expected = (
        ((int(number) - 1) * per_page, per_page) if number.isdigit() and int(number) else None
    )
    rows = _TimelineRows(member.pk, reader, expected)
    return Paginator(rows, per_page).get_page(page_number)
