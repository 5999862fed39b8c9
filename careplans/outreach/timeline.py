"""A member's timeline: every recorded activity, the latest first, in one list.

Contacts and outreach attempts, assessments started and completed, care plan versions (the
django-reversion revisions of the member's plans) and program enrollment transitions are read
with one UNION ALL ordered and paginated in the database, so a page costs a COUNT and a SELECT
whatever the member's history. Events known only by their day (an assessment's completion) are
placed at the start of that day in the plan's time zone and shown as a date.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection

from careplans.models import AssessmentKind, ContactKind, ContactMode, ContactOutcome, ReachedParty
from eligibility.models import DisenrollmentReason, EnrollmentStatus
from members.models import Member

PAGE_SIZE = 20
_WHO = "NULLIF(trim(concat_ws(' ', u.first_name, u.last_name)), '')"
_ACTOR = f"COALESCE({_WHO}, u.username)"

_UNION = f"""
    SELECT 'contact' AS kind, c.occurred_at AS at, false AS date_only, c.id AS ref_id,
           jsonb_build_object('kind', c.kind, 'mode', c.mode, 'reached', c.reached,
                              'outcome', c.outcome, 'minutes', c.duration_minutes,
                              'note', c.note) AS data,
           {_ACTOR} AS actor
      FROM careplans_contact c LEFT JOIN accounts_user u ON u.id = c.recorded_by_id
     WHERE c.member_id = %(member_id)s
    UNION ALL
    SELECT 'assessment_started', a.started_at, false, a.id,
           jsonb_build_object('kind', qs.kind, 'title', qs.title, 'version', qs.version),
           {_ACTOR}
      FROM careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id
      LEFT JOIN accounts_user u ON u.id = a.started_by_id
     WHERE a.member_id = %(member_id)s
    UNION ALL
    SELECT 'assessment_completed', (a.completed_on::timestamp AT TIME ZONE %(tz)s), true, a.id,
           jsonb_build_object('kind', qs.kind, 'title', qs.title, 'version', qs.version),
           {_ACTOR}
      FROM careplans_assessment a JOIN careplans_questionset qs ON qs.id = a.question_set_id
      LEFT JOIN accounts_user u ON u.id = a.completed_by_id
     WHERE a.member_id = %(member_id)s AND a.status = 'completed' AND a.completed_on IS NOT NULL
    UNION ALL
    SELECT 'care_plan_version', r.date_created, false, p.id,
           jsonb_build_object('program', p.program, 'comment', r.comment),
           {_ACTOR}
      FROM careplans_careplan p
      JOIN django_content_type ct ON ct.app_label = 'careplans' AND ct.model = 'careplan'
      JOIN reversion_version v ON v.content_type_id = ct.id AND v.object_id = p.id::text
      JOIN reversion_revision r ON r.id = v.revision_id
      LEFT JOIN accounts_user u ON u.id = r.user_id
     WHERE p.member_id = %(member_id)s
    UNION ALL
    SELECT 'enrollment', t.changed_at, false, t.id,
           jsonb_build_object('program', pe.program, 'from', t.from_status, 'to', t.to_status,
                              'effective_on', t.effective_on, 'reason', t.reason,
                              'note', t.note),
           {_ACTOR}
      FROM eligibility_enrollmenttransition t
      JOIN eligibility_programenrollment pe ON pe.id = t.enrollment_id
      LEFT JOIN accounts_user u ON u.id = t.changed_by_id
     WHERE pe.member_id = %(member_id)s
"""


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    at: datetime.datetime
    date_only: bool
    title: str
    detail: str
    actor: str | None


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or ""


def _describe(kind: str, data: dict) -> tuple[str, str]:
    """The entry's title and detail, in care managers' words."""
    if kind == "contact":
        title = (
            f"{_label(ContactKind, data['kind'])} by {_label(ContactMode, data['mode']).lower()}"
        )
        parts = [
            f"Reached: {_label(ReachedParty, data['reached'])}",
            _label(ContactOutcome, data["outcome"]),
        ]
        if data.get("minutes"):
            parts.append(f"{data['minutes']} min")
        detail = " · ".join(parts) + (f" — {data['note']}" if data.get("note") else "")
        return title, detail
    if kind in ("assessment_started", "assessment_completed"):
        what = _label(AssessmentKind, data["kind"])
        verb = "started" if kind == "assessment_started" else "completed"
        return f"{what} {verb}", f"{data['title']} v{data['version']}"
    if kind == "care_plan_version":
        return f"{data['program']} care plan saved", data.get("comment") or ""
    if kind == "enrollment":
        title = f"{data['program']} enrollment: {_label(EnrollmentStatus, data['to'])}"
        parts = [f"effective {data['effective_on']}"]
        if data.get("from"):
            parts.insert(0, f"from {_label(EnrollmentStatus, data['from']).lower()}")
        if data.get("reason"):
            parts.append(_label(DisenrollmentReason, data["reason"]))
        if data.get("note"):
            parts.append(data["note"])
        return title, " · ".join(parts)
    return kind, ""


class _TimelineRows:
    """A sliceable, countable view of the UNION for Paginator: one query per count or slice."""

    def __init__(self, member_id: int):
        self.params = {"member_id": member_id, "tz": settings.TIME_ZONE}

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({_UNION}) t", self.params)
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[TimelineEntry]:
        start, stop = window.start or 0, window.stop
        sql = f"""SELECT kind, at, date_only, data, actor FROM ({_UNION}) t
                  ORDER BY at DESC, kind, ref_id DESC LIMIT %(limit)s OFFSET %(offset)s"""
        with connection.cursor() as cursor:
            cursor.execute(sql, {**self.params, "limit": stop - start, "offset": start})
            rows = cursor.fetchall()
        entries = []
        for kind, at, date_only, data, actor in rows:
            data = json.loads(data) if isinstance(data, str) else data
            title, detail = _describe(kind, data)
            entries.append(TimelineEntry(kind, at, date_only, title, detail, actor))
        return entries


def timeline_rows(member: Member) -> _TimelineRows:
    """The whole timeline, lazily: count() and slices, for a page and for the API's paginator."""
    return _TimelineRows(member.pk)


def member_timeline(member: Member, *, page_number=1, per_page: int = PAGE_SIZE) -> Page:
    """One page of the member's timeline, the latest activity first (two queries)."""
    return Paginator(_TimelineRows(member.pk), per_page).get_page(page_number)
